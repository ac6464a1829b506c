using System;

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

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
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
