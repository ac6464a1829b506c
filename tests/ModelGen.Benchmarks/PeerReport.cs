using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ModelGen.Benchmarks;

/// <summary>
/// Merges BenchmarkDotNet's JSON reports of <see cref="PeerBenchmarks"/> and <see cref="GeneratorBenchmarks"/> with peers.py's results into one table:
/// each workload, each system's median and interquartile range, and ModelGen's speed-up over each peer.
/// </summary>
public static class PeerReport
{
    /// <summary>Every workload that counts samples, with the samples one call handles (for samples/s).</summary>
    private static readonly Dictionary<string, int> s_samplesPerCall = new()
    {
        ["mlp30.predict1024"] = PeerBenchmarks.PredictionBatch,
        ["mlp64.predict1024"] = PeerBenchmarks.PredictionBatch,
        ["mlp784.predict1024"] = PeerBenchmarks.PredictionBatch,
        ["mlp30.train32"] = 32,
        ["mlp64.train32"] = 32,
        ["mlp784.train64"] = 64,
        ["cnn.train32"] = 32,
        ["mlp30.epoch4096x32"] = PeerBenchmarks.EpochSamples,
        ["mlp64.epoch4096x32"] = PeerBenchmarks.EpochSamples,
        ["mlp784.epoch4096x64"] = PeerBenchmarks.EpochSamples,
    };

    private sealed record Row(string Workload, string System, double Median, double Q1, double Q3, long? Allocated);

    /// <summary>
    /// Prints the table for BenchmarkDotNet full JSON reports and peers.py result files, in any order. A file given as
    /// <c>LEVEL=path</c> was run with a SIMD level forced (<c>AVX off</c>): a BenchmarkDotNet report of ModelGen and the
    /// naive loops, or peers.py's PyTorch rows; its systems are named with the level, and a second table sets the
    /// figures at each level side by side.
    /// </summary>
    public static void Print(IReadOnlyList<string> files, TextWriter output)
    {
        var rows = new List<Row>();
        var levels = new List<string>();
        foreach (string argument in files)
        {
            int equals = argument.IndexOf('=', StringComparison.Ordinal);
            string? level = equals > 0 ? argument[..equals] : null;
            string file = equals > 0 ? argument[(equals + 1)..] : argument;
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
            IEnumerable<Row> read = document.RootElement.ValueKind == JsonValueKind.Object ? ReadBenchmarkDotNet(document) : ReadPeers(document);
            if (level is not null)
            {
                if (!levels.Contains(level))
                {
                    levels.Add(level);
                }

                read = read.Select(r => r with { System = $"{r.System} ({level})" });
            }

            rows.AddRange(read);
        }

        output.WriteLine("| workload | system | median | Q1–Q3 | throughput | allocated | ModelGen faster by |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (IGrouping<string, Row> workload in rows.GroupBy(r => r.Workload))
        {
            Row? ours = workload.FirstOrDefault(r => r.System == "ModelGen");
            foreach (Row row in workload.OrderBy(r => r.System == "ModelGen" ? 0 : 1))
            {
                string ratio = ours is null || row.System.StartsWith("ModelGen", StringComparison.Ordinal) ? "" : (row.Median / ours.Median).ToString("0.0", CultureInfo.InvariantCulture) + "×";
                output.WriteLine($"| {row.Workload} | {row.System} | {Time(row.Median)} | {Time(row.Q1)}–{Time(row.Q3)} | {Throughput(row)} | {Bytes(row.Allocated)} | {ratio} |");
            }
        }

        PrintEveryCore(rows, output);
        if (levels.Count > 0)
        {
            PrintLevels(rows, levels, output);
        }

        output.WriteLine();
        output.WriteLine("| generated source | bytes | lines |");
        output.WriteLine("| --- | ---: | ---: |");
        foreach ((string model, int bytes, int lines) in GeneratorBenchmarks.SourceSizes(
            ("30-16-8-1", "using ModelGen; [Input(30)] [Dense(16, Activation.Relu)] [Dense(8, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class M { }"),
            ("64-32-1", "using ModelGen; [Input(64)] [Dense(32, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class M { }"),
            ("784-128-64-1", "using ModelGen; [Input(784)] [Dense(128, Activation.Relu)] [Dense(64, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class M { }"),
            ("seeds' CNN", GeneratorBenchmarks.Cnn),
            ("10 layers", GeneratorBenchmarks.TenLayers)))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {model} | {bytes:N0} | {lines:N0} |"));
        }

        if (rows.FirstOrDefault(r => r.Workload == "matmul1024" && r.System.EndsWith(TorchOneThread, StringComparison.Ordinal)) is { } matmul
            && rows.FirstOrDefault(r => r.Workload == "mlp784.train64" && r.System == "ModelGen") is { } train)
        {
            double blas = 2.0 * 1024 * 1024 * 1024 / matmul.Median;
            double ours = 64.0 * 3 * 2 * (784 * 128 + 128 * 64 + 64) / train.Median;
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fp32 throughput: 1024x1024 matrix product through PyTorch, 1 thread: {blas:F1} GFLOP/s; ModelGen's 784-128-64-1 training step (3 passes of 2 flops per weight per sample): {ours:F1} GFLOP/s ({100 * ours / blas:F0}% of it)."));
        }
    }

