namespace ModelGen.Generators.Spec;

/// <summary>The optimizer and every hyperparameter, with the convention's (Keras's or PyTorch's) defaults filled in.</summary>
internal sealed record OptimizerSpec(
    OptimizerKind Kind,
    double LearningRate,
    double Momentum,
    bool Nesterov,
    double Beta1,
    double Beta2,
    double Epsilon,
    double WeightDecay,
    double Rho,
    bool Centered,
    int AttributeIndex,
    OptimizerConvention Convention = OptimizerConvention.Keras,
    int HistorySize = Defaults.LbfgsHistorySize,
    double C = 0,
    double GradientTolerance = Defaults.GradientTolerance,
    double ChangeTolerance = Defaults.ChangeTolerance)
{
    /// <summary>Adam with Keras's defaults, used when a model declares no optimizer.</summary>
    public static OptimizerSpec Default { get; } = For(OptimizerKind.Adam, attributeIndex: -1);

    public static OptimizerSpec For(OptimizerKind kind, int attributeIndex, OptimizerConvention convention = OptimizerConvention.Keras) => new(
        kind,
        Defaults.LearningRate(kind, convention),
        Momentum: 0,
        Nesterov: false,
        Defaults.Beta1,
        Defaults.Beta2,
        Defaults.EpsilonOf(convention),
        Defaults.WeightDecayOf(convention),
        Defaults.RhoOf(convention),
        Centered: false,
        attributeIndex,
        convention);
}
