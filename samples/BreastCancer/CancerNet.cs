using ModelGen;

namespace BreastCancer;

/// <summary>A 30-16-8-1 classifier of malignant tumours; ModelGen generates its numeric core at build time.</summary>
[Input(30)]
[Dense(16, Activation.Relu)]
[Dense(8, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class CancerNet
{
}

/// <summary>A random forest on the same 30 features, compared with the network by cross-validation.</summary>
[Input(30)]
[RandomForest(Trees = 200)]
public partial class CancerForest
{
}

/// <summary>Gradient-boosted trees on the same features (XGBoost's defaults).</summary>
[Input(30)]
[GradientBoostedTrees]
public partial class CancerBoost
{
}
