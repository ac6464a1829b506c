using ModelGen;

namespace DigitFive;

/// <summary>The "5 detector": one hidden layer over the 64 pixels of an 8×8 digit.</summary>
[Input(64)]
[Dense(32, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-2)]
public partial class FiveNet
{
}

/// <summary>Logistic regression on the pixels, the linear model the network is compared with.</summary>
[Input(64)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-2)]
public partial class FiveLogistic
{
}
