using System;
using System.Collections.Generic;

namespace ModelGen.Trees;

/// <summary>
/// Quantile binning, as XGBoost's and LightGBM's histogram methods and scikit-learn's HistGradientBoosting bin: each
/// feature gets at most <c>maxBins</c> bins whose upper edges are midpoints between distinct training values (every
/// distinct value its own bin when there are few enough, quantiles of the distinct values otherwise). A value lands in the
/// first bin whose edge it does not exceed, so a split "bin ≤ b" is the split "x ≤ edge[b]" on raw values and prediction
/// needs no binning. NaN goes to a bin of its own, the last one.
/// </summary>
internal sealed class FeatureBins
{
    private FeatureBins(float[][] edges, int maxBins)
    {
        Edges = edges;
        MissingBin = maxBins;
        Stride = maxBins + 1;
    }

    /// <summary>Per feature, the ascending upper edges of its bins but the last (which holds everything above them).</summary>
    public float[][] Edges { get; }

    /// <summary>The bin index of a missing value, the same for every feature.</summary>
    public int MissingBin { get; }

    /// <summary>Bins per feature in a histogram, the missing bin included.</summary>
    public int Stride { get; }

    /// <summary>Bins feature <paramref name="feature"/> uses for values (its edges plus one).</summary>
    public int ValueBins(int feature) => Edges[feature].Length + 1;

    /// <summary>Learns the edges from row-major <paramref name="features"/> of <paramref name="width"/> columns.</summary>
    public static FeatureBins Fit(ReadOnlySpan<float> features, int width, int maxBins)
    {
        if (maxBins is < 2 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBins), maxBins, "MaxBins must be in [2, 255]: bins are stored in one byte, one value kept for missing values.");
        }

        int rows = features.Length / width;
        var edges = new float[width][];
        var column = new float[rows];
        for (int f = 0; f < width; f++)
        {
            int present = 0;
            for (int i = 0; i < rows; i++)
            {
                float x = features[i * width + f];
                if (!float.IsNaN(x))
                {
                    column[present++] = x;
                }
            }

            edges[f] = EdgesOf(column.AsSpan(0, present), maxBins);
        }

        return new FeatureBins(edges, maxBins);
    }

    /// <summary>The edges of one feature's present values.</summary>
    private static float[] EdgesOf(Span<float> values, int maxBins)
    {
        if (values.Length == 0)
        {
            return Array.Empty<float>();
        }

        values.Sort();
        var distinct = new List<float> { values[0] };
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] != distinct[^1])
            {
                distinct.Add(values[i]);
            }
        }

        if (distinct.Count <= maxBins)
        {
            var midpoints = new float[distinct.Count - 1];
            for (int i = 0; i < midpoints.Length; i++)
            {
                midpoints[i] = Midpoint(distinct[i], distinct[i + 1]);
            }

            return midpoints;
        }

        // Quantiles of the data (not of the distinct values), each edge a midpoint between neighbouring values so that
        // no training value sits on an edge; repeated edges (heavy ties) collapse.
        var quantiles = new List<float>(maxBins - 1);
        for (int q = 1; q < maxBins; q++)
        {
            int at = (int)((long)q * values.Length / maxBins);
            int upper = Math.Min(at, values.Length - 1);
            int lower = upper;
            while (lower > 0 && values[lower - 1] == values[upper])
            {
                lower--;
            }

            if (lower == 0)
            {
                continue;
            }

            float edge = Midpoint(values[lower - 1], values[upper]);
            if (quantiles.Count == 0 || edge > quantiles[^1])
            {
                quantiles.Add(edge);
            }
        }

        return quantiles.ToArray();
    }

    /// <summary>A value strictly between <paramref name="a"/> and <paramref name="b"/> when float has one, else <paramref name="a"/>.</summary>
    private static float Midpoint(float a, float b)
    {
        float mid = a + (b - a) / 2f;
        return mid >= b ? a : mid;
    }

    /// <summary>The bin of one value of feature <paramref name="feature"/>.</summary>
    public byte Bin(int feature, float x)
    {
        if (float.IsNaN(x))
        {
            return (byte)MissingBin;
        }

        float[] edges = Edges[feature];
        int low = 0, high = edges.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (x <= edges[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return (byte)low;
    }

    /// <summary>Bins every value, column-major (<c>[feature][row]</c>), so a histogram reads one feature's bins in a run.</summary>
    public byte[] BinColumns(ReadOnlySpan<float> features, int width)
    {
        int rows = features.Length / width;
        var bins = new byte[rows * width];
        for (int f = 0; f < width; f++)
        {
            int offset = f * rows;
            for (int i = 0; i < rows; i++)
            {
                bins[offset + i] = Bin(f, features[i * width + f]);
            }
        }

        return bins;
    }

    /// <summary>The raw-value threshold of the split "bin ≤ <paramref name="bin"/>": its edge, or +∞ for the last value bin.</summary>
    public float Threshold(int feature, int bin) =>
        bin < Edges[feature].Length ? Edges[feature][bin] : float.PositiveInfinity;
}
