using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ModelGen.Numerics;

namespace ModelGen.Benchmarks;

/// <summary>
/// The three batch kernels of a wide Dense layer at the first layer of the 784-128-64-1 model, batch 64: forward
/// (X·Wᵀ), weight gradient (dZᵀ·X) and input gradient (dZ·W). Each runs twice: as the machine allows, and with
/// <c>DOTNET_PreferredVectorBitWidth=256</c>, which turns <c>Vector512.IsHardwareAccelerated</c> off and so measures
/// the Vector256 tiles on the same instruction set. Each call is 2 · 784 · 128 · 64 = 12.8 million flops.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(WidthConfig))]
public class KernelBenchmarks
{
    private const int Inputs = 784, Outputs = 128, Batch = 64;
    private float[] _x = null!;
    private float[] _w = null!;
    private float[] _d = null!;
    private float[] _y = null!;
    private float[] _g = null!;
    private float[] _dx = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = DenseBenchmarks.Random(Batch * Inputs, 11);
        _w = DenseBenchmarks.Random(Outputs * Inputs, 12);
        _d = DenseBenchmarks.Random(Batch * Outputs, 13);
        _y = new float[Batch * Outputs];
        _g = new float[Outputs * Inputs];
        _dx = new float[Batch * Inputs];
    }

    [Benchmark(Description = "X·Wᵀ (MultiplyTransposed)")]
    public void Forward() => VectorKernels.MultiplyTransposed(ref _x[0], Inputs, ref _w[0], Inputs, Outputs, ref _y[0], Outputs, Batch);

    [Benchmark(Description = "dZᵀ·X (AccumulateOuterProducts)")]
    public void WeightGradient() => VectorKernels.AccumulateOuterProducts(ref _d[0], Outputs, ref _x[0], Inputs, ref _g[0], Inputs, Outputs, Batch);

    [Benchmark(Description = "dZ·W (Multiply)")]
    public void InputGradient() => VectorKernels.Multiply(ref _d[0], Outputs, ref _w[0], Inputs, Outputs, ref _dx[0], Inputs, Batch);

    private sealed class WidthConfig : ManualConfig
    {
        public WidthConfig()
        {
            AddJob(Job.Default.WithId("widest vectors"));
            AddJob(Job.Default.WithId("Vector256 only").WithEnvironmentVariables(new EnvironmentVariable("DOTNET_PreferredVectorBitWidth", "256")));
        }
    }
}
