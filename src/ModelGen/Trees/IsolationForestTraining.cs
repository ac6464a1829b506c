using System;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Training;

namespace ModelGen.Trees;

/// <summary>
/// Isolation forest (Liu, Ting and Zhou 2008; scikit-learn's <c>IsolationForest</c>): each tree splits a random
/// subsample of ψ rows on a random feature at a uniform random threshold between the node's minimum and maximum, down to
/// depth ⌈log₂ ψ⌉; a leaf holds its depth plus <c>c(n)</c>, the expected remaining path length of its n rows. The score
/// <c>2^(−E[h(x)]/c(ψ))</c> is near 1 for rows isolated quickly (anomalies). Labels are not used to train; the decision
/// threshold is the score above which the contamination share of the training rows lie.
/// </summary>
internal static class IsolationForestTraining
{
    public static TreeEnsemble Train(TreeModel model, Dataset training, long seed, History history, out float threshold)
    {
        TreeOptions options = model.Options;
        if (training.HasMissingValues)
        {
            throw new ArgumentException("An isolation forest splits at random values between a node's minimum and maximum and has no branch for missing values; impute them first (TabularPipeline).", nameof(training));
        }

        int rows = training.Count, width = training.FeatureCount;
        int sample = Math.Min(rows, (int)options.MaxSamples);
        int depthLimit = (int)Math.Ceiling(Math.Log2(Math.Max(sample, 2)));
        var rng = new SeededRandom(seed);
        var builder = new TreeBuilder();
        var indices = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            indices[i] = i;
        }

        ReadOnlySpan<float> x = training.Features;
        var chosen = new int[sample];
        for (int t = 0; t < options.Trees; t++)
        {
            // A subsample without replacement: the first ψ of a partial shuffle.
            for (int i = 0; i < sample; i++)
            {
                int j = i + rng.NextInt(rows - i);
                (indices[i], indices[j]) = (indices[j], indices[i]);
            }

            indices.AsSpan(0, sample).CopyTo(chosen);
            builder.BeginTree();
            Grow(builder, x, width, chosen, 0, sample, 0, depthLimit, ref rng);
        }

        TreeEnsemble ensemble = builder.Build(width, TreeCombination.IsolationScore, 0f, (float)AveragePathLength(sample), new float[width]);
        var scores = new float[rows];
        ensemble.PredictBatch(x, scores);
        Array.Sort(scores);
        // scikit-learn's offset_: the contamination percentile of the scores (linear interpolation, as numpy's default).
        double position = (1 - options.Contamination) * (rows - 1);
        int below = (int)Math.Floor(position);
        threshold = (float)(scores[below] + (position - below) * (scores[Math.Min(below + 1, rows - 1)] - scores[below]));
        var logs = new System.Collections.Generic.Dictionary<string, double> { ["threshold"] = threshold };
        history.Add(new EpochResult(1, logs));
        return ensemble;
    }

    private static int Grow(TreeBuilder builder, ReadOnlySpan<float> x, int width, int[] rows, int start, int end, int depth, int depthLimit, ref SeededRandom rng)
    {
        int count = end - start;
        if (depth >= depthLimit || count <= 1)
        {
            return builder.AddLeaf((float)(depth + AveragePathLength(count)));
        }

        int feature = rng.NextInt(width);
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int i = start; i < end; i++)
        {
            float v = x[rows[i] * width + feature];
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (!(max > min))
        {
            // A constant feature here cannot split: scikit-learn draws again; a leaf is the simple, equivalent-in-the-limit choice.
            return builder.AddLeaf((float)(depth + AveragePathLength(count)));
        }

        float threshold = (float)(min + rng.NextDouble() * (max - min));
        if (threshold >= max)
        {
            threshold = min;
        }

        int split = start;
        for (int i = start; i < end; i++)
        {
            if (x[rows[i] * width + feature] <= threshold)
            {
                (rows[i], rows[split]) = (rows[split], rows[i]);
                split++;
            }
        }

        int node = builder.AddLeaf(0f);
        int left = Grow(builder, x, width, rows, start, split, depth + 1, depthLimit, ref rng);
        int right = Grow(builder, x, width, rows, split, end, depth + 1, depthLimit, ref rng);
        builder.MakeSplit(node, feature, threshold, missingLeft: false, left, right);
        return node;
    }

    /// <summary><c>c(n) = 2H(n − 1) − 2(n − 1)/n</c>, the average path length of an unsuccessful search in a binary search tree of n keys.</summary>
    private static double AveragePathLength(int n) => n switch
    {
        <= 1 => 0,
        2 => 1,
        _ => 2 * (Math.Log(n - 1) + 0.5772156649015329) - 2.0 * (n - 1) / n,
    };
}
