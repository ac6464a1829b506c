using System;
using ModelGen.Data;
using ModelGen.Numerics;

namespace ModelGen.Sampling;

/// <summary>
/// Keeps every minority sample and a random subset of the majority (without replacement) so that the minority is
/// <see cref="BalancingSampler.Ratio"/> times the majority (imbalanced-learn's <c>RandomUnderSampler</c>). Kept samples stay in their original order.
/// </summary>
public sealed class RandomUnderSampler : BalancingSampler
{
    /// <summary>Creates the sampler; <paramref name="ratio"/> 1 balances the classes.</summary>
    public RandomUnderSampler(double ratio = 1.0)
        : base(ratio)
    {
    }

    /// <inheritdoc />
    public override Dataset Resample(Dataset training, int seed)
    {
        ArgumentNullException.ThrowIfNull(training);
        var balance = ClassBalance.Of(training, nameof(RandomUnderSampler));
        int keep = Math.Min(balance.Majority.Length, (int)Math.Floor(balance.Minority.Length / Ratio));
        int[] majority = (int[])balance.Majority.Clone();
        var random = new SeededRandom(seed);
        random.Shuffle<int>(majority);
        var kept = new bool[training.Count];
        foreach (int index in balance.Minority)
        {
            kept[index] = true;
        }

        for (int i = 0; i < keep; i++)
        {
            kept[majority[i]] = true;
        }

        var indices = new int[balance.Minority.Length + keep];
        for (int i = 0, n = 0; i < kept.Length; i++)
        {
            if (kept[i])
            {
                indices[n++] = i;
            }
        }

        return training.Select(indices);
    }
}
