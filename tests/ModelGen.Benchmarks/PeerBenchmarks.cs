using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ModelGen.Benchmarks;

/// <summary>
/// The workloads of the side-by-side comparison (run-peers.sh), .NET side: ModelGen, the naive C# MLP and CNN, and
/// ML.NET's logistic regressions. Each benchmark's description is the workload ID the PyTorch and scikit-learn
/// runner (peers.py) uses for the same work, so the report can put them in one row. Data are random, labels balanced.
/// The "ModelGen" rows run on one thread, as the peers' "1 thread" rows do; the "ModelGen, every core" rows let the
/// same models split their batches across <see cref="Environment.ProcessorCount"/> threads (the models' default).
/// </summary>
[MemoryDiagnoser]
public class PeerBenchmarks
{
    /// <summary>Samples of one epoch of the MLP workloads.</summary>
    public const int EpochSamples = 4096;

    /// <summary>Samples of one batch-prediction workload.</summary>
    public const int PredictionBatch = 1024;

    private readonly Cancer30 _mlp30 = new(seed: 1) { Threads = 1 };
    private readonly Digits64 _mlp64 = new(seed: 1) { Threads = 1 };
    private readonly Fashion784 _mlp784 = new(seed: 1) { Threads = 1 };
    private readonly SeedCnn _cnn = new(seed: 1) { Threads = 1 };
    private readonly Cancer30 _mlp30EveryCore = new(seed: 1) { Threads = Environment.ProcessorCount };
    private readonly Digits64 _mlp64EveryCore = new(seed: 1) { Threads = Environment.ProcessorCount };
    private readonly Fashion784 _mlp784EveryCore = new(seed: 1) { Threads = Environment.ProcessorCount };
    private readonly SeedCnn _cnnEveryCore = new(seed: 1) { Threads = Environment.ProcessorCount };
    private readonly Logistic30 _logistic = new(seed: 1);
    private Cancer30.Frozen _mlp30Frozen = null!;
    private Fashion784.Frozen _mlp784Frozen = null!;
    private SeedCnn.Frozen _cnnFrozen = null!;
    private readonly NaiveMlp _naive30 = new(new[] { 30, 16, 8, 1 }, seed: 1);
    private readonly NaiveMlp _naive64 = new(new[] { 64, 32, 1 }, seed: 1);
    private readonly NaiveMlp _naive784 = new(new[] { 784, 128, 64, 1 }, seed: 1);
    private readonly NaiveCnn _naiveCnn = new();
    private readonly Dictionary<int, float[]> _features = new();
    private float[] _labels = null!;
    private float[] _outputs = null!;
    private MLContext _ml = null!;
    private IDataView _breastCancerSized = null!;
    private PredictionEngine<Row, Prediction> _lbfgs = null!;
    private PredictionEngine<Row, Prediction> _sdca = null!;
    private Row _row = null!;

    [GlobalSetup]
    public void Setup()
    {
        foreach (int width in new[] { 30, 64, 784 })
        {
            _features[width] = DenseBenchmarks.Random(EpochSamples * width, width);
        }

        _mlp30Frozen = _mlp30.Freeze();
        _mlp784Frozen = _mlp784.Freeze();
        _cnnFrozen = _cnn.Freeze();
        _labels = Enumerable.Range(0, EpochSamples).Select(i => (float)(i % 2)).ToArray();
        _outputs = new float[PredictionBatch];
        _ml = new MLContext(seed: 1);
        float[] x = _features[30];
        Row[] rows = Enumerable.Range(0, 455).Select(n => new Row { Features = x[(n * 30)..(n * 30 + 30)], Label = n % 2 == 0 }).ToArray();
        _breastCancerSized = _ml.Data.LoadFromEnumerable(rows);
        _lbfgs = _ml.Model.CreatePredictionEngine<Row, Prediction>(FitLbfgs());
        _sdca = _ml.Model.CreatePredictionEngine<Row, Prediction>(FitSdca());
        _row = rows[0];
    }

    private float[] Sample(int width) => _features[width];

    [Benchmark(Description = "mlp30.predict1 ModelGen")]
    public float Mlp30Predict() => _mlp30.Predict(Sample(30).AsSpan(0, 30));

