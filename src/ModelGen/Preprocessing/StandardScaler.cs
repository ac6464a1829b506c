using System;
using ModelGen.Data;

namespace ModelGen.Preprocessing;

/// <summary>
/// Centers each feature on its training mean and divides by its training standard deviation (population, as
/// scikit-learn's <c>StandardScaler</c>); a constant feature is only centered. Fit on training data only.
/// </summary>
public sealed class StandardScaler
{
    private StandardScaler(float[] mean, float[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    /// <summary>The training mean of each feature.</summary>
    public float[] Mean { get; }

    /// <summary>The divisor of each feature: its standard deviation, or 1 where that is 0.</summary>
    public float[] Scale { get; }

    /// <summary>Fits the scaler to <paramref name="training"/>.</summary>
    public static StandardScaler Fit(Dataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        int width = training.FeatureCount;
        var sum = new double[width];
        var sumSquares = new double[width];
        ReadOnlySpan<float> features = training.Features;
        for (int n = 0; n < training.Count; n++)
        {
            for (int i = 0; i < width; i++)
            {
                double v = features[n * width + i];
                sum[i] += v;
            }
        }

        var mean = new float[width];
        for (int i = 0; i < width; i++)
        {
            mean[i] = (float)(sum[i] / training.Count);
        }

        // Two passes: squared deviations from the mean do not cancel catastrophically.
        for (int n = 0; n < training.Count; n++)
        {
            for (int i = 0; i < width; i++)
            {
                double d = features[n * width + i] - sum[i] / training.Count;
                sumSquares[i] += d * d;
            }
        }

        var scale = new float[width];
        for (int i = 0; i < width; i++)
        {
            double std = Math.Sqrt(sumSquares[i] / training.Count);
            scale[i] = std > 0 ? (float)std : 1f;
        }

        return new StandardScaler(mean, scale);
    }

    /// <summary>Scales one sample in place.</summary>
    public void TransformInPlace(Span<float> row)
    {
        if (row.Length != Mean.Length)
        {
            throw new ArgumentException($"The scaler was fitted on {Mean.Length} features but the row has {row.Length}.", nameof(row));
        }

        for (int i = 0; i < row.Length; i++)
        {
            row[i] = (row[i] - Mean[i]) / Scale[i];
        }
    }

    /// <summary>A scaled copy of <paramref name="data"/>.</summary>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != Mean.Length)
        {
            throw new ArgumentException($"The scaler was fitted on {Mean.Length} features but the dataset has {data.FeatureCount}.", nameof(data));
        }

        float[] features = data.Features.ToArray();
        for (int n = 0; n < data.Count; n++)
        {
            TransformInPlace(features.AsSpan(n * Mean.Length, Mean.Length));
        }

        return data.WithFeatures(features);
    }
}
