namespace ModelGen.Tests.Models.Baked;

/// <summary>
/// A boosted model whose trained trees are compiled in from <c>cancer-boost.mgtt</c> (an <c>AdditionalFiles</c> item,
/// written by <c>TreeModelFile.Save</c> after training on the breast-cancer data with seed 5; BakedTreeTests checks the
/// file is exactly what that training gives).
/// </summary>
[Model(Trees = "cancer-boost.mgtt", FeatureHeader = "breast_cancer.csv", LabelColumn = "diagnosis")]
[Input(30)]
[GradientBoostedTrees(Trees = 60, MaxDepth = 3, LearningRate = 0.2)]
public partial class BakedCancerBoost { }
