namespace ModelGen.Tests.Models.Baked;

/// <summary>
/// An SVM whose support vectors are baked in from <c>cancer-svm.mgsv</c> (an <c>AdditionalFiles</c> item, written by
/// <c>SvmModelFile.Save</c> after training on the raw breast-cancer data; BakedSvmTests checks the file is exactly what
/// that training gives).
/// </summary>
[Model(SupportVectors = "cancer-svm.mgsv", FeatureHeader = "breast_cancer.csv", LabelColumn = "diagnosis")]
[Input(30)]
[Svm(C = 2)]
public partial class BakedCancerSvm { }