    /// <summary>
    /// The workloads ModelGen splits across cores: its one-thread and every-core medians, the speed-up, and its speed
    /// against each peer that also used more than one thread (PyTorch with 2 threads, ONNX Runtime with every core).
    /// </summary>
    private static void PrintEveryCore(List<Row> rows, TextWriter output)
    {
        var workloads = rows.GroupBy(r => r.Workload)
            .Where(w => w.Any(r => r.System == EveryCore) && w.Any(r => r.System == "ModelGen"))
            .ToList();
        if (workloads.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"ModelGen on every core ({Environment.ProcessorCount} here) against one thread and against the peers' multi-threaded runs:");
        output.WriteLine();
        output.WriteLine("| workload | ModelGen, 1 thread | ModelGen, every core | speed-up | multi-threaded peer | its median | ModelGen every core faster by |");
        output.WriteLine("| --- | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (IGrouping<string, Row> workload in workloads)
        {
            Row one = workload.First(r => r.System == "ModelGen");
            Row every = workload.First(r => r.System == EveryCore);
            string head = $"| {workload.Key} | {Time(one.Median)} | {Time(every.Median)} | {(one.Median / every.Median).ToString("0.00", CultureInfo.InvariantCulture)}× ";
            var peers = workload.Where(r => r.System.Contains(" threads", StringComparison.Ordinal) || r.System.EndsWith("all cores", StringComparison.Ordinal)).ToList();
            if (peers.Count == 0)
            {
                output.WriteLine(head + "| — | | |");
            }

            foreach (Row peer in peers)
            {
                output.WriteLine(head + $"| {peer.System} | {Time(peer.Median)} | {(peer.Median / every.Median).ToString("0.00", CultureInfo.InvariantCulture)}× |");
            }
        }
    }

    private const string EveryCore = "ModelGen, every core";

    /// <summary>PyTorch eager's one-thread rows at the machine's own SIMD level end with this; a forced level's add it in brackets.</summary>
    private const string TorchOneThread = "eager, 1 thread";

    /// <summary>
    /// ModelGen at every SIMD level run: each level's median, its slowdown from the native one, and where they were run
    /// the naive C# loop at the same level, PyTorch on one thread at full speed, and PyTorch held to the same level.
    /// </summary>
    private static void PrintLevels(List<Row> rows, List<string> levels, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| workload | ModelGen native | " + string.Join(" | ", levels.Select(l => $"ModelGen, {l}")) + " | " +
            string.Join(" | ", levels.Select(l => $"{l}: faster than naive C# at that level / PyTorch 1 thread at full speed / PyTorch 1 thread at that level")) + " |");
        output.WriteLine("| --- | ---: | " + string.Join(" | ", levels.Select(_ => "---:")) + " | " + string.Join(" | ", levels.Select(_ => "---:")) + " |");
        foreach (IGrouping<string, Row> workload in rows.GroupBy(r => r.Workload))
        {
            Row? native = workload.FirstOrDefault(r => r.System == "ModelGen");
            if (native is null || !workload.Any(r => levels.Any(l => r.System == $"ModelGen ({l})")))
            {
                continue;
            }

            Row? torch = workload.FirstOrDefault(r => r.System.EndsWith(TorchOneThread, StringComparison.Ordinal));
            var cells = new List<string>();
            var ratios = new List<string>();
            foreach (string level in levels)
            {
                Row? ours = workload.FirstOrDefault(r => r.System == $"ModelGen ({level})");
                Row? naive = workload.FirstOrDefault(r => r.System == $"naive C# ({level})");
                cells.Add(ours is null ? "" : $"{Time(ours.Median)} ({(ours.Median / native.Median).ToString("0.00", CultureInfo.InvariantCulture)}×)");
                Row? torchAtLevel = workload.FirstOrDefault(r => r.System.EndsWith($"{TorchOneThread} ({level})", StringComparison.Ordinal));
                ratios.Add($"{Speedup(naive, ours)} / {Speedup(torch, ours)} / {Speedup(torchAtLevel, ours)}");
            }

            output.WriteLine($"| {workload.Key} | {Time(native.Median)} | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} |");
        }
    }

