using System;

namespace ModelGen.Calibration;

/// <summary>
/// Platt scaling: <c>p = 1 / (1 + exp(A·s + B))</c> fitted by maximum likelihood on validation scores, with Platt's
/// smoothed targets <c>(N₊ + 1)/(N₊ + 2)</c> and <c>1/(N₋ + 2)</c> (scikit-learn's <c>method="sigmoid"</c>). Solved by
/// Newton's method with backtracking (Lin, Lin and Weng, 2007), in double precision.
/// </summary>
public sealed class PlattScaling : ICalibrator
{
    private PlattScaling(double a, double b)
    {
        A = a;
        B = b;
    }

    /// <summary>The slope; negative when higher scores mean the positive class.</summary>
    public double A { get; }

    /// <summary>The intercept.</summary>
    public double B { get; }

    /// <summary>Fits A and B to <paramref name="scores"/> and 0/1 <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, a label is not 0 or 1, a score is not finite, or a class is missing.</exception>
    public static PlattScaling Fit(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        (int positives, int negatives) = CalibrationData.Validate(scores, labels, "Platt scaling");
        double high = (positives + 1.0) / (positives + 2.0);
        double low = 1.0 / (negatives + 2.0);
        double a = 0, b = Math.Log((negatives + 1.0) / (positives + 1.0));
        double objective = Objective(scores, labels, high, low, a, b);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the negative log-likelihood in (a, b), with a tiny ridge for a flat direction.
            double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                double t = labels[i] == 1f ? high : low;
                double f = scores[i] * a + b;
                double p = f >= 0 ? Math.Exp(-f) / (1 + Math.Exp(-f)) : 1 / (1 + Math.Exp(f));
                double q = 1 - p;
                double d2 = p * q;
                h11 += scores[i] * (double)scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                double d1 = t - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < 1e-10 && Math.Abs(g2) < 1e-10)
            {
                break;
            }

            double det = h11 * h22 - h21 * h21;
            double da = -(h22 * g1 - h21 * g2) / det;
            double db = -(-h21 * g1 + h11 * g2) / det;
            double gd = g1 * da + g2 * db;
            double step = 1;
            while (step >= 1e-10)
            {
                double next = Objective(scores, labels, high, low, a + step * da, b + step * db);
                if (next < objective + 1e-4 * step * gd)
                {
                    a += step * da;
                    b += step * db;
                    objective = next;
                    break;
                }

                step /= 2;
            }

            if (step < 1e-10)
            {
                break;
            }
        }

        return new PlattScaling(a, b);
    }

    /// <summary>A fitted scaling from its two parameters, as a classifier or support-vector file saves them.</summary>
    /// <exception cref="ArgumentException">A parameter is not finite.</exception>
    public static PlattScaling FromParameters(double a, double b) =>
        double.IsFinite(a) && double.IsFinite(b) ? new(a, b) : throw new ArgumentException($"Platt scaling's A ({a}) and B ({b}) must be finite.", nameof(a));

    /// <inheritdoc />
    public float Calibrate(float score) => (float)(1 / (1 + Math.Exp(A * score + B)));

    private static double Objective(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, double high, double low, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double t = labels[i] == 1f ? high : low;
            double f = scores[i] * a + b;

            // −[t·log p + (1−t)·log(1−p)] with p = 1/(1+e^f), written to stay finite for large |f|.
            sum += f >= 0 ? t * f + Math.Log(1 + Math.Exp(-f)) : (t - 1) * f + Math.Log(1 + Math.Exp(f));
        }

        return sum;
    }
}
