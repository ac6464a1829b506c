using System;
using ModelGen.Data;

namespace ModelGen.Preprocessing;

/// <summary>
/// Maps each feature's training range onto [0, 1]: <c>(x − min) / (max − min)</c> (scikit-learn's <c>MinMaxScaler</c>);
/// a constant feature maps to 0. Values outside the training range fall outside [0, 1], as in scikit-learn.
/// </summary>
public sealed class MinMaxScaler : FeatureScaler
{
    private MinMaxScaler(float[] minimum, float[] range)
        : base(minimum, range)
    {
    }

    /// <summary>The training minimum of each feature.</summary>
    public float[] Minimum => Offset;

    /// <summary>Fits the scaler to <paramref name="training"/>.</summary>
    public static MinMaxScaler Fit(Dataset training)
    {
        double[][] columns = Columns(training);
        var minimum = new float[columns.Length];
        var range = new float[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            (minimum[i], range[i]) = Statistics(columns[i]);
        }

        return new MinMaxScaler(minimum, range);
    }

    /// <summary>The minimum and the divisor (the range, 1 when it is 0) of one column.</summary>
    internal static (float Minimum, float Range) Statistics(ReadOnlySpan<double> column)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in column)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        double range = max - min;
        return ((float)min, range > 0 ? (float)range : 1f);
    }
}
