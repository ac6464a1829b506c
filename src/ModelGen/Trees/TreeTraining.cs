using System;
using System.Collections.Generic;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Selection;
using ModelGen.Training;

namespace ModelGen.Trees;

/// <summary>
/// The training algorithms of <see cref="TreeModel"/>: one shared, allocation-light implementation per algorithm over
/// quantile-binned data (<see cref="FeatureBins"/>) and histogram tree growth (<see cref="TreeGrower{TBin}"/>).
/// </summary>
internal static class TreeTraining
{
    public static TreeCombination CombinationOf(TreeAlgorithm algorithm) => algorithm switch
    {
        TreeAlgorithm.GradientBoostedTrees or TreeAlgorithm.EasyEnsemble => TreeCombination.LogisticSum,
        TreeAlgorithm.IsolationForest => TreeCombination.IsolationScore,
        _ => TreeCombination.Average,
    };

    public static TreeEnsemble Train(TreeModel model, Dataset training, FitOptions fit, long seed, History history, out float threshold)
    {
        TreeOptions options = model.Options;
        Trainer.Validate(fit, training);
        threshold = 0.5f;
        if (options.Algorithm == TreeAlgorithm.IsolationForest)
        {
            return IsolationForestTraining.Train(model, training, seed, history, out threshold);
        }

        if (options.Algorithm == TreeAlgorithm.EasyEnsemble)
        {
            return EasyEnsemble(options, training, fit, seed, history);
        }

        (Dataset train, Dataset? validation, float[]? weights) = Trainer.Prepare(training, fit);
        if (options.Algorithm == TreeAlgorithm.GradientBoostedTrees && options.EarlyStoppingRounds > 0 && validation is null)
        {
            // Early stopping needs data the trees never see: a stratified hold-out, as HistGradientBoosting's.
            (int[] fitRows, int[] heldOut) = Splitting.TrainTest(train.Labels, options.ValidationFraction, stratify: true, (int)seed);
            validation = train.Select(heldOut);
            weights = weights is null ? null : Pick(weights, fitRows);
            train = train.Select(fitRows);
        }

        RequireBothClasses(train);
        var rng = new SeededRandom(seed);
        ITreeGrower grower = Grower(train, options.MaxBins);
        TreeEnsemble ensemble = options.Algorithm == TreeAlgorithm.GradientBoostedTrees
            ? Boost(options, train, validation, weights, grower, ref rng, history)
            : Forest(options, train, weights, grower, ref rng);
        if (options.Algorithm != TreeAlgorithm.GradientBoostedTrees)
        {
            AddEpoch(history, 1, LogLoss(ensemble, train, weights), validation is null ? null : LogLoss(ensemble, validation, null));
        }

        PeakHistogramBytes = grower.PeakHistogramBytes;
        return ensemble;
    }

    /// <summary>A grower over <paramref name="data"/> binned to at most <paramref name="maxBins"/> a feature: one byte a value when they fit, two otherwise.</summary>
    private static ITreeGrower Grower(Dataset data, int maxBins)
    {
        int rows = data.Count;
        float[] columns = ColumnMajor(data.Features, rows, data.FeatureCount);
        FeatureBins binning = FeatureBins.Fit(columns, rows, maxBins);
        return binning.FitsInBytes
            ? new TreeGrower<byte>(binning.BinColumns<byte>(columns, rows), columns, rows, data.FeatureCount, binning)
            : new TreeGrower<ushort>(binning.BinColumns<ushort>(columns, rows), columns, rows, data.FeatureCount, binning);
    }

