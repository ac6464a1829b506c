namespace ModelGen.Training;

/// <summary>
/// A generated network declared with a full-batch optimizer (<c>[Optimizer(OptimizerKind.Lbfgs)]</c>,
/// <c>OptimizerKind.ConjugateGradient</c> or <c>OptimizerKind.NewtonCg</c>): <see cref="Trainer.Fit"/> trains it on the whole data set at once
/// (<see cref="FullBatchTrainer"/>) instead of minibatch steps.
/// </summary>
public interface IFullBatchModel : IGradientModel
{
    /// <summary>The method: <see cref="OptimizerKind.Lbfgs"/>, <see cref="OptimizerKind.ConjugateGradient"/> or <see cref="OptimizerKind.NewtonCg"/>.</summary>
    OptimizerKind FullBatchOptimizer { get; }

    /// <summary>How many past steps L-BFGS's curvature estimate keeps (PyTorch's <c>history_size</c>); unused by conjugate gradient.</summary>
    int HistorySize { get; }
}
