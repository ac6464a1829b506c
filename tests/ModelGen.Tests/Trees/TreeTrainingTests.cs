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

    [Fact]
    public void Binning_orders_signed_values_and_a_stump_splits_between_the_right_neighbours()
    {
        // Negative, signed-zero, tiny and huge values in shuffled order: the edges come from sorting each column by its
        // bits, so a sort that misplaced negatives or the signs of zero would bin rows on the wrong side of the split.
        float[] values = { -3e9f, -7.5f, -7.25f, -1f, -1e-30f, -0f, 0f, 1e-30f, 0.5f, 2f, 1e20f, float.MaxValue };
        var random = new Random(3);
        int rows = 240;
        float[] features = new float[rows];
        float[] labels = new float[rows];
        for (int n = 0; n < rows; n++)
        {
            float x = values[random.Next(values.Length)];
            features[n] = x;
            labels[n] = x <= -1f ? 1f : 0f;
        }

        var data = new Dataset(features, labels, new[] { "x" });
        foreach (int maxBins in new[] { TreeDefaults.ExactBins, 11 })
        {
            var model = new TreeModel(1, new TreeOptions { Algorithm = TreeAlgorithm.DecisionTree, MaxDepth = 1, MaxBins = maxBins }, seed: 1);
            model.Fit(data, new FitOptions());
            TreeNode root = model.Ensemble.Nodes(0).First();
            // CART's threshold: midway between the largest value on the left (−1) and the smallest on the right (−1e-30).
            Assert.Equal(-0.5f, root.Threshold);
            for (int n = 0; n < rows; n++)
            {
                Assert.Equal(labels[n], model.Predict(features.AsSpan(n, 1)) > 0.5f ? 1f : 0f);
            }
        }
    }

    [Fact]
    public void Forests_and_boosting_train_the_same_trees_on_every_SIMD_path()
    {
        // tests/run-tests.sh runs this again with Vector512, AVX and every intrinsic off: the split search computes its
        // gains in vectors where they are accelerated and one at a time where not, and both must choose the same splits.
        // The checksums are of the states these settings trained when recorded; a deliberate change to training that
        // changes the trees records them again.
        (Dataset train, _) = s_cancer.Value;
        var settings = new (string Name, TreeOptions Options, string Checksum)[]
        {
            ("forest", new TreeOptions { Algorithm = TreeAlgorithm.RandomForest, Trees = 10, MaxFeatures = FeatureSampling.Sqrt }, "EAEC08896BB988FE"),
            ("forest, 3 samples a leaf", new TreeOptions { Algorithm = TreeAlgorithm.RandomForest, Trees = 10, MinSamplesLeaf = 3 }, "CDBA697B64B79A2C"),
            ("boosting", new TreeOptions { Algorithm = TreeAlgorithm.GradientBoostedTrees, Trees = 10, MaxDepth = 4, MinChildWeight = 1 }, "510664CCDF502037"),
        };
        var actual = settings.Select(s =>
        {
            var model = new TreeModel(30, s.Options, seed: 7);
            model.Fit(train, new FitOptions());
            return $"{s.Name}: {Convert.ToHexString(System.IO.Hashing.Crc64.Hash(model.SaveState()))}";
        });
        Assert.Equal(settings.Select(s => $"{s.Name}: {s.Checksum}"), actual);
    }

    private static TreeOptions Defaults(TreeAlgorithm algorithm) => algorithm switch
    {
        TreeAlgorithm.GradientBoostedTrees => new TreeOptions { Algorithm = algorithm, MaxDepth = 6, MinChildWeight = 1 },
        TreeAlgorithm.DecisionTree => new TreeOptions { Algorithm = algorithm },
        _ => new TreeOptions { Algorithm = algorithm, MaxFeatures = FeatureSampling.Sqrt },
    };
}
