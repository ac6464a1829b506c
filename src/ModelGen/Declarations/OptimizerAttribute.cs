using System;

namespace ModelGen;

/// <summary>
/// Declares the optimizer. One per model class. Every hyperparameter defaults to Keras's value, or to PyTorch's with
/// <see cref="Convention"/> = <see cref="OptimizerConvention.PyTorch"/> (the defaults below name both); properties that do
/// not apply to <see cref="Kind"/> are ignored.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OptimizerAttribute : Attribute
{
    /// <summary>Declares the optimizer with its default hyperparameters.</summary>
    public OptimizerAttribute(OptimizerKind kind)
    {
        Kind = kind;
        LearningRate = Defaults.LearningRate(kind);
    }

    /// <summary>The update rule.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>The initial learning rate (0.01 for SGD and PyTorch's RMSprop, 0.001 otherwise); it can be changed at run time.</summary>
    public double LearningRate { get; set; }

    /// <summary>Momentum of SGD and RMSprop (default 0).</summary>
    public double Momentum { get; set; }

    /// <summary>Whether SGD uses Nesterov momentum.</summary>
    public bool Nesterov { get; set; }

    /// <summary>Adam's and AdamW's first-moment decay (default 0.9).</summary>
    public double Beta1 { get; set; } = Defaults.Beta1;

    /// <summary>Adam's and AdamW's second-moment decay (default 0.999).</summary>
    public double Beta2 { get; set; } = Defaults.Beta2;

    /// <summary>The constant added to denominators (default 1e-7, PyTorch's 1e-8); where it enters depends on <see cref="Convention"/>.</summary>
    public double Epsilon { get; set; } = Defaults.Epsilon;

    /// <summary>AdamW's decoupled weight decay (default 0.004, PyTorch's 0.01).</summary>
    public double WeightDecay { get; set; } = Defaults.AdamWWeightDecay;

    /// <summary>RMSprop's moving-average decay (default 0.9, PyTorch's α 0.99).</summary>
    public double Rho { get; set; } = Defaults.Rho;

    /// <summary>
    /// For the full-batch methods: the regularization as scikit-learn's <c>LogisticRegression(C=...)</c>, the inverse
    /// strength (default 0: use the layers' own <c>L2</c>). At fit time it sets the L2 strength to <c>1 / (2·C·N)</c> for N
    /// training rows, which makes the mean loss plus L2 scikit-learn's objective divided by <c>C·N</c>.
    /// </summary>
    public double C { get; set; }

    /// <summary>How many past steps L-BFGS keeps (default 100, PyTorch's <c>history_size</c>).</summary>
    public int HistorySize { get; set; } = Defaults.LbfgsHistorySize;

    /// <summary>
    /// For the full-batch methods: they stop when the largest gradient is at most this (default 1e-7, PyTorch's
    /// <c>tolerance_grad</c>; scikit-learn's <c>tol</c> plays this part).
    /// </summary>
    public double GradientTolerance { get; set; } = Defaults.GradientTolerance;

    /// <summary>
    /// For the full-batch methods: they stop when a step, or the loss's change over an iteration, is below this
    /// (default 1e-9, PyTorch's <c>tolerance_change</c>).
    /// </summary>
    public double ChangeTolerance { get; set; } = Defaults.ChangeTolerance;

    /// <summary>Whether RMSprop normalizes by the centered second moment.</summary>
    public bool Centered { get; set; }

    /// <summary>
    /// Keras's formulas and defaults (the default) or PyTorch's: where Adam and RMSprop add ε, how RMSprop's momentum
    /// accumulates, and the defaults of ε, weight decay, ρ and RMSprop's learning rate. SGD is the same in both.
    /// </summary>
    public OptimizerConvention Convention { get; set; }
}
