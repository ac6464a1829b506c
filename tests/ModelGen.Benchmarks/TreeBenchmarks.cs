using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelGen.Data;
using ModelGen.Training;
using ModelGen.Trees;

namespace ModelGen.Benchmarks;

/// <summary>The FashionShirt sample's 100 boosted trees of depth 6, compiled in from its tree file.</summary>
[Model(Trees = "shirt-boost.mgtt")]
[Input(784)]
[GradientBoostedTrees(Trees = 100, MaxDepth = 6)]
public partial class ShirtBoostCompiled { }

/// <summary>
/// Tree models on Fashion-MNIST shirt against the rest (samples/FashionShirt): one-row and 10,000-row prediction of the
/// compiled ensemble and of the same trees as arrays, on the test images (random pixels when the data are not fetched:
/// samples/FashionCnn/fetch-data.sh). tests/ModelGen.Benchmarks/Peers/trees.py times XGBoost and scikit-learn on the same
/// task. The training benchmarks are in <see cref="TreeTrainingBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class TreeBenchmarks
{
    private ShirtBoostCompiled _compiled = null!;
    private ShirtBoostCompiled _arrays = null!;
    private float[] _rows = null!;
    private float[] _scores = null!;
    private PredictionEngine<ImageRow, PeerBenchmarks.Prediction> _fastTree = null!;
    private ImageRow _row = null!;

    [GlobalSetup]
    public void Setup()
    {
        // ML.NET FastTree with the same size of ensemble: 100 trees of at most 64 leaves (depth 6), trained on 10,000 rows
        // (prediction cost depends on the trees, not on how many rows made them).
        var ml = new MLContext(seed: 1);
        float[] pixels = FashionTest.Images(10_000);
        ImageRow[] rows = new ImageRow[10_000];
        for (int n = 0; n < rows.Length; n++)
        {
            rows[n] = new ImageRow { Features = pixels.AsSpan(n * 784, 784).ToArray(), Label = n % 10 == 6 };
        }

        var trainer = ml.BinaryClassification.Trainers.FastTree(new Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = 100, NumberOfLeaves = 64, NumberOfThreads = 1,
        });
        ITransformer fastTree = trainer.Fit(ml.Data.LoadFromEnumerable(rows));
        _fastTree = ml.Model.CreatePredictionEngine<ImageRow, PeerBenchmarks.Prediction>(fastTree);
        _row = rows[0];

        _compiled = ShirtBoostCompiled.CreateTrained();
        _arrays = new ShirtBoostCompiled();
        _arrays.LoadState(_compiled.SaveState()); // the same trees, walked as arrays
        _rows = FashionTest.Images(10_000);
        _scores = new float[10_000];
    }

    [Benchmark(Description = "shirt.predict1 compiled")]
    public float PredictCompiled() => _compiled.Predict(_rows.AsSpan(0, 784));

    [Benchmark(Description = "shirt.predict1 ML.NET FastTree")]
    public float PredictFastTree() => _fastTree.Predict(_row).Probability;

    [Benchmark(Description = "shirt.predict1 arrays")]
    public float PredictArrays() => _arrays.Predict(_rows.AsSpan(0, 784));

    [Benchmark(Description = "shirt.predictBatch10000 compiled")]
    public void PredictBatchCompiled() => _compiled.PredictBatch(_rows, _scores);

    [Benchmark(Description = "shirt.predictBatch10000 arrays")]
    public void PredictBatchArrays() => _arrays.PredictBatch(_rows, _scores);
}

/// <summary>One Fashion-MNIST image for ML.NET.</summary>
public sealed class ImageRow
{
    [VectorType(784)]
    public float[] Features { get; set; } = Array.Empty<float>();

    public bool Label { get; set; }
}

/// <summary>Training on the 60,000 Fashion-MNIST images (skipped with a message when the data are not fetched): a few long runs, not many short ones.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
[MemoryDiagnoser]
public class TreeTrainingBenchmarks
{
    private Dataset _train = null!;

    [GlobalSetup]
    public void Setup() => _train = FashionTest.Training() ?? throw new InvalidOperationException("Fashion-MNIST is not fetched: run samples/FashionCnn/fetch-data.sh, or set FASHION_MNIST_DIR.");

    [Benchmark(Description = "shirt.fit boosting 100x depth 6")]
    public TreeModel Boost()
    {
        var model = new ShirtBoostCompiled(seed: 42);
        model.Fit(_train, new FitOptions());
        return model;
    }

    [Benchmark(Description = "shirt.fit random forest 100")]
    public TreeModel Forest()
    {
        var model = new TreeModel(784, new TreeOptions { Algorithm = TreeAlgorithm.RandomForest, MaxFeatures = FeatureSampling.Sqrt }, seed: 42);
        model.Fit(_train, new FitOptions());
        return model;
    }
}

/// <summary>The Fashion-MNIST files, where samples/FashionCnn/fetch-data.sh puts them or FASHION_MNIST_DIR says.</summary>
internal static class FashionTest
{
    private static string Folder => Environment.GetEnvironmentVariable("FASHION_MNIST_DIR")
        ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "FashionCnn", "data");

    public static Dataset? Training() => Read("train");

    public static float[] Images(int count)
    {
        if (Read("t10k") is Dataset test)
        {
            return test.Features[..(count * 784)].ToArray();
        }

        var random = new Random(1);
        var pixels = new float[count * 784];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)random.NextDouble();
        }

        return pixels;
    }

    private static Dataset? Read(string part)
    {
        string images = Path.Combine(Folder, $"{part}-images-idx3-ubyte.gz"), labels = Path.Combine(Folder, $"{part}-labels-idx1-ubyte.gz");
        return File.Exists(images) && File.Exists(labels) ? IdxReader.ReadDataset(images, labels, new[] { 6 }) : null;
    }
}