    [Benchmark(Description = "mlp30.predict1 ModelGen frozen")]
    public float Mlp30PredictFrozen() => _mlp30Frozen.Predict(Sample(30).AsSpan(0, 30));

    [Benchmark(Description = "mlp30.predict1 naive C#")]
    public float Mlp30PredictNaive() => _naive30.Predict(Sample(30)[..30]);

    [Benchmark(Description = "mlp30.predict1024 ModelGen")]
    public void Mlp30PredictBatch() => _mlp30.PredictBatch(Sample(30).AsSpan(0, PredictionBatch * 30), _outputs);

    [Benchmark(Description = "mlp30.predict1024 ModelGen, every core")]
    public void Mlp30PredictBatchEveryCore() => _mlp30EveryCore.PredictBatch(Sample(30).AsSpan(0, PredictionBatch * 30), _outputs);

    [Benchmark(Description = "mlp30.train32 ModelGen")]
    public float Mlp30Train() => _mlp30.TrainStep(Sample(30).AsSpan(0, 32 * 30), _labels.AsSpan(0, 32));

    [Benchmark(Description = "mlp30.epoch4096x32 ModelGen")]
    public float Mlp30Epoch() => Epoch(_mlp30, 30, 32);

    [Benchmark(Description = "mlp64.predict1 ModelGen")]
    public float Mlp64Predict() => _mlp64.Predict(Sample(64).AsSpan(0, 64));

    [Benchmark(Description = "mlp64.predict1 naive C#")]
    public float Mlp64PredictNaive() => _naive64.Predict(Sample(64)[..64]);

    [Benchmark(Description = "mlp64.predict1024 ModelGen")]
    public void Mlp64PredictBatch() => _mlp64.PredictBatch(Sample(64).AsSpan(0, PredictionBatch * 64), _outputs);

    [Benchmark(Description = "mlp64.predict1024 ModelGen, every core")]
    public void Mlp64PredictBatchEveryCore() => _mlp64EveryCore.PredictBatch(Sample(64).AsSpan(0, PredictionBatch * 64), _outputs);

    [Benchmark(Description = "mlp64.train32 ModelGen")]
    public float Mlp64Train() => _mlp64.TrainStep(Sample(64).AsSpan(0, 32 * 64), _labels.AsSpan(0, 32));

    [Benchmark(Description = "mlp64.epoch4096x32 ModelGen")]
    public float Mlp64Epoch() => Epoch(_mlp64, 64, 32);

    [Benchmark(Description = "mlp784.predict1 ModelGen")]
    public float Mlp784Predict() => _mlp784.Predict(Sample(784).AsSpan(0, 784));

    [Benchmark(Description = "mlp784.predict1 ModelGen frozen")]
    public float Mlp784PredictFrozen() => _mlp784Frozen.Predict(Sample(784).AsSpan(0, 784));

    [Benchmark(Description = "mlp784.predict1 naive C#")]
    public float Mlp784PredictNaive() => _naive784.Predict(Sample(784)[..784]);

    [Benchmark(Description = "mlp784.predict1024 ModelGen")]
    public void Mlp784PredictBatch() => _mlp784.PredictBatch(Sample(784).AsSpan(0, PredictionBatch * 784), _outputs);

    [Benchmark(Description = "mlp784.predict1024 ModelGen frozen")]
    public void Mlp784PredictBatchFrozen() => _mlp784Frozen.PredictBatch(Sample(784).AsSpan(0, PredictionBatch * 784), _outputs);

    [Benchmark(Description = "mlp784.predict1024 ModelGen, every core")]
    public void Mlp784PredictBatchEveryCore() => _mlp784EveryCore.PredictBatch(Sample(784).AsSpan(0, PredictionBatch * 784), _outputs);

    [Benchmark(Description = "mlp784.train64 ModelGen")]
    public float Mlp784Train() => _mlp784.TrainStep(Sample(784).AsSpan(0, 64 * 784), _labels.AsSpan(0, 64));