    /// <summary>How many times faster <paramref name="ours"/> ran than <paramref name="peer"/>, or a dash where either is missing.</summary>
    private static string Speedup(Row? peer, Row? ours) =>
        peer is null || ours is null ? "—" : (peer.Median / ours.Median).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private static IEnumerable<Row> ReadBenchmarkDotNet(JsonDocument document)
    {
        foreach (JsonElement benchmark in document.RootElement.GetProperty("Benchmarks").EnumerateArray())
        {
            string title = benchmark.GetProperty("MethodTitle").GetString()!.Trim('\'');
            int space = title.IndexOf(' ', StringComparison.Ordinal);
            JsonElement statistics = benchmark.GetProperty("Statistics");
            long? allocated = benchmark.TryGetProperty("Memory", out JsonElement memory) ? memory.GetProperty("BytesAllocatedPerOperation").GetInt64() : null;
            yield return new Row(title[..space], title[(space + 1)..], statistics.GetProperty("Median").GetDouble(),
                statistics.GetProperty("Q1").GetDouble(), statistics.GetProperty("Q3").GetDouble(), allocated);
        }
    }

    private static IEnumerable<Row> ReadPeers(JsonDocument document)
    {
        foreach (JsonElement result in document.RootElement.EnumerateArray())
        {
            yield return new Row(result.GetProperty("workload").GetString()!, result.GetProperty("system").GetString()!,
                result.GetProperty("median_ns").GetDouble(), result.GetProperty("q1_ns").GetDouble(), result.GetProperty("q3_ns").GetDouble(), null);
        }
    }

    private static string Throughput(Row row) =>
        s_samplesPerCall.TryGetValue(row.Workload, out int samples)
            ? (samples / row.Median * 1e9).ToString("N0", CultureInfo.InvariantCulture) + " samples/s"
            : row.Workload == "matmul1024" ? (2.0 * 1024 * 1024 * 1024 / row.Median).ToString("F1", CultureInfo.InvariantCulture) + " GFLOP/s" : "";

    private static string Bytes(long? bytes) => bytes is long b ? b.ToString("N0", CultureInfo.InvariantCulture) + " B" : "";

    private static string Time(double nanoseconds) => nanoseconds switch
    {
        < 1e3 => nanoseconds.ToString("F1", CultureInfo.InvariantCulture) + " ns",
        < 1e6 => (nanoseconds / 1e3).ToString("F2", CultureInfo.InvariantCulture) + " µs",
        _ => (nanoseconds / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms",
    };
}
