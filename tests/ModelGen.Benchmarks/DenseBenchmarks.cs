using System;
using BenchmarkDotNet.Attributes;
using ModelGen.Numerics;

namespace ModelGen.Benchmarks;

/// <summary>Single-sample predict and one training step of the breast-cancer and Fashion-MNIST-sized networks, on one thread.</summary>
[MemoryDiagnoser]
public class DenseBenchmarks
{
    private readonly Cancer30 _cancer = new(seed: 1) { Threads = 1 };
    private readonly Fashion784 _fashion = new(seed: 1) { Threads = 1 };
    private readonly NaiveMlp _naive = new(new[] { 30, 16, 8, 1 }, seed: 1);
    private float[] _cancerBatch = null!;
    private float[] _fashionBatch = null!;
    private float[] _labels32 = null!;
    private float[] _labels64 = null!;
    private float[] _cancerSample = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cancerBatch = Random(32 * 30, 1);
        _fashionBatch = Random(64 * 784, 2);
        _labels32 = Labels(32);
        _labels64 = Labels(64);
        _cancerSample = _cancerBatch[..30];
    }

    [Benchmark(Description = "30-16-8-1 predict (ModelGen)")]
    public float CancerPredict() => _cancer.Predict(_cancerSample);

    [Benchmark(Description = "30-16-8-1 predict (naive C#)")]
    public float NaivePredict() => _naive.Predict(_cancerSample);

    [Benchmark(Description = "30-16-8-1 train step, batch 32")]
    public float CancerTrainStep() => _cancer.TrainStep(_cancerBatch, _labels32);

    [Benchmark(Description = "784-128-64-1 predict")]
    public float FashionPredict() => _fashion.Predict(_fashionBatch.AsSpan(0, 784));

    [Benchmark(Description = "784-128-64-1 train step, batch 64")]
    public float FashionTrainStep() => _fashion.TrainStep(_fashionBatch, _labels64);

    internal static float[] Random(int count, int seed)
    {
        var rng = new SeededRandom(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(2 * rng.NextDouble() - 1);
        }

        return values;
    }

    private static float[] Labels(int count)
    {
        var labels = new float[count];
        for (int i = 0; i < count; i += 2)
        {
            labels[i] = 1;
        }

        return labels;
    }
}
