using System;
using ModelGen.Data;

namespace ModelGen.Preprocessing;

/// <summary>
/// Centers each feature on its training mean and divides by its training standard deviation (population, as
/// scikit-learn's <c>StandardScaler</c>); a constant feature is only centered. Fit on training data only.
/// </summary>
public sealed class StandardScaler : FeatureScaler
{
    private StandardScaler(float[] mean, float[] scale)
        : base(mean, scale)
    {
    }

    /// <summary>The training mean of each feature.</summary>
    public float[] Mean => Offset;

    /// <summary>Fits the scaler to <paramref name="training"/>.</summary>
    public static StandardScaler Fit(Dataset training)
    {
        double[][] columns = Columns(training);
        var mean = new float[columns.Length];
        var scale = new float[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            (mean[i], scale[i]) = Statistics(columns[i]);
        }

        return new StandardScaler(mean, scale);
    }

    /// <summary>The mean and the divisor (population standard deviation, 1 when it is 0) of one column.</summary>
    internal static (float Mean, float Scale) Statistics(ReadOnlySpan<double> column)
    {
        double sum = 0;
        foreach (double v in column)
        {
            sum += v;
        }

        double mean = sum / column.Length;

        // Two passes: squared deviations from the mean do not cancel catastrophically.
        double squares = 0;
        foreach (double v in column)
        {
            squares += (v - mean) * (v - mean);
        }

        double std = Math.Sqrt(squares / column.Length);
        return ((float)mean, std > 0 ? (float)std : 1f);
    }
}
