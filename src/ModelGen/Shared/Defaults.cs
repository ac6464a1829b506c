// Linked as source into ModelGen.Generators: the attribute properties and the generator read the same defaults.
namespace ModelGen;

/// <summary>Default hyperparameters. Optimizer values are Keras's defaults.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
static class Defaults
{
    /// <summary>Learning rate of <see cref="OptimizerKind.Sgd"/> (Keras: 0.01).</summary>
    public const double SgdLearningRate = 0.01;

    /// <summary>Learning rate of Adam, AdamW and RMSprop (Keras: 0.001).</summary>
    public const double AdaptiveLearningRate = 0.001;

    /// <summary>Adam's first-moment decay.</summary>
    public const double Beta1 = 0.9;

    /// <summary>Adam's second-moment decay.</summary>
    public const double Beta2 = 0.999;

    /// <summary>The small constant added to denominators (Keras: 1e-7).</summary>
    public const double Epsilon = 1e-7;

    /// <summary>AdamW's decoupled weight decay (Keras: 0.004).</summary>
    public const double AdamWWeightDecay = 0.004;

    /// <summary>RMSprop's moving-average decay.</summary>
    public const double Rho = 0.9;

    /// <summary>Negative slope of <see cref="Activation.LeakyRelu"/> (PyTorch's 0.01).</summary>
    public const double NegativeSlope = 0.01;

    /// <summary>The learning rate an optimizer starts from when none is given.</summary>
    public static double LearningRate(OptimizerKind kind) =>
        kind == OptimizerKind.Sgd ? SgdLearningRate : AdaptiveLearningRate;
}
