using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Benchmarks;

/// <summary>
/// ModelGen and ONNX Runtime on the same workload in one process, taking turns every few milliseconds: on a shared
/// machine whose speed changes for seconds at a time (another tenant on the core), BenchmarkDotNet's runs, one
/// contestant after the other, can put a slow spell on one side only; turns this short put it on both. Each round
/// times a block of calls of each contestant; the report gives each one's median time a call and the median of the
/// rounds' ratios; then every core against one thread on the training steps, beside the machine's own two-thread
/// speed-up in the same rounds (<see cref="CompareCores"/>); last, whole fits that choose their thread count
/// against fits held to one count (<see cref="CompareFits"/>). <c>dotnet run -c Release --project tests/ModelGen.Benchmarks -- --paired-study</c>.
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
            output.WriteLine();
            CompareCores(output, ("mlp784.train64", () => peers.Mlp784Train(), () => peers.Mlp784TrainEveryCore()),
                ("cnn.train32", () => peers.CnnTrain(), () => peers.CnnTrainEveryCore()));
            output.WriteLine();
            CompareFits(output);
        }
        finally
        {
            onnx.Cleanup();
        }
    }

    private static void Compare(TextWriter output, string workload, (string Name, Action Call) peer, params (string Name, Action Call)[] contestants)
    {
        (string Name, Action Call)[] all = contestants.Prepend(peer).ToArray();
        List<double>[] perCall = TakeTurns(all.Select(c => c.Call).ToArray());
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
    /// <see cref="Rounds"/> rounds of one block of calls of each of <paramref name="calls"/>; each round starts with a
    /// different one, so none always runs first after another's cache traffic. Returns each call's time a call, round
    /// by round, in microseconds.
    /// </summary>
    private static List<double>[] TakeTurns(Action[] calls)
    {
        int[] perBlock = calls.Select(CallsPerBlock).ToArray();
        var perCall = calls.Select(_ => new List<double>(Rounds)).ToArray();
        for (int round = 0; round < Rounds; round++)
        {
            for (int k = 0; k < calls.Length; k++)
            {
                int c = (round + k) % calls.Length;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < perBlock[c]; i++)
                {
                    calls[c]();
                }

                perCall[c].Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / perBlock[c]);
            }
        }

        return perCall;
    }

    /// <summary>
    /// Every core against one thread, beside what the machine itself gives a second thread at that moment: a loop of
    /// multiply-adds in registers (no memory, no shared state) run once per core on one thread, then once on each core
    /// at the same time. On a virtual machine whose cores share their physical cores with other tenants, that ratio
    /// moved between about 1.6 and 2 for minutes at a time on 2026-12-03; the training steps' speed-ups are read against
    /// the rounds in which it was near 2.
    /// </summary>
    private static void CompareCores(TextWriter output, params (string Workload, Action OneThread, Action EveryCore)[] workloads)
    {
        int cores = Environment.ProcessorCount;
        const double FreeCores = 1.8;
        var all = new List<(string Workload, Action OneThread, Action EveryCore)>
        {
            ("register multiply-adds", () => MultiplyAddsInTurn(cores), () => System.Threading.Tasks.Parallel.For(0, cores, _ => MultiplyAdds())),
        };
        all.AddRange(workloads);

        // Turns alternate each workload's one-thread and every-core calls: time i·2 is workload i on one thread.
        List<double>[] perCall = TakeTurns(all.SelectMany(w => new[] { w.OneThread, w.EveryCore }).ToArray());
        List<double>[] oneThread = all.Select((_, w) => perCall[2 * w]).ToArray();
        List<double>[] everyCore = all.Select((_, w) => perCall[2 * w + 1]).ToArray();
        double[] hardware = oneThread[0].Zip(everyCore[0], (one, every) => one / every).ToArray();
        int[] free = Enumerable.Range(0, Rounds).Where(r => hardware[r] >= FreeCores).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Every core ({cores}) against one thread, same rounds; \"free\": the {free.Length} of {Rounds} rounds whose register multiply-adds gained at least {FreeCores}×."));
        output.WriteLine("| workload | 1 thread, median a call | every core, median a call | speed-up, median of the rounds' | speed-up in the free rounds |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        for (int w = 0; w < all.Count; w++)
        {
            double[] speedUps = oneThread[w].Zip(everyCore[w], (one, every) => one / every).ToArray();
            string inFree = free.Length == 0 ? "none free" : string.Create(CultureInfo.InvariantCulture, $"{Median(free.Select(r => speedUps[r])):0.00}×");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {all[w].Workload} | {Median(oneThread[w]):0.###} µs | {Median(everyCore[w]):0.###} µs | {Median(speedUps):0.00}× | {inFree} |"));
        }
    }

    /// <summary>
    /// Whole fits of 784-128-64-1 (150 epochs of 4,096 samples in batches of 64: 9,600 steps, about 2 s) left to choose
    /// their thread count (<c>FitOptions.Threads</c> null: from a tenth of a second on, the fit times its steps on every core,
    /// its halves and one thread and keeps the fastest), held to one thread, and held to every core, taking turns fit by fit.
    /// The three train to the same bits; only their time differs.
    /// </summary>
    private static void CompareFits(TextWriter output)
    {
        const int Samples = 4096, Width = 784, FitRounds = 7;
        var data = new Data.Dataset(DenseBenchmarks.Random(Samples * Width, Width), Enumerable.Range(0, Samples).Select(i => (float)(i % 2)).ToArray(),
            Enumerable.Range(0, Width).Select(i => "pixel" + i).ToArray());
        (string Name, int? Threads)[] settings = [("left to choose", null), ("1 thread", 1), ($"every core ({Environment.ProcessorCount})", Environment.ProcessorCount)];
        var seconds = settings.Select(_ => new List<double>()).ToArray();
        var chosen = new List<int>();
        for (int round = 0; round < FitRounds; round++)
        {
            for (int k = 0; k < settings.Length; k++)
            {
                int c = (round + k) % settings.Length;
                var options = new Training.FitOptions { Epochs = 150, BatchSize = 64, Threads = settings[c].Threads, Metrics = [], Verbosity = Training.Verbosity.Silent };
                long start = Stopwatch.GetTimestamp();
                Training.History history = new Fashion784(seed: 1).Fit(data, options);
                seconds[c].Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                if (c == 0)
                {
                    chosen.Add(history.Threads ?? 0);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fits of 784-128-64-1, 150 epochs of {Samples} in batches of 64, {FitRounds} of each in turns; the fit left to choose ended on {string.Join(", ", chosen)} thread(s)."));
        output.WriteLine("| fit | median | each fit |");
        output.WriteLine("| --- | ---: | --- |");
        for (int c = 0; c < settings.Length; c++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {settings[c].Name} | {Median(seconds[c]):0.000} s | {string.Join(" ", seconds[c].Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))} |"));
        }
    }

    /// <summary><see cref="MultiplyAdds"/> <paramref name="times"/> times, one after another on the calling thread.</summary>
    private static float MultiplyAddsInTurn(int times)
    {
        float total = 0;
        for (int t = 0; t < times; t++)
        {
            total += MultiplyAdds();
        }

        return total;
    }

    /// <summary>
    /// Some hundred microseconds of multiply-adds on eight independent chains of <see cref="Vector{T}"/> (enough to keep
    /// two multiply-add pipes busy through their latency): the core's arithmetic alone, which a second thread on a core
    /// of its own doubles.
    /// </summary>
    private static float MultiplyAdds()
    {
        var m = new Vector<float>(0.9999999f);
        var c = new Vector<float>(1e-7f);
        Vector<float> a0 = Vector<float>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int i = 0; i < 100_000; i++)
        {
            a0 = Vector.MultiplyAddEstimate(a0, m, c);
            a1 = Vector.MultiplyAddEstimate(a1, m, c);
            a2 = Vector.MultiplyAddEstimate(a2, m, c);
            a3 = Vector.MultiplyAddEstimate(a3, m, c);
            a4 = Vector.MultiplyAddEstimate(a4, m, c);
            a5 = Vector.MultiplyAddEstimate(a5, m, c);
            a6 = Vector.MultiplyAddEstimate(a6, m, c);
            a7 = Vector.MultiplyAddEstimate(a7, m, c);
        }

        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
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
