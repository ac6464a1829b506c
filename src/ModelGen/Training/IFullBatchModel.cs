namespace ModelGen.Training;

/// <summary>
/// A generated network declared with a full-batch optimizer (<c>[Optimizer(OptimizerKind.Lbfgs)]</c>,
/// <c>OptimizerKind.ConjugateGradient</c> or <c>OptimizerKind.NewtonCg</c>): <see cref="Trainer.Fit"/> trains it on the whole data set at once
/// (<see cref="FullBatchTrainer"/>) instead of minibatch steps.
/// </summary>
public interface IFullBatchModel : IGradientModel
{
    /// <summary>The method: <see cref="OptimizerKind.Lbfgs"/>, <see cref="OptimizerKind.ConjugateGradient"/>, <see cref="OptimizerKind.NewtonCg"/> or <see cref="OptimizerKind.Newton"/>.</summary>
    OptimizerKind FullBatchOptimizer { get; }

    /// <summary>scikit-learn's inverse regularization <c>C</c> when the optimizer declares one (the L2 strength becomes <c>1/(2·C·N)</c>), or 0.</summary>
    double RegularizationC { get; }

    /// <summary>How many past steps L-BFGS's curvature estimate keeps (PyTorch's <c>history_size</c>); unused by conjugate gradient.</summary>
    int HistorySize { get; }

    /// <summary>
    /// Whether the model is logistic regression (one <c>Dense(1, Sigmoid)</c> layer with binary cross-entropy), whose
    /// Hessian the trainer computes exactly: Newton's method solves with it, and Newton-CG's Hessian-vector products
    /// are exact instead of differences of the gradient.
    /// </summary>
    bool IsLogisticRegression { get; }

    /// <summary>Training stops when the largest gradient is at most this (<c>[Optimizer(GradientTolerance = …)]</c>, default 1e-7).</summary>
    double GradientTolerance { get; }

    /// <summary>Training stops when a step or an iteration's loss change is below this (<c>[Optimizer(ChangeTolerance = …)]</c>, default 1e-9).</summary>
    double ChangeTolerance { get; }
}
