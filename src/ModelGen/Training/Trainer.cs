using System;
using System.Globalization;
using ModelGen.Data;
using ModelGen.Numerics;

namespace ModelGen.Training;

/// <summary>
/// The training loop around a generated model's <see cref="IModel.TrainStep"/>: epochs, seeded shuffling and
/// minibatches gathered into buffers allocated once per run, so the loop adds no allocation per batch.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> on <paramref name="training"/> and returns the per-epoch history.</summary>
    /// <exception cref="ArgumentException">The data's feature count differs from the model's input size, or an option is out of range.</exception>
    public static History Fit(IModel model, Dataset training, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        RequireShape(model, training, nameof(training));
        if (options.ValidationData is { } validation)
        {
            RequireShape(model, validation, nameof(options));
        }

        if (options.Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "Epochs must be at least 1.");
        }

        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
        }

        int width = model.InputSize;
        int batchSize = Math.Min(options.BatchSize, training.Count);
        var order = new int[training.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var batchFeatures = new float[batchSize * width];
        var batchLabels = new float[batchSize];
        var rng = new SeededRandom(options.Seed);
        var history = new History();
        ReadOnlySpan<float> features = training.Features;
        ReadOnlySpan<float> labels = training.Labels;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            if (options.Shuffle)
            {
                rng.Shuffle<int>(order);
            }

            double lossSum = 0;
            for (int start = 0; start < order.Length; start += batchSize)
            {
                int count = Math.Min(batchSize, order.Length - start);
                for (int k = 0; k < count; k++)
                {
                    int sample = order[start + k];
                    features.Slice(sample * width, width).CopyTo(batchFeatures.AsSpan(k * width, width));
                    batchLabels[k] = labels[sample];
                }

                float loss = model.TrainStep(batchFeatures.AsSpan(0, count * width), batchLabels.AsSpan(0, count));
                lossSum += (double)loss * count;
            }

            double? validationLoss = options.ValidationData is { } v ? Loss(model, v, batchSize) : null;
            var result = new EpochResult(epoch, lossSum / order.Length, validationLoss);
            history.Add(result);
            options.Log?.WriteLine(Describe(result, options.Epochs));
        }

        return history;
    }

    /// <summary>The mean loss of <paramref name="model"/> on <paramref name="data"/>, without changing its parameters.</summary>
    public static double Loss(IModel model, Dataset data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        RequireShape(model, data, nameof(data));
        int width = model.InputSize;
        double sum = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            sum += (double)model.ComputeLoss(data.Features.Slice(start * width, count * width), data.Labels.Slice(start, count)) * count;
        }

        return sum / data.Count;
    }

    private static string Describe(EpochResult result, int epochs)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"Epoch {result.Epoch}/{epochs} - loss: {result.Loss:F4}");
        return result.ValidationLoss is double v ? line + string.Create(CultureInfo.InvariantCulture, $" - val_loss: {v:F4}") : line;
    }

    private static void RequireShape(IModel model, Dataset data, string name)
    {
        if (data.FeatureCount != model.InputSize)
        {
            throw new ArgumentException($"The model reads {model.InputSize} features per sample but the data has {data.FeatureCount}.", name);
        }
    }
}
