using System;
using System.Collections.Generic;

namespace ModelGen.Calibration;

/// <summary>
/// Isotonic regression: the non-decreasing step function of the score closest to the labels in squared error, fitted
/// by pool-adjacent-violators; between fitted scores the probability is interpolated linearly and outside them clipped
/// (scikit-learn's <c>IsotonicRegression(out_of_bounds="clip")</c>, <c>method="isotonic"</c>). Tied scores are pooled first.
/// </summary>
public sealed class IsotonicCalibration : ICalibrator
{
    private readonly double[] _x;
    private readonly double[] _y;

    private IsotonicCalibration(double[] x, double[] y)
    {
        _x = x;
        _y = y;
    }

    /// <summary>The distinct validation scores, ascending.</summary>
    public IReadOnlyList<double> Scores => _x;

    /// <summary>The fitted probability at each of <see cref="Scores"/>.</summary>
    public IReadOnlyList<double> Probabilities => _y;

    /// <summary>Fits the step function to <paramref name="scores"/> and 0/1 <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, a label is not 0 or 1, a score is not finite, or a class is missing.</exception>
    public static IsotonicCalibration Fit(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        CalibrationData.Validate(scores, labels, "Isotonic calibration");
        int[] order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        float[] keys = scores.ToArray();
        Array.Sort(keys, order);

        // Pool tied scores into one point weighted by its count.
        var x = new List<double>();
        var sums = new List<double>();
        var weights = new List<double>();
        for (int i = 0; i < order.Length; i++)
        {
            if (x.Count > 0 && x[^1] == keys[i])
            {
                sums[^1] += labels[order[i]];
                weights[^1] += 1;
            }
            else
            {
                x.Add(keys[i]);
                sums.Add(labels[order[i]]);
                weights.Add(1);
            }
        }

        // Pool adjacent violators: blocks of (mean, weight, length) kept non-decreasing.
        var mean = new List<double>();
        var weight = new List<double>();
        var length = new List<int>();
        for (int i = 0; i < x.Count; i++)
        {
            mean.Add(sums[i] / weights[i]);
            weight.Add(weights[i]);
            length.Add(1);
            while (mean.Count > 1 && mean[^2] > mean[^1])
            {
                double w = weight[^2] + weight[^1];
                mean[^2] = (mean[^2] * weight[^2] + mean[^1] * weight[^1]) / w;
                weight[^2] = w;
                length[^2] += length[^1];
                mean.RemoveAt(mean.Count - 1);
                weight.RemoveAt(weight.Count - 1);
                length.RemoveAt(length.Count - 1);
            }
        }

        var y = new double[x.Count];
        for (int block = 0, at = 0; block < mean.Count; block++)
        {
            for (int k = 0; k < length[block]; k++)
            {
                y[at++] = mean[block];
            }
        }

        return new IsotonicCalibration(x.ToArray(), y);
    }

    /// <summary>Rebuilds a fitted step function from its points (as saved in a classifier file).</summary>
    /// <exception cref="FormatException">The points are empty, of different counts, or not ascending.</exception>
    internal static IsotonicCalibration FromPoints(double[] scores, double[] probabilities)
    {
        if (scores.Length == 0 || scores.Length != probabilities.Length)
        {
            throw new FormatException($"An isotonic calibration needs as many probabilities as scores, at least one: got {scores.Length} and {probabilities.Length}.");
        }

        for (int i = 1; i < scores.Length; i++)
        {
            if (!(scores[i] > scores[i - 1]) || probabilities[i] < probabilities[i - 1])
            {
                throw new FormatException($"The isotonic calibration points are not increasing at point {i}.");
            }
        }

        return new IsotonicCalibration(scores, probabilities);
    }

    /// <inheritdoc />
    public float Calibrate(float score)
    {
        if (float.IsNaN(score))
        {
            return float.NaN;
        }

        if (score <= _x[0])
        {
            return (float)_y[0];
        }

        if (score >= _x[^1])
        {
            return (float)_y[^1];
        }

        int index = Array.BinarySearch(_x, (double)score);
        if (index >= 0)
        {
            return (float)_y[index];
        }

        int upper = ~index;
        int lower = upper - 1;
        double fraction = (score - _x[lower]) / (_x[upper] - _x[lower]);
        return (float)(_y[lower] + fraction * (_y[upper] - _y[lower]));
    }
}