    /// <summary>
    /// The transpose of row-major <paramref name="rowMajor"/>, in tiles of rows by features that fit in the first-level
    /// cache together: an element-by-element transpose of Fashion-MNIST's 60,000 × 784 values misses the cache on every
    /// write and took a second.
    /// </summary>
    private static float[] ColumnMajor(ReadOnlySpan<float> rowMajor, int rows, int width)
    {
        const int Tile = 32;
        var columns = new float[rowMajor.Length];
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int f0 = 0; f0 < width; f0 += Tile)
            {
                int f1 = Math.Min(width, f0 + Tile);
                for (int f = f0; f < f1; f++)
                {
                    for (int r = r0; r < r1; r++)
                    {
                        columns[f * rows + r] = rowMajor[r * width + f];
                    }
                }
            }
        }

        return columns;
    }

    /// <summary>The histogram memory the last training on this thread held at its peak (the benchmark reports it).</summary>
    [ThreadStatic]
    public static long PeakHistogramBytes;

    /// <summary>A decision tree (one tree on every row) or a (balanced) random forest (bootstrap rows, √n features a split).</summary>
    private static TreeEnsemble Forest(TreeOptions options, Dataset train, float[]? weights, ITreeGrower grower, ref SeededRandom rng)
    {
        int rows = train.Count;
        bool single = options.Algorithm == TreeAlgorithm.DecisionTree;
        int trees = single ? 1 : options.Trees;
        var limits = new GrowthLimits(
            options.Criterion == SplitCriterion.Entropy ? SplitObjective.Entropy : SplitObjective.Gini,
            options.MaxDepth, options.MaxLeaves, options.MinSamplesLeaf, options.MinSamplesSplit, 0, 0, 1,
            options.FeaturesPerSplit(train.FeatureCount), options.Growth);
        var g = new double[rows];
        var h = new double[rows];
        var count = new float[rows];
        int[] features = AllFeatures(train.FeatureCount);
        var gains = new double[train.FeatureCount];
        var builder = new TreeBuilder();
        ReadOnlySpan<float> labels = train.Labels;
        int[] positives = Indices(labels, 1f), negatives = Indices(labels, 0f);
        for (int t = 0; t < trees; t++)
        {
            Array.Clear(count);
            if (single || !options.Bootstrap)
            {
                count.AsSpan().Fill(1f);
            }
            else if (options.Algorithm == TreeAlgorithm.BalancedRandomForest)
            {
                // imbalanced-learn's BalancedRandomForest: a bootstrap of the minority class and as many majority rows.
                int draw = Math.Max(1, (int)(Math.Min(positives.Length, negatives.Length) * options.MaxSamples));
                for (int i = 0; i < draw; i++)
                {
                    count[positives[rng.NextInt(positives.Length)]]++;
                    count[negatives[rng.NextInt(negatives.Length)]]++;
                }
            }
            else
            {
                int draw = Math.Max(1, (int)(rows * options.MaxSamples));
                for (int i = 0; i < draw; i++)
                {
                    count[rng.NextInt(rows)]++;
                }
            }

            for (int r = 0; r < rows; r++)
            {
                double w = count[r] * (weights?[r] ?? 1f);
                h[r] = w;
                g[r] = w * labels[r];
            }

            builder.BeginTree();
            grower.Grow(g, h, count, features, limits, builder, gains, ref rng);
        }

        return builder.Build(train.FeatureCount, TreeCombination.Average, 0f, 1f, ToFloats(gains));
    }

    /// <summary>
    /// Gradient boosting on the log loss: each round fits a tree to the gradients <c>p − y</c> and Hessians <c>p(1 − p)</c>
    /// (weighted) with Newton leaf values <c>−G/(H + λ)</c> shrunk by the learning rate, from the log-odds of the training
    /// positives; with <see cref="TreeOptions.EarlyStoppingRounds"/> it keeps the rounds up to the best validation loss.
    /// </summary>
    private static TreeEnsemble Boost(TreeOptions options, Dataset train, Dataset? validation, float[]? weights, ITreeGrower grower, ref SeededRandom rng, History history)
    {
        int rows = train.Count, width = train.FeatureCount;
        ReadOnlySpan<float> labels = train.Labels;
        double positiveWeight = 0, totalWeight = 0;
        for (int r = 0; r < rows; r++)
        {
            double w = weights?[r] ?? 1f;
            positiveWeight += w * labels[r];
            totalWeight += w;
        }

        float baseScore = (float)Math.Log(positiveWeight / (totalWeight - positiveWeight));
        var raw = new double[rows];
        raw.AsSpan().Fill(baseScore);
        double[]? validationRaw = validation is null ? null : new double[validation.Count];
        validationRaw?.AsSpan().Fill(baseScore);
        var g = new double[rows];
        var h = new double[rows];
        var count = new float[rows];
        var gains = new double[width];
        var builder = new TreeBuilder();
        var limits = new GrowthLimits(SplitObjective.Newton, options.MaxDepth, options.MaxLeaves, options.MinSamplesLeaf, options.MinSamplesSplit,
            options.MinChildWeight, options.L2, options.LearningRate, width, options.Growth);
        int[] all = AllFeatures(width);
        int columns = Math.Max(1, (int)Math.Round(options.ColumnSample * width));
        int[] features = new int[columns];
        double bestLoss = double.PositiveInfinity;
        int bestRounds = 0;
        for (int round = 1; round <= options.Trees; round++)
        {
            double loss = 0;
            for (int r = 0; r < rows; r++)
            {
                double w = weights?[r] ?? 1f;
                double p = ModelMath.Sigmoid(raw[r]);
                g[r] = w * (p - labels[r]);
                h[r] = w * Math.Max(p * (1 - p), 1e-16);
                loss += w * ModelMath.BinaryCrossEntropyFromLogit(raw[r], labels[r]);
            }

            Sample(count, options.Subsample, ref rng);
            if (columns < width)
            {
                rng.Shuffle<int>(all);
                all.AsSpan(0, columns).CopyTo(features);
                Array.Sort(features);
            }
            else
            {
                all.CopyTo(features, 0);
            }

            int tree = builder.TreeCount;
            builder.BeginTree();
            grower.Grow(g, h, count, features, limits, builder, gains, ref rng);
            int root = builder.Root(tree);
            ReadOnlySpan<int> leaves = grower.LeafOfRow;
            for (int r = 0; r < rows; r++)
            {
                // The grower knows the leaf of every row it partitioned; only rows the subsample left out walk the tree.
                raw[r] += leaves[r] >= 0 ? builder.Value(leaves[r]) : builder.Walk(root, train.Features.Slice(r * width, width));
            }

            double? validationLoss = null;
            if (validation is not null)
            {
                double sum = 0;
                for (int r = 0; r < validation.Count; r++)
                {
                    validationRaw![r] += builder.Walk(root, validation.Features.Slice(r * width, width));
                    sum += ModelMath.BinaryCrossEntropyFromLogit(validationRaw[r], validation.Labels[r]);
                }

                validationLoss = sum / validation.Count;
                if (validationLoss < bestLoss - 1e-12)
                {
                    bestLoss = validationLoss.Value;
                    bestRounds = round;
                }
            }

            AddEpoch(history, round, loss / totalWeight, validationLoss);
            if (options.EarlyStoppingRounds > 0 && round - bestRounds >= options.EarlyStoppingRounds)
            {
                history.StopReason = $"early stopping: the validation loss last improved in round {bestRounds}";
                break;
            }
        }

        TreeEnsemble ensemble = builder.Build(width, TreeCombination.LogisticSum, baseScore, 1f, ToFloats(gains));
        return options.EarlyStoppingRounds > 0 && bestRounds < ensemble.TreeCount ? Truncate(ensemble, bestRounds) : ensemble;
    }

    /// <summary>
    /// EasyEnsemble: a boosted learner on each balanced subset (every minority row, as many majority rows drawn without
    /// replacement), combined by averaging their log-odds: each learner's leaves scaled by 1/K, the base score their mean.
    /// </summary>
    private static TreeEnsemble EasyEnsemble(TreeOptions options, Dataset training, FitOptions fit, long seed, History history)
    {
        (Dataset train, _, float[]? weights) = Trainer.Prepare(training, fit with { ValidationSplit = 0, ValidationData = null });
        RequireBothClasses(train);
        int[] positives = Indices(train.Labels, 1f), negatives = Indices(train.Labels, 0f);
        (int[] minority, int[] majority) = positives.Length <= negatives.Length ? (positives, negatives) : (negatives, positives);
        var rng = new SeededRandom(seed);
        var learnerOptions = options with { Algorithm = TreeAlgorithm.GradientBoostedTrees, EarlyStoppingRounds = 0 };
        var builder = new TreeBuilder();
        var gains = new float[train.FeatureCount];
        double baseScore = 0;
        float scale = 1f / options.Subsets;
        for (int k = 0; k < options.Subsets; k++)
        {
            int[] rows = new int[2 * minority.Length];
            minority.CopyTo(rows, 0);
            int[] drawn = (int[])majority.Clone();
            for (int i = 0; i < minority.Length; i++)
            {
                int j = i + rng.NextInt(drawn.Length - i);
                (drawn[i], drawn[j]) = (drawn[j], drawn[i]);
                rows[minority.Length + i] = drawn[i];
            }

            Array.Sort(rows);
            Dataset subset = train.Select(rows);
            ITreeGrower grower = Grower(subset, options.MaxBins);
            TreeEnsemble learner = Boost(learnerOptions, subset, null, weights is null ? null : Pick(weights, rows), grower, ref rng, new History());
            baseScore += learner.BaseScore * (double)scale;
            Copy(learner, learner.TreeCount, scale, builder);
            for (int f = 0; f < gains.Length; f++)
            {
                gains[f] += learner.Gains[f];
            }
        }

        TreeEnsemble ensemble = builder.Build(train.FeatureCount, TreeCombination.LogisticSum, (float)baseScore, 1f, gains);
        AddEpoch(history, 1, LogLoss(ensemble, train, weights), null);
        return ensemble;
    }

    /// <summary>Each row in or out of this round's sample, without replacement (boosting's <c>subsample</c>).</summary>
    private static void Sample(float[] count, double fraction, ref SeededRandom rng)
    {
        if (fraction >= 1)
        {
            count.AsSpan().Fill(1f);
            return;
        }

        for (int r = 0; r < count.Length; r++)
        {
            count[r] = rng.NextDouble() < fraction ? 1f : 0f;
        }
    }

    /// <summary>The first <paramref name="trees"/> trees of a boosted ensemble (early stopping's best round).</summary>
    private static TreeEnsemble Truncate(TreeEnsemble ensemble, int trees)
    {
        var builder = new TreeBuilder();
        Copy(ensemble, Math.Max(1, trees), 1f, builder);
        return builder.Build(ensemble.InputSize, ensemble.Combination, ensemble.BaseScore, ensemble.Normalizer, ensemble.Gains);
    }

    /// <summary>Appends the first <paramref name="trees"/> trees of <paramref name="ensemble"/> to <paramref name="builder"/>, leaf values times <paramref name="scale"/>.</summary>
    private static void Copy(TreeEnsemble ensemble, int trees, float scale, TreeBuilder builder)
    {
        for (int t = 0; t < trees; t++)
        {
            builder.BeginTree();
            int offset = builder.NodeCount;
            foreach (TreeNode node in ensemble.Nodes(t))
            {
                int index = builder.AddLeaf(node.Value * scale);
                if (node.Feature >= 0)
                {
                    builder.MakeSplit(index, node.Feature, node.Threshold, node.MissingLeft, offset + node.Left, offset + node.Right);
                }
            }
        }
    }

    private static double LogLoss(TreeEnsemble ensemble, Dataset data, float[]? weights)
    {
        var scores = new float[data.Count];
        ensemble.PredictBatch(data.Features, scores);
        double sum = 0, total = 0;
        for (int r = 0; r < data.Count; r++)
        {
            double w = weights?[r] ?? 1f;
            double p = Math.Clamp(scores[r], 1e-7, 1 - 1e-7);
            sum -= w * (data.Labels[r] == 1f ? Math.Log(p) : Math.Log(1 - p));
            total += w;
        }

        return sum / total;
    }

    private static void AddEpoch(History history, int epoch, double loss, double? validationLoss)
    {
        var logs = new Dictionary<string, double> { ["loss"] = loss };
        if (validationLoss is double v)
        {
            logs["val_loss"] = v;
        }

        history.Add(new EpochResult(epoch, logs));
    }

    private static void RequireBothClasses(Dataset train)
    {
        int positives = 0;
        foreach (float label in train.Labels)
        {
            positives += (int)label;
        }

        if (positives == 0 || positives == train.Count)
        {
            throw new ArgumentException($"The training data hold only the {(positives == 0 ? "negative" : "positive")} class ({train.Count} rows); a classifier needs examples of both.", nameof(train));
        }
    }

    private static int[] AllFeatures(int width)
    {
        var features = new int[width];
        for (int f = 0; f < width; f++)
        {
            features[f] = f;
        }

        return features;
    }

    private static int[] Indices(ReadOnlySpan<float> labels, float label)
    {
        var indices = new List<int>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == label)
            {
                indices.Add(i);
            }
        }

        return indices.ToArray();
    }

    private static float[] Pick(float[] values, int[] indices)
    {
        var picked = new float[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            picked[i] = values[indices[i]];
        }

        return picked;
    }

    private static float[] ToFloats(double[] values) => Array.ConvertAll(values, v => (float)v);
}
