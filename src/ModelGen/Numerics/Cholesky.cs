using System;

namespace ModelGen.Numerics;

/// <summary>
/// The Cholesky factorization <c>A = L·Lᵀ</c> of a symmetric positive definite matrix and the two triangular solves:
/// Newton's step in the full-batch trainer and the Gaussian process of the trial search share it.
/// </summary>
internal static class Cholesky
{
    /// <summary>
    /// Factors the n×n matrix whose lower triangle <paramref name="entry"/> gives (row, column with column ≤ row) into
    /// <paramref name="lower"/> (row-major); false, leaving it unusable, when a pivot is not positive.
    /// </summary>
    public static bool TryFactor(Func<int, int, double> entry, int n, double[] lower)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = entry(i, j) - Dot(lower.AsSpan(i * n, j), lower.AsSpan(j * n, j));
                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        return false;
                    }

                    lower[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    lower[i * n + j] = sum / lower[j * n + j];
                }
            }
        }

        return true;
    }

    /// <summary>The solution of <c>L·y = b</c>.</summary>
    public static double[] SolveLower(double[] lower, int n, ReadOnlySpan<double> b)
    {
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = (b[i] - Dot(lower.AsSpan(i * n, i), y.AsSpan(0, i))) / lower[i * n + i];
        }

        return y;
    }

    /// <summary>The solution of <c>Lᵀ·x = y</c>.</summary>
    public static double[] SolveUpper(double[] lower, int n, ReadOnlySpan<double> y)
    {
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < n; k++)
            {
                sum -= lower[k * n + i] * x[k];
            }

            x[i] = sum / lower[i * n + i];
        }

        return x;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
