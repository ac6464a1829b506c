using ModelGen;

namespace ColdStart;

/// <summary>The BreastCancer sample's network, whose trained weights (tests/ModelGen.Tests/Models/Baked/cancer-net.mgwt) every app here predicts with.</summary>
[Input(30)]
[Dense(16, Activation.Relu)]
[Dense(8, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class CancerNet { }
