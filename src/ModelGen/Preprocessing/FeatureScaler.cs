using System;
using ModelGen.Data;

namespace ModelGen.Preprocessing;

/// <summary>
/// A per-feature affine map <c>x' = (x − Offset) / Scale</c> fitted on training data: the common shape of
/// <see cref="StandardScaler"/> and <see cref="MinMaxScaler"/>. Transforming never refits.
/// </summary>
public abstract class FeatureScaler
{
    private protected FeatureScaler(float[] offset, float[] scale)
    {
        Offset = offset;
        Scale = scale;
    }

    /// <summary>What is subtracted from each feature.</summary>
    public float[] Offset { get; }

    /// <summary>What each centered feature is divided by (never 0: a constant feature gets 1).</summary>
    public float[] Scale { get; }

    /// <summary>The number of features the scaler was fitted on.</summary>
    public int FeatureCount => Offset.Length;

    /// <summary>Scales one sample in place.</summary>
    public void TransformInPlace(Span<float> row)
    {
        if (row.Length != Offset.Length)
        {
            throw new ArgumentException($"The scaler was fitted on {Offset.Length} features but the row has {row.Length}.", nameof(row));
        }

        for (int i = 0; i < row.Length; i++)
        {
            row[i] = (row[i] - Offset[i]) / Scale[i];
        }
    }

    /// <summary>A scaled copy of <paramref name="data"/>.</summary>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != Offset.Length)
        {
            throw new ArgumentException($"The scaler was fitted on {Offset.Length} features but the dataset has {data.FeatureCount}.", nameof(data));
        }

        float[] features = data.Features.ToArray();
        for (int n = 0; n < data.Count; n++)
        {
            TransformInPlace(features.AsSpan(n * Offset.Length, Offset.Length));
        }

        return data.WithFeatures(features);
    }

    /// <summary>Each feature of <paramref name="training"/> as a column of doubles, for fitting.</summary>
    private protected static double[][] Columns(Dataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        int width = training.FeatureCount;
        var columns = new double[width][];
        ReadOnlySpan<float> features = training.Features;
        for (int i = 0; i < width; i++)
        {
            columns[i] = new double[training.Count];
            for (int n = 0; n < training.Count; n++)
            {
                columns[i][n] = features[n * width + i];
            }
        }

        return columns;
    }
}
