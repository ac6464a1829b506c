using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Training;
using ModelGen.Trees;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Trees;

/// <summary>The tree trainers on real data: quality, determinism, missing values, state round trips, bad input.</summary>
public sealed class TreeTrainingTests(ITestOutputHelper output)
{
    private static readonly Lazy<(Dataset Train, Dataset Test)> s_cancer = new(() =>
        Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M").Split(0.2, stratify: true, seed: 42));

    public static TheoryData<TreeAlgorithm> Supervised => new() { TreeAlgorithm.DecisionTree, TreeAlgorithm.RandomForest, TreeAlgorithm.BalancedRandomForest, TreeAlgorithm.GradientBoostedTrees };

    [Theory]
    [MemberData(nameof(Supervised))]
    public void Each_algorithm_learns_breast_cancer(TreeAlgorithm algorithm)
    {
        (Dataset train, Dataset test) = s_cancer.Value;
        var model = new TreeModel(30, Defaults(algorithm), seed: 1);
        model.Fit(train, new FitOptions());
        BinaryReport report = model.Evaluate(test);
        output.WriteLine($"{algorithm}: ROC-AUC {report.RocAuc:F4}, accuracy {report.Accuracy:F4}; {model.Summary()}");
        Assert.True(report.RocAuc >= (algorithm == TreeAlgorithm.DecisionTree ? 0.9 : 0.98), $"{algorithm} ROC-AUC {report.RocAuc}");
    }

    private static TreeOptions Defaults(TreeAlgorithm algorithm) => algorithm switch
    {
        TreeAlgorithm.GradientBoostedTrees => new TreeOptions { Algorithm = algorithm, MaxDepth = 6, MinChildWeight = 1 },
        TreeAlgorithm.DecisionTree => new TreeOptions { Algorithm = algorithm },
        _ => new TreeOptions { Algorithm = algorithm, MaxFeatures = FeatureSampling.Sqrt },
    };
}
