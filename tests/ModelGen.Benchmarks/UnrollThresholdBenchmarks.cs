using System;
using BenchmarkDotNet.Attributes;

namespace ModelGen.Benchmarks;

/// <summary>
/// One Dense layer's prediction on both sides of <c>DenseLayer.UnrollBelowInputs</c>. To compare the two code
/// shapes for the same layer, change that constant, rebuild, and run this class again (the README records the
/// numbers that placed the threshold).
/// </summary>
[MemoryDiagnoser]
public class UnrollThresholdBenchmarks
{
    private readonly float[] _output = new float[32];
    private readonly float[] _x = DenseBenchmarks.Random(64, 3);
    private readonly Unrolled6x6 _u6x6 = new(1);
    private readonly Unrolled4x16 _u4x16 = new(1);
    private readonly Looped8x1 _l8x1 = new(1);
    private readonly Looped16x16 _l16x16 = new(1);
    private readonly Looped32x32 _l32x32 = new(1);

    [Benchmark(Description = "6x6 (unrolled)")]
    public void U6x6() => _u6x6.Predict(_x.AsSpan(0, 6), _output);

    [Benchmark(Description = "4x16 (unrolled)")]
    public void U4x16() => _u4x16.Predict(_x.AsSpan(0, 4), _output);

    [Benchmark(Description = "8x1 (Vector256 loop)")]
    public void L8x1() => _l8x1.Predict(_x.AsSpan(0, 8), _output);

    [Benchmark(Description = "16x16 (Vector256 loop)")]
    public void L16x16() => _l16x16.Predict(_x.AsSpan(0, 16), _output);

    [Benchmark(Description = "32x32 (Vector256 loop)")]
    public void L32x32() => _l32x32.Predict(_x.AsSpan(0, 32), _output);
}
