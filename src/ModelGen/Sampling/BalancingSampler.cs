using System;
using ModelGen.Data;

namespace ModelGen.Sampling;

/// <summary>A resampler that brings the minority class to a chosen ratio of the majority.</summary>
public abstract class BalancingSampler : IResampler
{
    /// <summary>Checks and keeps the ratio; 1 balances the classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ratio is outside (0, 1].</exception>
    protected BalancingSampler(double ratio)
    {
        if (!(ratio > 0 && ratio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The ratio of minority to majority samples after resampling must be in (0, 1]; 1 balances the classes.");
        }

        Ratio = ratio;
    }

    /// <summary>The minority-to-majority ratio after resampling.</summary>
    public double Ratio { get; }

    /// <inheritdoc />
    public abstract Dataset Resample(Dataset training, int seed);

    /// <summary>How many minority samples to add so the minority reaches <see cref="Ratio"/> times the majority.</summary>
    private protected int SamplesToAdd(ClassBalance balance) =>
        Math.Max(0, (int)Math.Ceiling(Ratio * balance.Majority.Length) - balance.Minority.Length);
}
