using System;
using System.Collections.Generic;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Numerics;

namespace ModelGen.Training;

/// <summary>
/// The training loop around a generated model's <see cref="IGradientModel.TrainStep"/>, as Keras's <c>model.fit</c>: validation
/// split or data, class and sample weights, resampling of the training part, seeded shuffling, minibatches, per-epoch loss
/// and metrics, callbacks and progress output. Every buffer is allocated before the first epoch, so the loop adds no
/// allocation per batch (with silent output); metrics come from the scores the training step writes, not a second pass.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> on <paramref name="training"/> and returns the per-epoch history.</summary>
    /// <exception cref="ArgumentException">The data's feature count differs from the model's input size, or an option is out of range or contradicts another.</exception>
    public static History Fit(IGradientModel model, Dataset training, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        RequireShape(model, training, nameof(training));
        Validate(options, training);
        RequireValidHyperparameters(model);
        int threads = model.Threads;
        model.Threads = options.Threads ?? threads;
        try
        {
            return Train(model, training, options);
        }
        finally
        {
            model.Threads = threads;
        }
    }

    private static History Train(IGradientModel model, Dataset training, FitOptions options)
    {
        (Dataset train, Dataset? validation, float[]? weights) = Prepare(training, options);
        if (validation is not null)
        {
            RequireShape(model, validation, nameof(options));
        }

        if (model is IFullBatchModel fullBatch)
        {
            return FullBatchTrainer.Fit(fullBatch, train, validation, weights, options);
        }

        int width = model.InputSize;
        int batchSize = Math.Min(options.BatchSize, train.Count);
        int steps = (train.Count + batchSize - 1) / batchSize;
        var order = new int[train.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var batchFeatures = new float[batchSize * width];
        var batchLabels = new float[batchSize];
        float[]? batchWeights = weights is null ? null : new float[batchSize];
        var epochScores = new float[train.Count];
        var epochLabels = new float[train.Count];
        float[]? validationScores = validation is null ? null : new float[validation.Count];
        var epochStart = new float[model.ParameterCount];
        var rng = new SeededRandom(options.Seed);
        var history = new History();
        var reporter = new ProgressReporter(options.Log, options.Verbosity);
        var context = new TrainingContext(model, options.Epochs, history, reporter);
        ThreadCalibration? calibration = options.Threads is null && model.Threads > 1 && model.TrainingParallelism == TrainingParallelism.ByLayerOutputs
            ? new ThreadCalibration(model.Threads)
            : null;
        IReadOnlyList<Callback> callbacks = options.Callbacks;
        ReadOnlySpan<float> features = train.Features;
        ReadOnlySpan<float> labels = train.Labels;

        reporter.TrainBegin(options.Epochs, steps);
        foreach (Callback callback in callbacks)
        {
            callback.OnTrainBegin(context);
        }

        for (int epoch = 1; epoch <= options.Epochs && !context.StopTraining; epoch++)
        {
            context.Epoch = epoch;
            foreach (Callback callback in callbacks)
            {
                callback.OnEpochBegin(context);
            }

            reporter.EpochBegin(epoch);
            float learningRate = model.LearningRate;
            if (options.Shuffle)
            {
                rng.Shuffle<int>(order);
            }

            model.Parameters.CopyTo(epochStart);
            double lossSum = 0;
            int seen = 0;
            int skipped = 0;
            float lastNonFinite = 0f;
            for (int start = 0, step = 1; start < order.Length && !context.StopTraining; start += batchSize, step++)
            {
                int count = Math.Min(batchSize, order.Length - start);
                for (int k = 0; k < count; k++)
                {
                    int sample = order[start + k];
                    features.Slice(sample * width, width).CopyTo(batchFeatures.AsSpan(k * width, width));
                    batchLabels[k] = labels[sample];
                    epochLabels[seen + k] = labels[sample]; // kept batches stay contiguous: a skipped one is overwritten
                    if (batchWeights is not null)
                    {
                        batchWeights[k] = weights![sample];
                    }
                }

                foreach (Callback callback in callbacks)
                {
                    callback.OnBatchBegin(context);
                }

                calibration?.BeginStep(model, fullBatch: count == batchSize);
                float loss = model.TrainStep(
                    batchFeatures.AsSpan(0, count * width),
                    batchLabels.AsSpan(0, count),
                    batchWeights is null ? default : batchWeights.AsSpan(0, count),
                    epochScores.AsSpan(seen, count));
                calibration?.EndStep();
                foreach (Callback callback in callbacks)
                {
                    callback.OnBatchEnd(context, loss);
                }

                if (!float.IsFinite(loss))
                {
                    if (context.StopTraining)
                    {
                        break;
                    }

                    if (options.OnNonFiniteLoss == NonFiniteLoss.Stop)
                    {
                        bool restore = ModelMath.IndexOfNonFinite(model.Parameters) >= 0;
                        if (restore)
                        {
                            epochStart.CopyTo(model.Parameters);
                        }

                        throw new TrainingDivergedException(epoch, step, loss, restore, history);
                    }

                    skipped++;
                    lastNonFinite = loss;
                    continue;
                }

                lossSum += (double)loss * count;
                seen += count;
                reporter.BatchEnd(step, lossSum / seen);
            }

            if (seen == 0)
            {
                if (skipped > 0)
                {
                    // SkipBatch kept nothing: an epoch that learned nothing would pass for a finished one.
                    throw new TrainingDivergedException(epoch, skipped, lastNonFinite, restoredEpochStart: false, history);
                }

                break;
            }

            var logs = new Dictionary<string, double> { ["loss"] = lossSum / seen };
            if (skipped > 0)
            {
                logs["skipped_batches"] = skipped;
            }

            AddMetrics(logs, "", options.Metrics, epochScores.AsSpan(0, seen), epochLabels.AsSpan(0, seen), model.DecisionThreshold);
            if (validation is not null)
            {
                logs["val_loss"] = Loss(model, validation, batchSize, validationScores);
                AddMetrics(logs, "val_", options.Metrics, validationScores, validation.Labels, model.DecisionThreshold);
            }

            logs["lr"] = learningRate;
            var result = new EpochResult(epoch, logs);
            history.Add(result);
            reporter.EpochEnd(result);
            foreach (Callback callback in callbacks)
            {
                callback.OnEpochEnd(context, result);
            }
        }

        foreach (Callback callback in callbacks)
        {
            callback.OnTrainEnd(context);
        }

        history.Threads = model.Threads;
        return history;
    }

    /// <summary>The mean loss of <paramref name="model"/> on <paramref name="data"/>, without changing its parameters.</summary>
    public static double Loss(IGradientModel model, Dataset data, int batchSize = 256) => Loss(model, data, batchSize, scores: null);

    internal static double Loss(IGradientModel model, Dataset data, int batchSize, float[]? scores)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        RequireShape(model, data, nameof(data));
        int width = model.InputSize;
        double sum = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            Span<float> batchScores = scores is null ? default : scores.AsSpan(start, count);
            sum += (double)model.ComputeLoss(data.Features.Slice(start * width, count * width), data.Labels.Slice(start, count), default, batchScores) * count;
        }

        return sum / data.Count;
    }

    internal static void AddMetrics(Dictionary<string, double> logs, string prefix, IReadOnlyList<EpochMetric> metrics,
        ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, float threshold)
    {
        if (metrics.Count == 0)
        {
            return;
        }

        ConfusionMatrix matrix = Metrics.Confusion(scores, labels, threshold);
        RankedScores? ranked = null;
        foreach (EpochMetric metric in metrics)
        {
            (string name, double value) = metric switch
            {
                EpochMetric.Accuracy => ("accuracy", matrix.Accuracy),
                EpochMetric.Precision => ("precision", matrix.Precision),
                EpochMetric.Recall => ("recall", matrix.Recall),
                EpochMetric.F1 => ("f1", matrix.F1),
                EpochMetric.RocAuc => ("auc", Ranked(ref ranked, scores, labels) is { Positives: > 0, Negatives: > 0 } r ? r.RocAuc() : double.NaN),
                EpochMetric.AveragePrecision => ("pr_auc", Ranked(ref ranked, scores, labels) is { Positives: > 0 } r ? r.AveragePrecision() : double.NaN),
                _ => throw new ArgumentOutOfRangeException(nameof(metrics), metric, "Unknown epoch metric."),
            };
            logs[prefix + name] = value;
        }
    }

    private static RankedScores Ranked(ref RankedScores? ranked, ReadOnlySpan<float> scores, ReadOnlySpan<float> labels) =>
        ranked ??= new RankedScores(scores, labels);

    internal static void Validate(FitOptions options, Dataset training)
    {
        if (options.Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "Epochs must be at least 1.");
        }

        if (options.Threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be at least 1 (1 trains on the calling thread alone), or null for the model's own setting.");
        }

        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
        }

        if (!(options.ValidationSplit >= 0 && options.ValidationSplit < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationSplit, "ValidationSplit must be in [0, 1): the fraction of training data held out.");
        }

        if (options.ValidationSplit > 0 && options.ValidationData is not null)
        {
            throw new ArgumentException("Give ValidationData or ValidationSplit, not both (Keras uses validation_data and ignores the split; here it is an error).", nameof(options));
        }

        if (options.SampleWeights is { } sampleWeights)
        {
            if (sampleWeights.Count != training.Count)
            {
                throw new ArgumentException($"SampleWeights holds {sampleWeights.Count} weights for {training.Count} training samples.", nameof(options));
            }

            if (options.Resampler is not null)
            {
                throw new ArgumentException("SampleWeights cannot follow samples through a Resampler; use ClassWeights with resampling, or weights without it.", nameof(options));
            }

            for (int i = 0; i < sampleWeights.Count; i++)
            {
                if (!(sampleWeights[i] >= 0) || !float.IsFinite(sampleWeights[i]))
                {
                    throw new ArgumentException($"Sample weight {i} is {sampleWeights[i]}; weights must be finite and non-negative.", nameof(options));
                }
            }
        }
    }

    /// <summary>Holds out validation data, resamples the training part and resolves the per-sample loss weights, in that order.</summary>
    internal static (Dataset Train, Dataset? Validation, float[]? Weights) Prepare(Dataset training, FitOptions options)
    {
        Dataset train = training;
        Dataset? validation = options.ValidationData;
        int[]? kept = null;
        if (options.ValidationSplit > 0)
        {
            (int[] trainIndices, int[] validationIndices) = Splitting.TrainTest(training.Labels, options.ValidationSplit, stratify: true, options.Seed);
            if (trainIndices.Length == 0 || validationIndices.Length == 0)
            {
                throw new ArgumentException($"ValidationSplit {options.ValidationSplit} of {training.Count} samples leaves one part empty.", nameof(options));
            }

            train = training.Select(trainIndices);
            validation = training.Select(validationIndices);
            kept = trainIndices;
        }

        if (options.Resampler is { } resampler)
        {
            train = resampler.Resample(train, options.Seed);
        }

        if (options.ClassWeights is null && options.SampleWeights is null)
        {
            return (train, validation, null);
        }

        (float negative, float positive) = options.ClassWeights?.Resolve(train.Labels) ?? (1f, 1f);
        var weights = new float[train.Count];
        ReadOnlySpan<float> labels = train.Labels;
        for (int i = 0; i < weights.Length; i++)
        {
            float sampleWeight = options.SampleWeights is { } given ? given[kept is null ? i : kept[i]] : 1f;
            weights[i] = (labels[i] == 1f ? positive : negative) * sampleWeight;
        }

        return (train, validation, weights);
    }

    /// <summary>Run-time settings a user may have changed since construction: the same rules the build applies to the declared ones.</summary>
    private static void RequireValidHyperparameters(IGradientModel model)
    {
        ModelMath.RequireLearningRate(model.LearningRate);
        ReadOnlySpan<float> strengths = model.L2Strengths;
        for (int i = 0; i < strengths.Length; i++)
        {
            if (!(strengths[i] >= 0f) || !float.IsFinite(strengths[i]))
            {
                throw new ArgumentException(
                    $"L2Strengths[{i}] is {strengths[i]}; an L2 strength must be finite and at least 0 (as MG0021 requires of the declared one).", nameof(model));
            }
        }

        int bad = ModelMath.IndexOfNonFinite(model.Parameters);
        if (bad >= 0)
        {
            throw new ArgumentException($"Parameter {bad} of the model is {model.Parameters[bad]}: training cannot start from non-finite weights. Load or initialize the model again.", nameof(model));
        }
    }

    private static void RequireShape(IGradientModel model, Dataset data, string name)
    {
        if (data.HasMissingValues)
        {
            throw new ArgumentException("The data holds missing values (NaN); a network needs every feature: impute them with a TabularPipeline, or use a tree model, which routes them.", name);
        }

        if (data.FeatureCount != model.InputSize)
        {
            throw new ArgumentException($"The model reads {model.InputSize} features per sample but the data has {data.FeatureCount}.", name);
        }
    }
}
