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
