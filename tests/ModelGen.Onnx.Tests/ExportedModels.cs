using ModelGen;

namespace ModelGen.Onnx.Tests;

// Networks covering every layer kind, activation and option the exporter maps.

[Input(30)]
[Dense(16, Activation.Relu)]
[Dense(8, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class CancerMlp { }

[Input(12)]
[Dense(10, Activation.LeakyRelu, NegativeSlope = 0.2, UseBias = false)]
[Dense(6, Activation.Tanh)]
[Dense(2, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class SoftmaxHead { }

[Input(20)]
[Dense(8)]
[BatchNorm(Epsilon = 0.01)]
[Dropout(0.5)]
[Dense(1, Activation.Linear)]
[Loss(LossKind.Hinge)]
public partial class NormalizedMargin { }

/// <summary>Two channels; Same padding with stride 2 (an odd total: the extra zero row at the bottom); every pooling kind.</summary>
[Input(14, 14, 2)]
[Conv2D(4, 3, stride: 2, padding: Padding.Same, activation: Activation.Relu)]
[BatchNorm]
[Conv2D(6, 2, padding: Padding.Same, activation: Activation.LeakyRelu, UseBias = false)]
[MaxPool2D(2)]
[Conv2D(5, 2, activation: Activation.Tanh)]
[AvgPool2D(2, stride: 1)]
[Flatten]
[Dropout(0.25)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class EveryLayerCnn { }

[Input(28, 28, 1)]
[Conv2D(32, 3, activation: Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(64, 3, activation: Activation.Relu)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class SeedCnn { }