    [Benchmark(Description = "mlp784.train64 ModelGen, every core")]
    public float Mlp784TrainEveryCore() => _mlp784EveryCore.TrainStep(Sample(784).AsSpan(0, 64 * 784), _labels.AsSpan(0, 64));

    [Benchmark(Description = "mlp784.epoch4096x64 ModelGen")]
    public float Mlp784Epoch() => Epoch(_mlp784, 784, 64);

    [Benchmark(Description = "mlp784.epoch4096x64 ModelGen, every core")]
    public float Mlp784EpochEveryCore() => Epoch(_mlp784EveryCore, 784, 64);

    [Benchmark(Description = "cnn.predict1 ModelGen")]
    public float CnnPredict() => _cnn.Predict(Sample(784).AsSpan(0, 784));

    [Benchmark(Description = "cnn.predict1 ModelGen frozen")]
    public float CnnPredictFrozen() => _cnnFrozen.Predict(Sample(784).AsSpan(0, 784));

    [Benchmark(Description = "cnn.predict1 naive C#")]
    public float CnnPredictNaive() => _naiveCnn.Predict(Sample(784)[..784]);

    [Benchmark(Description = "cnn.train32 ModelGen")]
    public float CnnTrain() => _cnn.TrainStep(Sample(784).AsSpan(0, 32 * 784), _labels.AsSpan(0, 32));

    [Benchmark(Description = "cnn.train32 ModelGen, every core")]
    public float CnnTrainEveryCore() => _cnnEveryCore.TrainStep(Sample(784).AsSpan(0, 32 * 784), _labels.AsSpan(0, 32));

    [Benchmark(Description = "logreg.predict1 ModelGen")]
    public float LogisticPredict() => _logistic.Predict(Sample(30).AsSpan(0, 30));

    [Benchmark(Description = "logreg.predict1 ML.NET L-BFGS")]
    public float LogisticPredictLbfgs() => _lbfgs.Predict(_row).Probability;

    [Benchmark(Description = "logreg.predict1 ML.NET SDCA")]
    public float LogisticPredictSdca() => _sdca.Predict(_row).Probability;

    /// <summary>ModelGen has no L-BFGS: its logistic regression trains 100 epochs of Adam in batches of 32, enough to converge on 455 samples.</summary>
    [Benchmark(Description = "logreg.fit455 ModelGen")]
    public float LogisticFit()
    {
        float loss = 0f;
        for (int epoch = 0; epoch < 100; epoch++)
        {
            for (int start = 0; start < 455; start += 32)
            {
                int count = Math.Min(32, 455 - start);
                loss = _logistic.TrainStep(Sample(30).AsSpan(start * 30, count * 30), _labels.AsSpan(start, count));
            }
        }

        return loss;
    }

    [Benchmark(Description = "logreg.fit455 ML.NET L-BFGS")]
    public ITransformer LogisticFitLbfgs() => FitLbfgs();

    [Benchmark(Description = "logreg.fit455 ML.NET SDCA")]
    public ITransformer LogisticFitSdca() => FitSdca();

    private ITransformer FitLbfgs() =>
        _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }).Fit(_breastCancerSized);

    private ITransformer FitSdca() =>
        _ml.BinaryClassification.Trainers.SdcaLogisticRegression(new Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }).Fit(_breastCancerSized);

    /// <summary>One pass over <see cref="EpochSamples"/> samples in batches of <paramref name="batch"/>.</summary>
    private float Epoch(IGradientModel model, int width, int batch)
    {
        float loss = 0f;
        float[] x = Sample(width);
        for (int start = 0; start < EpochSamples; start += batch)
        {
            loss = model.TrainStep(x.AsSpan(start * width, batch * width), _labels.AsSpan(start, batch));
        }

        return loss;
    }

    /// <summary>A breast-cancer-sized row for ML.NET.</summary>
    public sealed class Row
    {
        [VectorType(30)]
        public float[] Features { get; set; } = Array.Empty<float>();

        public bool Label { get; set; }
    }

    /// <summary>ML.NET's binary prediction.</summary>
    public sealed class Prediction
    {
        public bool PredictedLabel { get; set; }

        public float Probability { get; set; }

        public float Score { get; set; }
    }
}
