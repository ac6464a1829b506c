// Linked as source into ModelGen.Generators: the attributes, the generator and the trainers share these names.
namespace ModelGen;

/// <summary>How a classification tree measures a node's impurity (scikit-learn's <c>criterion</c>).</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum SplitCriterion
{
    /// <summary>Gini impurity <c>2p(1 − p)</c>, scikit-learn's default.</summary>
    Gini = 0,

    /// <summary>Entropy <c>−p·log₂p − (1 − p)·log₂(1 − p)</c> (information gain).</summary>
    Entropy = 1,
}

/// <summary>How many features a split considers (scikit-learn's <c>max_features</c>): a rule, or <c>MaxFeaturesFraction</c>/<c>MaxFeaturesCount</c>.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum FeatureSampling
{
    /// <summary>Every feature (a single decision tree's and boosting's default).</summary>
    All = 0,

    /// <summary>√n features, a random forest's default.</summary>
    Sqrt = 1,

    /// <summary>log₂ n features.</summary>
    Log2 = 2,
}

/// <summary>The order a tree grows in.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum TreeGrowth
{
    /// <summary>Level by level up to <c>MaxDepth</c> (XGBoost's default, scikit-learn's trees).</summary>
    DepthWise = 0,

    /// <summary>Best split first, up to <c>MaxLeaves</c> (LightGBM's and HistGradientBoosting's).</summary>
    LeafWise = 1,
}
