using System;
using System.IO;
using System.Text.Json;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Packaging;
using ModelGen.Training;
using ModelGen.Trees;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.FashionMnist;

/// <summary>
/// The tree issue's largest quality case: Fashion-MNIST shirt (class 6) against the rest, 60,000 × 784 training images,
/// test ROC-AUC within 0.005 of XGBoost 1.7, HistGradientBoosting and RandomForestClassifier at matched settings (the
/// reference script stores them in tree_references.json). The images are not committed: tests/run-tests.sh fetches them
/// with samples/FashionCnn/fetch-data.sh, and without them these tests fail saying so. Outside the Trees namespace on
/// purpose: the trainers' SIMD paths are compared by checksum there, and one run of these minutes-long fits is enough.
/// </summary>
public sealed class FashionShirtTreeTests(ITestOutputHelper output)
{
    private static readonly Lazy<(Dataset Train, Dataset Test)> s_data = new(Load);

    [Fact]
    public void Boosting_matches_xgboost_and_hist_gradient_boosting()
    {
        double auc = Auc(new TreeOptions { Algorithm = TreeAlgorithm.GradientBoostedTrees, Trees = 100, MaxDepth = 6, LearningRate = 0.3, L2 = 1, MinChildWeight = 1 });
        Compare("boosting vs XGBoost hist", "xgboostHist", auc);
        Compare("boosting vs HistGradientBoosting", "histGradientBoosting", auc);
    }

    [Fact]
    public void Random_forest_matches_scikit_learn()
    {
        double auc = Auc(new TreeOptions { Algorithm = TreeAlgorithm.RandomForest, Trees = 100, MaxFeatures = FeatureSampling.Sqrt });
        Compare("random forest", "randomForest", auc);
    }

    private static double Auc(TreeOptions options)
    {
        (Dataset train, Dataset test) = s_data.Value;
        var model = new TreeModel(784, options, seed: 42);
        model.Fit(train, new FitOptions());
        return model.Evaluate(test).RocAuc;
    }

    private void Compare(string what, string property, double actual)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(ReferenceCases.File("Trees", "Reference", "tree_references.json")));
        double reference = document.RootElement.GetProperty("fashionShirt").GetProperty(property).GetDouble();
        output.WriteLine($"Fashion-MNIST shirt, {what}: reference {reference:F4}, ModelGen {actual:F4}");
        Assert.True(actual >= reference - 0.005, $"Fashion-MNIST shirt, {what}: ModelGen {actual:F4} is more than 0.005 below the reference {reference:F4}");
    }

    private static (Dataset, Dataset) Load()
    {
        string folder = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR") ?? Path.Combine(PackedPackage.RepositoryRoot, "samples", "FashionCnn", "data");
        string File(string name) => Path.Combine(folder, name);
        if (!System.IO.File.Exists(File("train-images-idx3-ubyte.gz")) || !System.IO.File.Exists(File("t10k-labels-idx1-ubyte.gz")))
        {
            throw new InvalidOperationException(
                $"Fashion-MNIST is not in {folder}: run samples/FashionCnn/fetch-data.sh (tests/run-tests.sh does), or set FASHION_MNIST_DIR.");
        }

        int[] shirt = { 6 };
        return (IdxReader.ReadDataset(File("train-images-idx3-ubyte.gz"), File("train-labels-idx1-ubyte.gz"), shirt),
            IdxReader.ReadDataset(File("t10k-images-idx3-ubyte.gz"), File("t10k-labels-idx1-ubyte.gz"), shirt));
    }
}
