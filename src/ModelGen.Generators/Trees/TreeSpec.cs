namespace ModelGen.Generators.Trees;

/// <summary>
/// A tree model as its attribute declares it, every option resolved to a plain value (the attribute's defaults filled
/// in from <c>TreeDefaults</c>), equatable so an unrelated edit re-emits nothing.
/// </summary>
internal sealed record TreeSpec(
    int AttributeIndex,
    string Algorithm,
    int Trees,
    string Criterion,
    int MaxDepth,
    int MaxLeaves,
    string Growth,
    int MinSamplesLeaf,
    int MinSamplesSplit,
    double MinChildWeight,
    string MaxFeatures,
    double MaxFeaturesFraction,
    int MaxFeaturesCount,
    bool Bootstrap,
    double MaxSamples,
    double LearningRate,
    double L2,
    double Subsample,
    double ColumnSample,
    int MaxBins,
    int EarlyStoppingRounds,
    double ValidationFraction,
    double Contamination,
    int Subsets);
