using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Svm;

/// <summary>A kernel with its γ, degree and coef0 resolved, evaluated in double as libsvm evaluates it.</summary>
internal readonly struct SvmKernelFunction(SvmKernel kernel, double gamma, int degree, double coef0)
{
    public SvmKernel Kernel { get; } = kernel;

    public double Gamma { get; } = gamma;

    public int Degree { get; } = degree;

    public double Coef0 { get; } = coef0;

    /// <summary>
    /// <c>K(a, b)</c>; <paramref name="squareA"/> and <paramref name="squareB"/> are ‖a‖² and ‖b‖², which the RBF kernel
    /// uses as libsvm does (<c>exp(−γ(‖a‖² + ‖b‖² − 2a·b))</c>), so each evaluation is one dot product.
    /// </summary>
    public double Evaluate(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double squareA, double squareB)
    {
        double dot = Dot(a, b);
        return Kernel switch
        {
            SvmKernel.Linear => dot,
            SvmKernel.Rbf => Math.Exp(-Gamma * (squareA + squareB - 2 * dot)),
            SvmKernel.Polynomial => Power(Gamma * dot + Coef0, Degree),
            _ => Math.Tanh(Gamma * dot + Coef0),
        };
    }

    /// <summary>
    /// <c>a·b</c> in double, in four interleaved partial sums (element <c>i</c> into sum <c>i mod 4</c>) added as
    /// <c>(s₀ + s₁) + (s₂ + s₃)</c>: one Vector256&lt;double&gt; step per four elements where 128-bit vectors are accelerated,
    /// the same operations one lane at a time where not, so training and prediction give the same bits on every machine.
    /// </summary>
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length, i = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            Vector256<double> sum = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4)
            {
                Vector256<double> x = Vector256.WidenLower(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(a), (nuint)i).ToVector256Unsafe());
                Vector256<double> y = Vector256.WidenLower(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(b), (nuint)i).ToVector256Unsafe());
                sum += x * y;
            }

            (s0, s1, s2, s3) = (sum[0], sum[1], sum[2], sum[3]);
        }

        for (; i <= n - 4; i += 4)
        {
            s0 += (double)a[i] * b[i];
            s1 += (double)a[i + 1] * b[i + 1];
            s2 += (double)a[i + 2] * b[i + 2];
            s3 += (double)a[i + 3] * b[i + 3];
        }

        for (int lane = 0; i < n; i++, lane++)
        {
            double product = (double)a[i] * b[i];
            switch (lane)
            {
                case 0: s0 += product; break;
                case 1: s1 += product; break;
                default: s2 += product; break;
            }
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>libsvm's <c>powi</c>: repeated squaring, the same products in the same order.</summary>
    private static double Power(double value, int exponent)
    {
        double result = 1, square = value;
        for (int t = exponent; t > 0; t /= 2)
        {
            if (t % 2 == 1)
            {
                result *= square;
            }

            square *= square;
        }

        return result;
    }
}
