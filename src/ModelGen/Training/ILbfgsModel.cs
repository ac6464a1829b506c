namespace ModelGen.Training;

/// <summary>
/// A generated network declared with <c>[Optimizer(OptimizerKind.Lbfgs)]</c>: <see cref="Trainer.Fit"/> trains it on the
/// whole data set at once with L-BFGS (<see cref="LbfgsTrainer"/>) instead of minibatch steps.
/// </summary>
public interface ILbfgsModel : IGradientModel
{
    /// <summary>How many past steps the curvature estimate keeps (PyTorch's <c>history_size</c>).</summary>
    int LbfgsHistorySize { get; }
}
