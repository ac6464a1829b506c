using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Onnx;

namespace ModelGen.Benchmarks;

/// <summary>
/// ONNX Runtime from .NET, the peer a .NET team would deploy: each <see cref="PeerBenchmarks"/> model exported with
/// <see cref="OnnxFile"/> (its own seeded weights, the <c>output</c> tensor only), run with ONNX Runtime's
/// lowest-overhead calls — input and output <see cref="OrtValue"/>s allocated once over pinned arrays, bound once with
/// <see cref="OrtIoBinding"/>, every graph optimization on — with one intra-op thread, and with every core. Descriptions
/// are the workload IDs of <see cref="PeerBenchmarks"/>, so the report puts them in the same rows.
/// </summary>
[MemoryDiagnoser]
public class OnnxRuntimeBenchmarks
{
    private readonly List<IDisposable> _owned = new();
    private Bound _mlp30One = null!, _mlp30Batch = null!, _mlp784One = null!, _mlp784Batch = null!, _cnnOne = null!;
    private Bound _mlp30BatchAll = null!, _mlp784BatchAll = null!, _cnnOneAll = null!;
    private RunOptions _run = null!;

    [GlobalSetup]
    public void Setup()
    {
        _run = new RunOptions();
        _owned.Add(_run);
        byte[] mlp30 = OnnxFile.ToBytes(new Cancer30(seed: 1), OnnxOutputs.Output);
        byte[] mlp784 = OnnxFile.ToBytes(new Fashion784(seed: 1), OnnxOutputs.Output);
        byte[] cnn = OnnxFile.ToBytes(new SeedCnn(seed: 1), OnnxOutputs.Output);
        int cores = Environment.ProcessorCount;
        _mlp30One = Bind(mlp30, 1, new long[] { 1, 30 });
        _mlp30Batch = Bind(mlp30, 1, new long[] { PeerBenchmarks.PredictionBatch, 30 });
        _mlp30BatchAll = Bind(mlp30, cores, new long[] { PeerBenchmarks.PredictionBatch, 30 });
        _mlp784One = Bind(mlp784, 1, new long[] { 1, 784 });
        _mlp784Batch = Bind(mlp784, 1, new long[] { PeerBenchmarks.PredictionBatch, 784 });
        _mlp784BatchAll = Bind(mlp784, cores, new long[] { PeerBenchmarks.PredictionBatch, 784 });
        _cnnOne = Bind(cnn, 1, new long[] { 1, 1, 28, 28 });
        _cnnOneAll = Bind(cnn, cores, new long[] { 1, 1, 28, 28 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    [Benchmark(Description = "mlp30.predict1 ONNX Runtime 1 thread")]
    public void Mlp30Predict() => _mlp30One.Run(_run);

    [Benchmark(Description = "mlp30.predict1024 ONNX Runtime 1 thread")]
    public void Mlp30PredictBatch() => _mlp30Batch.Run(_run);

    [Benchmark(Description = "mlp30.predict1024 ONNX Runtime all cores")]
    public void Mlp30PredictBatchAllCores() => _mlp30BatchAll.Run(_run);

    [Benchmark(Description = "mlp784.predict1 ONNX Runtime 1 thread")]
    public void Mlp784Predict() => _mlp784One.Run(_run);

    [Benchmark(Description = "mlp784.predict1024 ONNX Runtime 1 thread")]
    public void Mlp784PredictBatch() => _mlp784Batch.Run(_run);

    [Benchmark(Description = "mlp784.predict1024 ONNX Runtime all cores")]
    public void Mlp784PredictBatchAllCores() => _mlp784BatchAll.Run(_run);

    [Benchmark(Description = "cnn.predict1 ONNX Runtime 1 thread")]
    public void CnnPredict() => _cnnOne.Run(_run);

    [Benchmark(Description = "cnn.predict1 ONNX Runtime all cores")]
    public void CnnPredictAllCores() => _cnnOneAll.Run(_run);

    /// <summary>A session with its input (the same random features as <see cref="PeerBenchmarks"/>) and output bound once.</summary>
    private Bound Bind(byte[] model, int threads, long[] shape)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var session = new InferenceSession(model, options);
        long count = 1;
        foreach (long dimension in shape)
        {
            count *= dimension;
        }

        float[] features = DenseBenchmarks.Random((int)count, seed: (int)(count / shape[0]));
        var input = OrtValue.CreateTensorValueFromMemory(features, shape);
        var output = OrtValue.CreateTensorValueFromMemory(new float[shape[0]], new[] { shape[0], 1L });
        OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput("input", input);
        binding.BindOutput("output", output);
        _owned.AddRange(new IDisposable[] { binding, output, input, session, options });
        return new Bound(session, binding);
    }

    private sealed record Bound(InferenceSession Session, OrtIoBinding Binding)
    {
        public void Run(RunOptions options) => Session.RunWithBinding(options, Binding);
    }
}
