using System;
using System.Collections.Generic;
using ModelGen.Data;

namespace ModelGen.Sampling;

/// <summary>The two classes of a training set as index lists, and the resampling target shared by every sampler.</summary>
internal readonly struct ClassBalance
{
    private ClassBalance(int[] minority, int[] majority, float minorityLabel)
    {
        Minority = minority;
        Majority = majority;
        MinorityLabel = minorityLabel;
    }

    public int[] Minority { get; }

    public int[] Majority { get; }

    public float MinorityLabel { get; }

    /// <summary>Splits <paramref name="data"/> by class; the smaller class is the minority (the positive one on a tie).</summary>
    /// <exception cref="ArgumentException">A class is missing.</exception>
    public static ClassBalance Of(Dataset data, string sampler)
    {
        var positives = new List<int>();
        var negatives = new List<int>();
        ReadOnlySpan<float> labels = data.Labels;
        for (int i = 0; i < labels.Length; i++)
        {
            (labels[i] == 1f ? positives : negatives).Add(i);
        }

        if (positives.Count == 0 || negatives.Count == 0)
        {
            throw new ArgumentException($"{sampler} needs both classes in the training data ({positives.Count} positive, {negatives.Count} negative).", nameof(data));
        }

        return positives.Count <= negatives.Count
            ? new ClassBalance(positives.ToArray(), negatives.ToArray(), 1f)
            : new ClassBalance(negatives.ToArray(), positives.ToArray(), 0f);
    }
}
