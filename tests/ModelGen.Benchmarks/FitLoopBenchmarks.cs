using System;
using BenchmarkDotNet.Attributes;
using ModelGen.Data;
using ModelGen.Training;

namespace ModelGen.Benchmarks;

/// <summary>
/// One epoch of 4,096 breast-cancer-sized samples in batches of 32: the runtime's fit loop (shuffle, gather, scores,
/// epoch metrics) against calling the generated training step on pre-sliced batches by hand.
/// </summary>
[MemoryDiagnoser]
public class FitLoopBenchmarks
{
    private const int Samples = 4096;
    private const int Batch = 32;
    private readonly Cancer30 _model = new(seed: 1);
    private Dataset _data = null!;
    private FitOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        float[] features = DenseBenchmarks.Random(Samples * 30, 3);
        var labels = new float[Samples];
        for (int i = 0; i < Samples; i++)
        {
            labels[i] = features[i * 30] > 0 ? 1 : 0;
        }

        var names = new string[30];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = "f" + i;
        }

        _data = new Dataset(features, labels, names);
        _options = new FitOptions { Epochs = 1, BatchSize = Batch, Metrics = Array.Empty<EpochMetric>() };
    }

    [Benchmark(Baseline = true, Description = "hand loop over TrainStep, 128 batches")]
    public float HandLoop()
    {
        float loss = 0;
        for (int start = 0; start < Samples; start += Batch)
        {
            loss += _model.TrainStep(_data.Features.Slice(start * 30, Batch * 30), _data.Labels.Slice(start, Batch));
        }

        return loss;
    }

    [Benchmark(Description = "Trainer.Fit, 1 epoch of 128 batches")]
    public int FitEpoch() => Trainer.Fit(_model, _data, _options).Epochs.Count;
}
