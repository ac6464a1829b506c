using ModelGen;

namespace FashionCnn;

/// <summary>The seeds' image model: two convolution and pooling stages, a hidden Dense layer, one sigmoid output.</summary>
[Input(28, 28, 1)]
[Conv2D(32, 3, activation: Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(64, 3, activation: Activation.Relu)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class TShirtNet
{
}
