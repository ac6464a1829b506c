using ModelGen;

namespace ModelGen.Benchmarks;

[Input(30)]
[Dense(16, Activation.Relu)]
[Dense(8, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class Cancer30 { }

[Input(784)]
[Dense(128, Activation.Relu)]
[Dense(64, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class Fashion784 { }

// Single layers on both sides of DenseLayer.UnrollBelowInputs (rows shorter than one Vector256 are unrolled).
[Input(6)] [Dense(6, Activation.Relu)] [Loss(LossKind.MeanSquaredError)] public partial class Unrolled6x6 { }
[Input(4)] [Dense(16, Activation.Relu)] [Loss(LossKind.MeanSquaredError)] public partial class Unrolled4x16 { }
[Input(8)] [Dense(1, Activation.Relu)] [Loss(LossKind.MeanSquaredError)] public partial class Looped8x1 { }
[Input(16)] [Dense(16, Activation.Relu)] [Loss(LossKind.MeanSquaredError)] public partial class Looped16x16 { }
[Input(32)] [Dense(32, Activation.Relu)] [Loss(LossKind.MeanSquaredError)] public partial class Looped32x32 { }

// The seeds' image model (the FashionCnn sample's TShirtNet).
[Input(28, 28, 1)]
[Conv2D(32, 3, activation: Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(64, 3, activation: Activation.Relu)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class SeedCnn { }

// The digits "5 detector" and the logistic regression ML.NET's trainers are compared with.
[Input(64)]
[Dense(32, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class Digits64 { }

[Input(30)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-2)]
public partial class Logistic30 { }

// scikit-learn's SVC defaults, declared: its decision function is the generated kernel for 30 features.
[Input(30)] [Svm] public partial class DeclaredCancerSvm { }

// scikit-learn's LogisticRegression(C=1, solver="newton-cholesky"), as Newton's method.
[Input(30)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Newton, C = 1)]
public partial class NewtonCancer { }

// The full-batch reference network: 30-16-8-1, L2 0.01 on the weights, PyTorch's LBFGS settings.
[Input(30)]
[Dense(16, Activation.Relu, L2 = 0.01)]
[Dense(8, Activation.Relu, L2 = 0.01)]
[Dense(1, Activation.Sigmoid, L2 = 0.01)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Lbfgs)]
public partial class LbfgsCancer30 { }
