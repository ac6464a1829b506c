// Linked as source into ModelGen.Generators: the attributes, the generator and the trainer share these names.
using System.Globalization;

namespace ModelGen;

/// <summary>The kernel of a support vector machine, as scikit-learn's <c>SVC(kernel=...)</c>.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum SvmKernel
{
    /// <summary><c>exp(−γ‖x − z‖²)</c>, scikit-learn's default.</summary>
    Rbf = 0,

    /// <summary><c>x·z</c>.</summary>
    Linear = 1,

    /// <summary><c>(γ·x·z + coef0)^degree</c>.</summary>
    Polynomial = 2,

    /// <summary><c>tanh(γ·x·z + coef0)</c>.</summary>
    Sigmoid = 3,
}

/// <summary>How γ is chosen, as scikit-learn's <c>gamma</c>: from the training data, from the width, or given.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum SvmGamma
{
    /// <summary><c>1 / (features · Var(X))</c> over every training value, scikit-learn's default <c>"scale"</c>.</summary>
    Scale = 0,

    /// <summary><c>1 / features</c>, scikit-learn's <c>"auto"</c>.</summary>
    Auto = 1,

    /// <summary>The value of <c>SvmOptions.GammaValue</c>.</summary>
    Value = 2,
}

/// <summary>Default settings of the support vector machines: scikit-learn's <c>SVC</c>.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
static class SvmDefaults
{
    /// <summary>The margin-violation penalty <c>C</c>.</summary>
    public const double C = 1.0;

    /// <summary>The one-class SVM's ν.</summary>
    public const double Nu = 0.5;

    /// <summary>The polynomial kernel's degree.</summary>
    public const int Degree = 3;

    /// <summary>The stopping tolerance on the KKT violation.</summary>
    public const double Tolerance = 1e-3;

    /// <summary>Kernel-column cache, in megabytes.</summary>
    public const double CacheMegabytes = 200;
}

/// <summary>
/// A kernel machine's canonical description, its architecture: what a support-vector file records and what the generator
/// requires of one it bakes in, so the runtime and the generator build it from one definition.
/// </summary>
internal static class SvmDescription
{
    public static string Describe(int inputSize, bool oneClass, SvmKernel kernel, double c, double nu, SvmGamma gamma, double gammaValue, int degree, double coef0)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string gammaText = gamma == SvmGamma.Value ? gammaValue.ToString("R", invariant) : gamma.ToString().ToLowerInvariant();
        string kernelText = kernel switch
        {
            SvmKernel.Linear => "linear",
            SvmKernel.Rbf => "rbf, gamma=" + gammaText,
            SvmKernel.Polynomial => "poly, degree=" + degree.ToString(invariant) + ", gamma=" + gammaText + ", coef0=" + coef0.ToString("R", invariant),
            _ => "sigmoid, gamma=" + gammaText + ", coef0=" + coef0.ToString("R", invariant),
        };
        return "Input(" + inputSize.ToString(invariant) + ") -> " + (oneClass
            ? "OneClassSvm(" + kernelText + ", nu=" + nu.ToString("R", invariant) + ")"
            : "Svm(" + kernelText + ", C=" + c.ToString("R", invariant) + ")");
    }
}
