using BenchmarkDotNet.Attributes;

namespace ModelGen.Benchmarks;

/// <summary>The seeds' CNN (28x28x1, Conv 32@3x3, pool, Conv 64@3x3, pool, Dense 128, Dense 1): predict and a training step, on one thread (the kernels' own speed).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ConvolutionBenchmarks
{
    private readonly SeedCnn _model = new(seed: 1) { Threads = 1 };
    private readonly NaiveCnn _naive = new();
    private float[] _batch = null!;
    private float[] _labels = null!;
    private float[] _sample = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = DenseBenchmarks.Random(32 * 784, 5);
        _labels = new float[32];
        for (int i = 0; i < 32; i += 3)
        {
            _labels[i] = 1f;
        }

        _sample = _batch[..784];
    }

    [Benchmark(Description = "CNN 28x28 predict (ModelGen)")]
    public float Predict() => _model.Predict(_sample);

    [Benchmark(Description = "CNN 28x28 predict (naive C#)")]
    public float NaivePredict() => _naive.Predict(_sample);

    [Benchmark(Description = "CNN 28x28 train step, batch 32")]
    public float TrainStep() => _model.TrainStep(_batch, _labels);
}
