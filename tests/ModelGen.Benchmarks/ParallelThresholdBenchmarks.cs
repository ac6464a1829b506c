using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ModelGen.Numerics;

namespace ModelGen.Benchmarks;

/// <summary>
/// Where splitting a batch across two threads starts to pay: the same <c>PredictBatch</c> work run as one part on
/// the calling thread and as two parts on the worker pool, forced (<c>ParallelBatch.Parts</c> is bypassed), for
/// growing work in multiply-adds. <c>ParallelBatch.MinimumWorkPerPart</c> is placed from this run
/// (docs/performance.md, "Every core").
/// </summary>
public class ParallelThresholdBenchmarks
{
    private readonly Fashion784 _wide = new(seed: 1) { Threads = 1 };
    private readonly Cancer30 _narrow = new(seed: 1) { Threads = 1 };
    private float[] _features = null!;
    private float[] _outputs = null!;

    /// <summary>The model: 784-128-64-1 (109,632 multiply-adds a row) or 30-16-8-1 (616).</summary>
    [Params("784-128-64-1", "30-16-8-1")]
    public string Model { get; set; } = "";

    /// <summary>The batch's multiply-adds, rounded to whole rows.</summary>
    [Params(1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20, 1 << 21)]
    public int Work { get; set; }

    private IGradientModel Network => Model == "30-16-8-1" ? _narrow : _wide;

    private int Rows => Math.Max(2, (int)(Work / Network.Layers.Sum(layer => layer.MultiplyAdds)));

    [GlobalSetup]
    public void Setup()
    {
        _features = DenseBenchmarks.Random(Rows * Network.InputSize, 7);
        _outputs = new float[Rows];
    }

    [Benchmark(Baseline = true, Description = "one part, calling thread")]
    public void OnePart() => Network.PredictBatch(_features, _outputs);

    [Benchmark(Description = "two parts, worker pool")]
    public void TwoParts() =>
        ParallelBatch.Predict(Network, null, _features, Network.InputSize, _outputs, 1, rowsPerBlock: 1, parts: 2,
            static (model, _, rows, outputs) => ((IModel)model).PredictBatch(rows, outputs));
}
