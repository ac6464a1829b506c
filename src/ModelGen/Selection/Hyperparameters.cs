using System;
using System.Collections.Generic;
using System.Globalization;
using ModelGen.Training;

namespace ModelGen.Selection;

/// <summary>
/// The run-time hyperparameters of one training run: what search varies without recompiling the model.
/// <see langword="null"/> keeps the model's declared value (learning rate, L2) or the model's own threshold.
/// </summary>
public sealed record Hyperparameters
{
    /// <summary>The learning rate; <see langword="null"/> keeps the declared one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is NaN, infinite, zero or negative.</exception>
    public float? LearningRate { get; init => field = value is float rate ? Numerics.ModelMath.RequireLearningRate(rate) : null; }

    /// <summary>Samples per gradient step.</summary>
    public int BatchSize { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "BatchSize must be at least 1."); } = 32;

    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, "Epochs must be at least 1."); } = 10;

    /// <summary>Per-class loss weights, or none.</summary>
    public ClassWeights? ClassWeights { get; init; }

    /// <summary>The L2 strength of every layer; <see langword="null"/> keeps the declared ones.</summary>
    public float? L2 { get; init => field = value is not float l2 || (l2 >= 0f && float.IsFinite(l2)) ? value : throw new ArgumentOutOfRangeException(nameof(L2), l2, "An L2 strength must be finite and at least 0 (MG0021)."); }

    /// <summary>The decision threshold the score is computed at; <see langword="null"/> uses the model's.</summary>
    public float? Threshold { get; init => field = value is not float t || float.IsFinite(t) ? value : throw new ArgumentOutOfRangeException(nameof(Threshold), t, "A decision threshold must be finite."); }

    /// <summary>Sets the learning rate and L2 strengths on a fresh gradient-trained model.</summary>
    /// <exception cref="ArgumentException">A learning rate or L2 strength is given for a model that is not gradient-trained.</exception>
    public void ApplyTo(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (LearningRate is null && L2 is null)
        {
            return;
        }

        if (model is not IGradientModel network)
        {
            // Silently ignoring them would score a search's candidates as different when they are the same model.
            throw new ArgumentException($"LearningRate and L2 apply to gradient-trained models; {model.GetType().Name} ({model.Architecture}) is not one. Set its own hyperparameters on the model.", nameof(model));
        }

        if (LearningRate is float rate)
        {
            network.LearningRate = rate;
        }

        if (L2 is float l2)
        {
            network.L2Strengths.Fill(l2);
        }
    }

    /// <summary>The fit options of this run on top of <paramref name="baseOptions"/> (seed, callbacks, resampler, metrics).</summary>
    public FitOptions ToFitOptions(FitOptions baseOptions) => baseOptions with
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        ClassWeights = ClassWeights ?? baseOptions.ClassWeights,
    };

    /// <summary>Only the values that were set, as <c>name=value</c> pairs.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        CultureInfo invariant = CultureInfo.InvariantCulture;
        if (LearningRate is float rate)
        {
            parts.Add(string.Create(invariant, $"lr={rate:G4}"));
        }

        parts.Add(string.Create(invariant, $"batch={BatchSize}"));
        parts.Add(string.Create(invariant, $"epochs={Epochs}"));
        if (ClassWeights is not null)
        {
            parts.Add($"class_weight={ClassWeights}");
        }

        if (L2 is float l2)
        {
            parts.Add(string.Create(invariant, $"l2={l2:G4}"));
        }

        if (Threshold is float threshold)
        {
            parts.Add(string.Create(invariant, $"threshold={threshold:G4}"));
        }

        return string.Join(" ", parts);
    }
}
