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

    [Theory]
    [MemberData(nameof(Supervised))]
    public void Missing_values_go_to_the_side_training_found_for_them(TreeAlgorithm algorithm)
    {
        // Positive when x0 is small or missing: a split on x0 must send missing values left, with the small ones,
        // not right where a failed comparison would send them.
        var random = new Random(5);
        int rows = 600, width = 5; // at least four features: the histogram sums four at a time
        float[] features = new float[rows * width];
        float[] labels = new float[rows];
        for (int n = 0; n < rows; n++)
        {
            float x = (float)random.NextDouble();
            features[width * n] = n % 5 == 0 ? float.NaN : x;
            for (int f = 1; f < width; f++)
            {
                features[width * n + f] = (float)random.NextDouble();
            }

            labels[n] = n % 5 == 0 || x < 0.3f ? 1f : 0f;
        }

        var data = new Dataset(features, labels, new[] { "x0", "x1", "x2", "x3", "x4" }, allowMissing: true);
        var model = new TreeModel(width, Defaults(algorithm) with { MaxFeatures = FeatureSampling.All }, seed: 1);
        model.Fit(data, new FitOptions());

        float[] missing = { float.NaN, 0.5f, 0.5f, 0.5f, 0.5f };
        float[] large = { 0.9f, 0.5f, 0.5f, 0.5f, 0.5f };
        if (algorithm is TreeAlgorithm.DecisionTree or TreeAlgorithm.GradientBoostedTrees)
        {
            // The best first split puts the missing values with the small ones, not after them with a second split.
            TreeNode root = model.Ensemble.Nodes(0).First();
            Assert.True(root.Feature == 0 && root.MissingLeft, $"{algorithm}: root x{root.Feature} <= {root.Threshold}, missing left: {root.MissingLeft}");
        }
        Assert.True(model.Predict(missing) > 0.8f, $"{algorithm}: p(missing) = {model.Predict(missing)}");
        Assert.True(model.Predict(large) < 0.2f, $"{algorithm}: p(large) = {model.Predict(large)}");
    }

    private static TreeOptions Defaults(TreeAlgorithm algorithm) => algorithm switch
    {
        TreeAlgorithm.GradientBoostedTrees => new TreeOptions { Algorithm = algorithm, MaxDepth = 6, MinChildWeight = 1 },
        TreeAlgorithm.DecisionTree => new TreeOptions { Algorithm = algorithm },
        _ => new TreeOptions { Algorithm = algorithm, MaxFeatures = FeatureSampling.Sqrt },
    };
}
