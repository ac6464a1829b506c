using System;
using ModelGen.Data;
using ModelGen.Numerics;

namespace ModelGen.Sampling;

/// <summary>
/// SMOTE (Chawla et al., 2002; imbalanced-learn's <c>SMOTE</c>): each synthetic sample lies at a uniformly random point on
/// the segment between a random minority sample and one of its <see cref="Neighbors"/> nearest minority neighbours
/// (Euclidean, on the features as given — scale them first; found exactly by a k-d tree, not by comparing every pair). The original samples come first, then the synthetic ones.
/// </summary>
public sealed class Smote : BalancingSampler
{
    /// <summary>Creates the sampler with imbalanced-learn's default of 5 neighbours.</summary>
    public Smote(int neighbors = 5, double ratio = 1.0)
        : base(ratio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbors, 1);
        Neighbors = neighbors;
    }

    /// <summary>How many nearest minority neighbours a synthetic sample may be drawn towards.</summary>
    public int Neighbors { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The minority class has no more samples than <see cref="Neighbors"/>.</exception>
    public override Dataset Resample(Dataset training, int seed)
    {
        ArgumentNullException.ThrowIfNull(training);
        var balance = ClassBalance.Of(training, nameof(Smote));
        int[] minority = balance.Minority;
        if (minority.Length <= Neighbors)
        {
            throw new ArgumentException(
                $"SMOTE with {Neighbors} neighbours needs more than {Neighbors} minority samples; the training data have {minority.Length}. Use fewer neighbours or RandomOverSampler.",
                nameof(training));
        }

        int extra = SamplesToAdd(balance);
        int[,] neighbors = NearestNeighbors(training, minority, Neighbors);
        int width = training.FeatureCount;
        var features = new float[(training.Count + extra) * width];
        var labels = new float[training.Count + extra];
        training.Features.CopyTo(features);
        training.Labels.CopyTo(labels);
        var random = new SeededRandom(seed);
        for (int s = 0; s < extra; s++)
        {
            int pick = random.NextInt(minority.Length);
            ReadOnlySpan<float> from = training.Row(minority[pick]);
            ReadOnlySpan<float> to = training.Row(minority[neighbors[pick, random.NextInt(Neighbors)]]);
            float gap = (float)random.NextDouble();
            Span<float> synthetic = features.AsSpan((training.Count + s) * width, width);
            for (int f = 0; f < width; f++)
            {
                synthetic[f] = from[f] + gap * (to[f] - from[f]);
            }

            labels[training.Count + s] = balance.MinorityLabel;
        }

        return new Dataset(features, labels, training.FeatureNames, training.PositiveClass, training.NegativeClass);
    }

    /// <summary>
    /// For each minority sample, the positions (in <paramref name="minority"/>) of its <paramref name="k"/> nearest other
    /// minority samples, nearest first, ties to the earlier sample: an exact k-d tree search (<see cref="KdTree"/>), not a
    /// comparison of every pair.
    /// </summary>
    private static int[,] NearestNeighbors(Dataset data, int[] minority, int k)
    {
        float[] features = data.Features.ToArray();
        var tree = new KdTree(features, data.FeatureCount, minority);
        var position = new System.Collections.Generic.Dictionary<int, int>(minority.Length);
        for (int i = 0; i < minority.Length; i++)
        {
            position[minority[i]] = i;
        }

        var result = new int[minority.Length, k];
        var rows = new int[k];
        var distances = new double[k];
        for (int i = 0; i < minority.Length; i++)
        {
            // The sample itself never counts as its own neighbour.
            tree.Nearest(data.Row(minority[i]), rows, distances, exclude: minority[i]);
            for (int n = 0; n < k; n++)
            {
                result[i, n] = position[rows[n]];
            }
        }

        return result;
    }
}
