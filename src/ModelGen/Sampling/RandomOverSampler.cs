using System;
using ModelGen.Data;
using ModelGen.Numerics;

namespace ModelGen.Sampling;

/// <summary>
/// Duplicates randomly drawn minority samples (with replacement) until the minority reaches <see cref="BalancingSampler.Ratio"/> times the
/// majority (imbalanced-learn's <c>RandomOverSampler</c>). The original samples come first, then the duplicates.
/// </summary>
public sealed class RandomOverSampler : BalancingSampler
{
    /// <summary>Creates the sampler; <paramref name="ratio"/> 1 balances the classes.</summary>
    public RandomOverSampler(double ratio = 1.0)
        : base(ratio)
    {
    }

    /// <inheritdoc />
    public override Dataset Resample(Dataset training, int seed)
    {
        ArgumentNullException.ThrowIfNull(training);
        var balance = ClassBalance.Of(training, nameof(RandomOverSampler));
        int extra = SamplesToAdd(balance);
        var indices = new int[training.Count + extra];
        for (int i = 0; i < training.Count; i++)
        {
            indices[i] = i;
        }

        var random = new SeededRandom(seed);
        for (int i = 0; i < extra; i++)
        {
            indices[training.Count + i] = balance.Minority[random.NextInt(balance.Minority.Length)];
        }

        return training.Select(indices);
    }
}
