using System;
using System.Collections.Generic;
using ModelGen.Numerics;

namespace ModelGen.Selection;

/// <summary>
/// Stratified k-fold cross-validation splits (scikit-learn's <c>StratifiedKFold</c>): each class is shuffled with the
/// seed and dealt round-robin over the folds, so every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ samples of each class c — both
/// classes in every fold — and every sample is tested exactly once.
/// </summary>
public sealed class StratifiedKFold
{
    /// <summary>Creates the splitter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 folds.</exception>
    public StratifiedKFold(int folds = 5, int seed = 0, bool shuffle = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        Folds = folds;
        Seed = seed;
        Shuffle = shuffle;
    }

    /// <summary>The number of folds.</summary>
    public int Folds { get; }

    /// <summary>The seed of the per-class shuffles.</summary>
    public int Seed { get; }

    /// <summary>Whether each class is shuffled before dealing (otherwise samples keep their order).</summary>
    public bool Shuffle { get; }

    /// <summary>The (train, test) indices of each fold, in fold order; indices within a part are ascending.</summary>
    /// <exception cref="ArgumentException">A label is not 0 or 1, or a class has fewer samples than there are folds.</exception>
    public IReadOnlyList<(int[] Train, int[] Test)> Split(ReadOnlySpan<float> labels)
    {
        var classes = new[] { new List<int>(), new List<int>() };
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0f or 1f))
            {
                throw new ArgumentException($"Label {i} is {labels[i]}; labels must be 0 or 1.", nameof(labels));
            }

            classes[(int)labels[i]].Add(i);
        }

        for (int label = 0; label <= 1; label++)
        {
            if (classes[label].Count < Folds)
            {
                throw new ArgumentException(
                    $"Class {label} has {classes[label].Count} samples, fewer than the {Folds} folds: some fold would test without it. Use at most {classes[label].Count} folds.",
                    nameof(labels));
            }
        }

        var fold = new int[labels.Length];
        var rng = new SeededRandom(Seed);
        int next = 0;
        foreach (List<int> members in classes)
        {
            int[] order = members.ToArray();
            if (Shuffle)
            {
                rng.Shuffle<int>(order);
            }

            // Continuing the round-robin across classes keeps the fold sizes within one of each other.
            foreach (int index in order)
            {
                fold[index] = next;
                next = (next + 1) % Folds;
            }
        }

        var splits = new (int[] Train, int[] Test)[Folds];
        for (int k = 0; k < Folds; k++)
        {
            var train = new List<int>();
            var test = new List<int>();
            for (int i = 0; i < fold.Length; i++)
            {
                (fold[i] == k ? test : train).Add(i);
            }

            splits[k] = (train.ToArray(), test.ToArray());
        }

        return splits;
    }
}
