using System;

namespace ModelGen;

/// <summary>The kernel and solver settings every kernel machine's attribute takes (<see cref="SvmAttribute"/>, <see cref="OneClassSvmAttribute"/>).</summary>
public abstract class KernelMachineAttribute : Attribute
{
    /// <summary>The kernel (default RBF).</summary>
    public SvmKernel Kernel { get; set; }

    /// <summary>How γ is chosen (default <see cref="SvmGamma.Scale"/>).</summary>
    public SvmGamma Gamma { get; set; }

    /// <summary>γ when <see cref="Gamma"/> is <see cref="SvmGamma.Value"/>.</summary>
    public double GammaValue { get; set; }

    /// <summary>The polynomial kernel's degree (default 3).</summary>
    public int Degree { get; set; } = SvmDefaults.Degree;

    /// <summary>The polynomial and sigmoid kernels' constant term (default 0).</summary>
    public double Coef0 { get; set; }

    /// <summary>The stopping tolerance (default 1e-3).</summary>
    public double Tolerance { get; set; } = SvmDefaults.Tolerance;

    /// <summary>The most SMO iterations (default 0: no limit).</summary>
    public int MaxIterations { get; set; }

    /// <summary>Kernel-column cache in megabytes (default 200).</summary>
    public double CacheMegabytes { get; set; } = SvmDefaults.CacheMegabytes;

    /// <summary>Whether SMO shrinks the active set as libsvm does (default true, scikit-learn's <c>shrinking</c>).</summary>
    public bool Shrinking { get; set; } = true;
}

/// <summary>
/// Declares a kernel support vector classifier (scikit-learn's <c>SVC</c>) with <c>[Input(n)]</c>; the class then
/// derives from <c>ModelGen.Svm.SvmModel</c> and trains, predicts and saves like every model.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SvmAttribute : KernelMachineAttribute
{
    /// <summary>The margin-violation penalty (default 1).</summary>
    public double C { get; set; } = SvmDefaults.C;

    /// <summary>
    /// Whether training also fits Platt scaling on five-fold cross-validated decision values (scikit-learn's
    /// <c>probability=True</c>, libsvm's <c>-b 1</c>), so the model predicts probabilities (default false).
    /// </summary>
    public bool Probability { get; set; }
}

/// <summary>
/// Declares a one-class SVM (scikit-learn's <c>OneClassSVM</c>) with <c>[Input(n)]</c>: an anomaly detector trained on
/// every row, scoring rows outside the learned boundary above 0. The class derives from <c>ModelGen.Svm.OneClassSvmModel</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OneClassSvmAttribute : KernelMachineAttribute
{
    /// <summary>The bound on the fraction of training rows outside the boundary, in (0, 1] (default 0.5).</summary>
    public double Nu { get; set; } = SvmDefaults.Nu;
}
