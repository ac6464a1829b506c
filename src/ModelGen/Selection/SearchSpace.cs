using System;
using System.Collections.Generic;
using ModelGen.Training;

namespace ModelGen.Selection;

/// <summary>
/// The values a search tries for each run-time hyperparameter (scikit-learn's <c>param_grid</c>). An empty list keeps
/// the base <see cref="Hyperparameters"/> value. Random search draws from the lists, and from
/// <see cref="LearningRateRange"/> log-uniformly when it is set.
/// </summary>
public sealed record SearchSpace
{
    /// <summary>Learning rates to try.</summary>
    public IReadOnlyList<float> LearningRates { get; init; } = Array.Empty<float>();

    /// <summary>For random search: draw the learning rate log-uniformly from this range instead of the list.</summary>
    public (float Minimum, float Maximum)? LearningRateRange { get; init; }

    /// <summary>Batch sizes to try.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = Array.Empty<int>();

    /// <summary>Epoch counts to try.</summary>
    public IReadOnlyList<int> Epochs { get; init; } = Array.Empty<int>();

    /// <summary>Class weightings to try (<see langword="null"/> in the list keeps the base <see cref="Training.FitOptions.ClassWeights"/>, none by default).</summary>
    public IReadOnlyList<ClassWeights?> ClassWeights { get; init; } = Array.Empty<ClassWeights?>();

    /// <summary>L2 strengths (for every layer) to try.</summary>
    public IReadOnlyList<float> L2 { get; init; } = Array.Empty<float>();

    /// <summary>Decision thresholds to score at.</summary>
    public IReadOnlyList<float> Thresholds { get; init; } = Array.Empty<float>();

    /// <summary>Every combination of the listed values, in order (the last list varies fastest).</summary>
    public IReadOnlyList<Hyperparameters> Grid(Hyperparameters baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        IEnumerable<Hyperparameters> all = new[] { baseline };
        all = Expand(all, LearningRates, (h, v) => h with { LearningRate = v });
        all = Expand(all, BatchSizes, (h, v) => h with { BatchSize = v });
        all = Expand(all, Epochs, (h, v) => h with { Epochs = v });
        all = Expand(all, ClassWeights, (h, v) => h with { ClassWeights = v });
        all = Expand(all, L2, (h, v) => h with { L2 = v });
        all = Expand(all, Thresholds, (h, v) => h with { Threshold = v });
        return new List<Hyperparameters>(all);
    }

    /// <summary>One random draw.</summary>
    internal Hyperparameters Draw(Hyperparameters baseline, ref Numerics.SeededRandom random)
    {
        Hyperparameters h = baseline;
        if (LearningRateRange is (float min, float max))
        {
            if (!(min > 0 && max >= min))
            {
                throw new ArgumentOutOfRangeException(nameof(LearningRateRange), "The learning-rate range needs 0 < minimum ≤ maximum.");
            }

            h = h with { LearningRate = (float)Math.Exp(Math.Log(min) + random.NextDouble() * (Math.Log(max) - Math.Log(min))) };
        }
        else if (LearningRates.Count > 0)
        {
            h = h with { LearningRate = LearningRates[random.NextInt(LearningRates.Count)] };
        }

        if (BatchSizes.Count > 0)
        {
            h = h with { BatchSize = BatchSizes[random.NextInt(BatchSizes.Count)] };
        }

        if (Epochs.Count > 0)
        {
            h = h with { Epochs = Epochs[random.NextInt(Epochs.Count)] };
        }

        if (ClassWeights.Count > 0)
        {
            h = h with { ClassWeights = ClassWeights[random.NextInt(ClassWeights.Count)] };
        }

        if (L2.Count > 0)
        {
            h = h with { L2 = L2[random.NextInt(L2.Count)] };
        }

        if (Thresholds.Count > 0)
        {
            h = h with { Threshold = Thresholds[random.NextInt(Thresholds.Count)] };
        }

        return h;
    }

    private static IEnumerable<Hyperparameters> Expand<T>(IEnumerable<Hyperparameters> all, IReadOnlyList<T> values, Func<Hyperparameters, T, Hyperparameters> set)
    {
        if (values.Count == 0)
        {
            return all;
        }

        var expanded = new List<Hyperparameters>();
        foreach (Hyperparameters h in all)
        {
            foreach (T value in values)
            {
                expanded.Add(set(h, value));
            }
        }

        return expanded;
    }
}
