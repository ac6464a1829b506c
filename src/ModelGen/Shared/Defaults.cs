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

    /// <summary>How much of BatchNorm's running statistics each training batch keeps (Keras: 0.99).</summary>
    public const double BatchNormMomentum = 0.99;

    /// <summary>Added to BatchNorm's variance before its square root (Keras: 0.001).</summary>
    public const double BatchNormEpsilon = 1e-3;

    /// <summary>Negative slope of <see cref="Activation.LeakyRelu"/> (PyTorch's 0.01).</summary>
    public const double NegativeSlope = 0.01;

    /// <summary>PyTorch's ε of Adam, AdamW and RMSprop.</summary>
    public const double PyTorchEpsilon = 1e-8;

    /// <summary>PyTorch's AdamW weight decay.</summary>
    public const double PyTorchAdamWWeightDecay = 0.01;

    /// <summary>PyTorch's RMSprop smoothing constant α (ModelGen's ρ).</summary>
    public const double PyTorchRho = 0.99;

    /// <summary>PyTorch's RMSprop learning rate.</summary>
    public const double PyTorchRmsPropLearningRate = 0.01;

    /// <summary>The learning rate an optimizer starts from when none is given.</summary>
    public static double LearningRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => SgdLearningRate,
        OptimizerKind.Lbfgs or OptimizerKind.ConjugateGradient or OptimizerKind.NewtonCg or OptimizerKind.Newton => LbfgsLearningRate,
        _ => AdaptiveLearningRate,
    };

    /// <summary>The full-batch methods' step scale (PyTorch's L-BFGS <c>lr=1</c>: the line search takes full steps).</summary>
    public const double LbfgsLearningRate = 1.0;

    /// <summary>How many past steps L-BFGS keeps for its curvature estimate (PyTorch's <c>history_size</c>).</summary>
    public const int LbfgsHistorySize = 100;

    /// <summary>The full-batch methods' gradient tolerance, PyTorch LBFGS's <c>tolerance_grad</c>.</summary>
    public const double GradientTolerance = 1e-7;

    /// <summary>The full-batch methods' step and loss-change tolerance, PyTorch LBFGS's <c>tolerance_change</c>.</summary>
    public const double ChangeTolerance = 1e-9;

    /// <summary>The learning rate an optimizer starts from when none is given, in <paramref name="convention"/>'s defaults.</summary>
    public static double LearningRate(OptimizerKind kind, OptimizerConvention convention) =>
        convention == OptimizerConvention.PyTorch && kind == OptimizerKind.RmsProp ? PyTorchRmsPropLearningRate : LearningRate(kind);

    /// <summary>ε in <paramref name="convention"/>'s defaults.</summary>
    public static double EpsilonOf(OptimizerConvention convention) => convention == OptimizerConvention.PyTorch ? PyTorchEpsilon : Epsilon;

    /// <summary>AdamW's weight decay in <paramref name="convention"/>'s defaults.</summary>
    public static double WeightDecayOf(OptimizerConvention convention) => convention == OptimizerConvention.PyTorch ? PyTorchAdamWWeightDecay : AdamWWeightDecay;

    /// <summary>RMSprop's ρ in <paramref name="convention"/>'s defaults.</summary>
    public static double RhoOf(OptimizerConvention convention) => convention == OptimizerConvention.PyTorch ? PyTorchRho : Rho;
}
