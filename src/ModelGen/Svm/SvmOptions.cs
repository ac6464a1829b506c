using System;

namespace ModelGen.Svm;

/// <summary>A C-support vector classifier's settings, with scikit-learn's <c>SVC</c> defaults.</summary>
public sealed record SvmOptions
{
    /// <summary>The kernel (default RBF).</summary>
    public SvmKernel Kernel { get; init; }

    /// <summary>The penalty of margin violations, scikit-learn's <c>C</c> (default 1): larger fits the training data harder.</summary>
    public double C { get; init; } = SvmDefaults.C;

    /// <summary>
    /// The one-class SVM's ν in (0, 1] (default 0.5, scikit-learn's): an upper bound on the fraction of training rows
    /// outside the boundary and a lower bound on the fraction of support vectors. The classifier uses <see cref="C"/>.
    /// </summary>
    public double Nu { get; init; } = SvmDefaults.Nu;

    /// <summary>How γ is chosen for the RBF, polynomial and sigmoid kernels (default <see cref="SvmGamma.Scale"/>).</summary>
    public SvmGamma Gamma { get; init; }

    /// <summary>γ when <see cref="Gamma"/> is <see cref="SvmGamma.Value"/>.</summary>
    public double GammaValue { get; init; }

    /// <summary>The polynomial kernel's degree (default 3).</summary>
    public int Degree { get; init; } = SvmDefaults.Degree;

    /// <summary>The polynomial and sigmoid kernels' constant term (default 0).</summary>
    public double Coef0 { get; init; }

    /// <summary>The stopping tolerance on the KKT violation, scikit-learn's <c>tol</c> (default 1e-3).</summary>
    public double Tolerance { get; init; } = SvmDefaults.Tolerance;

    /// <summary>The most SMO iterations, or 0 for no limit (scikit-learn's <c>max_iter=-1</c>).</summary>
    public int MaxIterations { get; init; }

    /// <summary>Memory for cached kernel columns, in megabytes (scikit-learn's <c>cache_size</c>, default 200).</summary>
    public double CacheMegabytes { get; init; } = SvmDefaults.CacheMegabytes;

    /// <summary>Whether SMO shrinks the active set as libsvm does (default true, scikit-learn's <c>shrinking</c>); the solution is the same within the tolerance.</summary>
    public bool Shrinking { get; init; } = true;

    /// <summary>
    /// Whether <c>Fit</c> also fits Platt scaling on five-fold cross-validated decision values (scikit-learn's
    /// <c>probability=True</c>, libsvm's <c>-b 1</c>), so the model predicts probabilities. Training costs about six
    /// fits. The classifier only.
    /// </summary>
    public bool Probability { get; init; }

    /// <summary>Checks every option; the message names the option and its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        Require(C > 0 && double.IsFinite(C), nameof(C), C, "positive and finite");
        Require(Nu > 0 && Nu <= 1, nameof(Nu), Nu, "in (0, 1]");
        Require(Gamma != SvmGamma.Value || (GammaValue > 0 && double.IsFinite(GammaValue)), nameof(GammaValue), GammaValue, "positive and finite when Gamma is SvmGamma.Value");
        Require(Degree >= 1, nameof(Degree), Degree, "at least 1");
        Require(double.IsFinite(Coef0), nameof(Coef0), Coef0, "finite");
        Require(Tolerance > 0 && double.IsFinite(Tolerance), nameof(Tolerance), Tolerance, "positive and finite");
        Require(MaxIterations >= 0, nameof(MaxIterations), MaxIterations, "0 (no limit) or more");
        Require(CacheMegabytes > 0 && double.IsFinite(CacheMegabytes), nameof(CacheMegabytes), CacheMegabytes, "positive");
        if (!Enum.IsDefined(Kernel) || !Enum.IsDefined(Gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(Kernel), $"Kernel {Kernel} or Gamma {Gamma} is not a defined value.");
        }
    }

    /// <summary>A canonical description, part of the model's architecture string: the classifier's (with C), or the one-class SVM's (with ν).</summary>
    public string Describe(int inputSize, bool oneClass = false) =>
        SvmDescription.Describe(inputSize, oneClass, Kernel, C, Nu, Gamma, GammaValue, Degree, Coef0);

    private static void Require(bool condition, string name, object value, string range)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {range}.");
        }
    }
}
