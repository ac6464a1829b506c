using System;
using System.Collections.Generic;
using ModelGen.Numerics;

namespace ModelGen.Data;

/// <summary>Seeded, reproducible train/test index splits.</summary>
public static class Splitting
{
    /// <summary>
    /// Indices of a train/test split. Stratified: each class contributes <c>round(fraction · classCount)</c> test
    /// samples (at least one and at most all but one when the class has two or more), so the class balance survives.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">A stratified split of a class with fewer than 2 samples, or a split leaving a side empty.</exception>
    public static (int[] Train, int[] Test) TrainTest(ReadOnlySpan<float> labels, double testFraction, bool stratify, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }

        var rng = new SeededRandom(seed);
        var train = new List<int>();
        var test = new List<int>();
        if (stratify)
        {
            for (int label = 0; label <= 1; label++)
            {
                var members = new List<int>();
                for (int i = 0; i < labels.Length; i++)
                {
                    if (labels[i] == label)
                    {
                        members.Add(i);
                    }
                }

                if (members.Count == 0)
                {
                    continue;
                }

                if (members.Count < 2)
                {
                    throw new ArgumentException($"Class {label} has only {members.Count} sample; a stratified split needs at least 2 per class.", nameof(labels));
                }

                int[] shuffled = members.ToArray();
                rng.Shuffle<int>(shuffled);
                int testCount = Math.Clamp((int)Math.Round(testFraction * shuffled.Length, MidpointRounding.AwayFromZero), 1, shuffled.Length - 1);
                test.AddRange(shuffled.AsSpan(0, testCount).ToArray());
                train.AddRange(shuffled.AsSpan(testCount).ToArray());
            }
        }
        else
        {
            int[] all = new int[labels.Length];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = i;
            }

            rng.Shuffle<int>(all);
            int testCount = (int)Math.Round(testFraction * all.Length, MidpointRounding.AwayFromZero);
            test.AddRange(all.AsSpan(0, testCount).ToArray());
            train.AddRange(all.AsSpan(testCount).ToArray());
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException($"Splitting {labels.Length} samples with test fraction {testFraction} leaves one side empty.", nameof(labels));
        }

        // Interleave the classes again so neither part is sorted by label.
        int[] trainArray = train.ToArray();
        int[] testArray = test.ToArray();
        rng.Shuffle<int>(trainArray);
        rng.Shuffle<int>(testArray);
        return (trainArray, testArray);
    }
}
