using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Benchmarks;

/// <summary>
/// ModelGen and ONNX Runtime on the same workload in one process, taking turns every few milliseconds: on a shared
/// machine whose speed changes for seconds at a time (another tenant on the core), BenchmarkDotNet's runs, one
/// contestant after the other, can put a slow spell on one side only; turns this short put it on both. Each round
/// times a block of calls of each contestant; the report gives each one's median time a call and the median of the
/// rounds' ratios. <c>dotnet run -c Release --project tests/ModelGen.Benchmarks -- --paired-study</c>.
/// </summary>
public static class PairedStudy
{
    private const int Rounds = 301;

    /// <summary>Roughly this long a block of calls of one contestant within a round.</summary>
    private static readonly TimeSpan Block = TimeSpan.FromMilliseconds(2);

    public static void Run(TextWriter output)
    {
        var peers = new PeerBenchmarks();
        peers.Setup();
        var onnx = new OnnxRuntimeBenchmarks();
        onnx.Setup();
        try
        {
            output.WriteLine($"Paired study, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores: {Rounds} rounds of ~{Block.TotalMilliseconds} ms blocks per contestant.");
            output.WriteLine("| workload | contestant | median a call | median of the rounds' ratios (peer ÷ contestant) | rounds where the contestant is faster |");
            output.WriteLine("| --- | --- | ---: | ---: | ---: |");
            Compare(output, "cnn.predict1", ("ONNX Runtime 1 thread", onnx.CnnPredict),
                ("ModelGen", () => peers.CnnPredict()), ("ModelGen frozen", () => peers.CnnPredictFrozen()));
            float[] weights = new float[Fashion784.ParameterCount];
            Compare(output, "mlp784.predict1", ("ONNX Runtime 1 thread", onnx.Mlp784Predict),
                ("ModelGen", () => peers.Mlp784Predict()), ("ModelGen frozen", () => peers.Mlp784PredictFrozen()),
                ("its weights read once: a floor", () => ReadOnce(weights)));
            Compare(output, "mlp784.predict1024", ("ONNX Runtime 1 thread", onnx.Mlp784PredictBatch),
                ("ModelGen", peers.Mlp784PredictBatch), ("ModelGen frozen", peers.Mlp784PredictBatchFrozen));
            Compare(output, "mlp30.predict1", ("ONNX Runtime 1 thread", onnx.Mlp30Predict),
                ("ModelGen", () => peers.Mlp30Predict()), ("ModelGen frozen", () => peers.Mlp30PredictFrozen()));
            Compare(output, "mlp30.predict1024", ("ONNX Runtime 1 thread", onnx.Mlp30PredictBatch), ("ModelGen", peers.Mlp30PredictBatch));
        }
        finally
        {
            onnx.Cleanup();
        }
    }

    private static void Compare(TextWriter output, string workload, (string Name, Action Call) peer, params (string Name, Action Call)[] contestants)
    {
        (string Name, Action Call)[] all = contestants.Prepend(peer).ToArray();
        int[] calls = all.Select(c => CallsPerBlock(c.Call)).ToArray();
        var perCall = all.Select(_ => new List<double>(Rounds)).ToArray();
        for (int round = 0; round < Rounds; round++)
        {
            // Each round starts with a different contestant, so none always runs first after another's cache traffic.
            for (int k = 0; k < all.Length; k++)
            {
                int c = (round + k) % all.Length;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls[c]; i++)
                {
                    all[c].Call();
                }

                perCall[c].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls[c]);
            }
        }

        for (int c = 1; c < all.Length; c++)
        {
            double[] ratios = perCall[0].Zip(perCall[c], (p, m) => p / m).ToArray();
            int faster = ratios.Count(r => r > 1);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {workload} | {all[c].Name} | {Median(perCall[c]):0.###} µs | {Median(ratios):0.00}× | {faster} of {Rounds} |"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {workload} | {peer.Name} | {Median(perCall[0]):0.###} µs | | |"));
    }

    /// <summary>
    /// Sums <paramref name="values"/> in the widest accelerated vectors, eight sums at a time: what merely reading a
    /// model's weights from the cache they live in costs, the floor under any one-sample prediction that uses each once
    /// (784-128-64-1: 435 KB, beyond the first-level cache).
    /// </summary>
    private static float ReadOnce(float[] values)
    {
        ref float v = ref MemoryMarshal.GetArrayDataReference(values);
        int i = 0;
        float total;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; i <= values.Length - 64; i += 64)
            {
                s0 += Vector512.LoadUnsafe(ref v, (nuint)i);
                s1 += Vector512.LoadUnsafe(ref v, (nuint)(i + 16));
                s2 += Vector512.LoadUnsafe(ref v, (nuint)(i + 32));
                s3 += Vector512.LoadUnsafe(ref v, (nuint)(i + 48));
            }

            total = Vector512.Sum(s0 + s1 + s2 + s3);
        }
        else
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; i <= values.Length - 32; i += 32)
            {
                s0 += Vector256.LoadUnsafe(ref v, (nuint)i);
                s1 += Vector256.LoadUnsafe(ref v, (nuint)(i + 8));
                s2 += Vector256.LoadUnsafe(ref v, (nuint)(i + 16));
                s3 += Vector256.LoadUnsafe(ref v, (nuint)(i + 24));
            }

            total = Vector256.Sum(s0 + s1 + s2 + s3);
        }

        for (; i < values.Length; i++)
        {
            total += Unsafe.Add(ref v, i);
        }

        return total;
    }

    /// <summary>Warms the call up (JIT tiers, caches) and returns how many calls take about one <see cref="Block"/>.</summary>
    private static int CallsPerBlock(Action call)
    {
        var warm = Stopwatch.StartNew();
        int count = 0;
        while (warm.ElapsedMilliseconds < 500)
        {
            call();
            count++;
        }

        return Math.Max(1, (int)(count * Block.TotalMilliseconds / warm.Elapsed.TotalMilliseconds));
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
