namespace ModelGen.Tests.Numerics;

// The models of Reference/make_torch_references.py, layer for layer; TorchReferenceTests finds each by its name.

[Input(6, 6, 2)] [Conv2D(3, 3, activation: Activation.Relu)] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class ConvValid { }

[Input(7, 7, 1)] [Conv2D(2, 3, stride: 2)] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class ConvValidStride2 { }

[Input(5, 5, 1)] [Conv2D(2, 3, padding: Padding.Same)] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class ConvSameOdd { }

[Input(7, 7, 2)] [Conv2D(2, 4, stride: 2, padding: Padding.Same, activation: Activation.Tanh)] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class ConvSameStride2Even { }

[Input(4, 4, 2)] [MaxPool2D(2)] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class MaxPoolTies { }

[Input(5, 5, 1)] [MaxPool2D(3, 2)] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class MaxPoolOverlapping { }

[Input(4, 6, 2)] [AvgPool2D(2)] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class AvgPool { }

[Input(5)] [Dense(4, Activation.Relu)] [BatchNorm] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class BatchNormDense { }

[Input(4, 4, 2)] [Conv2D(3, 3, padding: Padding.Same)] [BatchNorm] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class BatchNormConv { }

[Input(6, 6, 8)] [Conv2D(10, 3, activation: Activation.Relu)] [MaxPool2D(2)] [Conv2D(9, 2, padding: Padding.Same, activation: Activation.Tanh)]
[Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class ConvChannelLast { }

[Input(7, 7, 2)] [Conv2D(4, 3, activation: Activation.Relu)] [MaxPool2D(2)] [Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class ConvPoolDropsRow { }

[Input(6)] [Dense(8, Activation.Relu)] [Dropout(0.4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class DropoutDense { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.05, Epsilon = 1e-3)]
public partial class AdamKeras { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.05, Epsilon = 1e-3, Convention = OptimizerConvention.PyTorch)]
public partial class AdamPyTorch { }

/// <summary>PyTorch's convention with ε left at its default: PyTorch's 1e-8, not Keras's 1e-7.</summary>
[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.05, Convention = OptimizerConvention.PyTorch)]
public partial class AdamPyTorchDefaults { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.AdamW, LearningRate = 0.05, Epsilon = 1e-3, WeightDecay = 0.1)]
public partial class AdamWKeras { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.AdamW, LearningRate = 0.05, Epsilon = 1e-3, WeightDecay = 0.1, Convention = OptimizerConvention.PyTorch)]
public partial class AdamWPyTorch { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.RmsProp, LearningRate = 0.01, Rho = 0.9, Epsilon = 1e-3)]
public partial class RmsPropKeras { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.RmsProp, LearningRate = 0.01, Rho = 0.9, Epsilon = 1e-3, Convention = OptimizerConvention.PyTorch)]
public partial class RmsPropPyTorch { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.RmsProp, LearningRate = 0.01, Rho = 0.9, Epsilon = 1e-3, Momentum = 0.5, Centered = true)]
public partial class RmsPropCenteredMomentumKeras { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.RmsProp, LearningRate = 0.01, Rho = 0.9, Epsilon = 1e-3, Momentum = 0.5, Centered = true, Convention = OptimizerConvention.PyTorch)]
public partial class RmsPropCenteredMomentumPyTorch { }

[Input(4)] [Dense(3, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1, Momentum = 0.9, Nesterov = true)]
public partial class SgdNesterov { }
