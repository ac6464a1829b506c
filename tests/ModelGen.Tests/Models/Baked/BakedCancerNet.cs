namespace ModelGen.Tests.Models.Baked;

/// <summary>The BreastCancer sample's architecture with its trained weights baked in and its feature names from the data's header.</summary>
[Model(Weights = "Baked/cancer-net.mgwt", FeatureHeader = "breast_cancer.csv", LabelColumn = "diagnosis")]
[Input(30)]
[Dense(16, Activation.Relu)]
[Dense(8, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class BakedCancerNet
{
}
