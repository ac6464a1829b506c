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

/// <summary>
/// The "5 detector" as an image model: the 64 pixels as one 8×8 channel, a Same convolution, pooling, a Valid
/// convolution, dropout, and the sigmoid output.
/// </summary>
[Input(8, 8, 1)]
[Conv2D(16, 3, padding: Padding.Same, activation: Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(32, 3, activation: Activation.Relu)]
[Flatten]
[Dropout(0.25)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 3e-3)]
public partial class FiveCnn
{
}

/// <summary>A random forest on the pixels, compared with the networks on the same folds.</summary>
[Input(64)]
[RandomForest(Trees = 100)]
public partial class FiveForest
{
}

/// <summary>Gradient-boosted trees on the pixels (XGBoost's defaults but for depth 4).</summary>
[Input(64)]
[GradientBoostedTrees(Trees = 100, MaxDepth = 4)]
public partial class FiveBoost
{
}

/// <summary>A kernel SVM on the pixels (scikit-learn's SVC defaults), compared with the networks on the same folds.</summary>
[Input(64)]
[Svm(Kernel = SvmKernel.Rbf, C = 1)]
public partial class FiveSvm
{
}

/// <summary>FiveNet's architecture trained full batch by L-BFGS (each epoch an iteration), as scikit-learn recommends for small data.</summary>
[Input(64)]
[Dense(32, Activation.Relu, L2 = 1e-4)]
[Dense(1, Activation.Sigmoid, L2 = 1e-4)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Lbfgs)]
public partial class FiveLbfgsNet
{
}
