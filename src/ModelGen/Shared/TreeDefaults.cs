// Linked as source into ModelGen.Generators: the tree attributes' property initializers and the generator's parser read
// the same defaults, so what the documentation says, what the attribute shows and what trains cannot disagree.
namespace ModelGen;

/// <summary>Default hyperparameters of the tree models: scikit-learn's for trees and forests, XGBoost's (<c>hist</c>) for boosting.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
static class TreeDefaults
{
    /// <summary>Trees in a forest, or boosting rounds.</summary>
    public const int Trees = 100;

    /// <summary>Unlimited depth (scikit-learn's <c>max_depth=None</c>) for trees and forests.</summary>
    public const int MaxDepth = 0;

    /// <summary>XGBoost's <c>max_depth</c>.</summary>
    public const int BoostingMaxDepth = 6;

    /// <summary>Unlimited leaves.</summary>
    public const int MaxLeaves = 0;

    /// <summary>scikit-learn's <c>min_samples_leaf</c>.</summary>
    public const int MinSamplesLeaf = 1;

    /// <summary>scikit-learn's <c>min_samples_split</c>.</summary>
    public const int MinSamplesSplit = 2;

    /// <summary>XGBoost's <c>min_child_weight</c>.</summary>
    public const double MinChildWeight = 1.0;

    /// <summary>XGBoost's <c>eta</c>.</summary>
    public const double LearningRate = 0.3;

    /// <summary>XGBoost's <c>lambda</c>.</summary>
    public const double L2 = 1.0;

    /// <summary>Rows and columns sampled per round: all.</summary>
    public const double Subsample = 1.0;

    /// <summary>Bins per feature (XGBoost's and LightGBM's 256 less one for missing values, HistGradientBoosting's 255).</summary>
    public const int MaxBins = 255;

    /// <summary>
    /// The most bins a feature may have (two bytes less the missing bin). A single decision tree uses it by default, so it
    /// splits between every two distinct values as scikit-learn's CART does; ensembles keep 255, where binning costs no
    /// accuracy and saves time.
    /// </summary>
    public const int ExactBins = 65534;

    /// <summary>A forest's bootstrap size, as a fraction of the rows.</summary>
    public const double MaxSamples = 1.0;

    /// <summary>The isolation forest's subsample size ψ (scikit-learn's <c>max_samples="auto"</c>).</summary>
    public const int IsolationSamples = 256;

    /// <summary>The isolation forest's expected share of anomalies.</summary>
    public const double Contamination = 0.1;

    /// <summary>EasyEnsemble's balanced subsets (imbalanced-learn's <c>n_estimators</c>).</summary>
    public const int Subsets = 10;

    /// <summary>Boosting rounds of each EasyEnsemble learner (imbalanced-learn's AdaBoost learners have 10).</summary>
    public const int EasyEnsembleRounds = 10;

    /// <summary>The depth of EasyEnsemble's boosted trees.</summary>
    public const int EasyEnsembleMaxDepth = 3;

    /// <summary>The share held out for early stopping (HistGradientBoosting's <c>validation_fraction</c>).</summary>
    public const double ValidationFraction = 0.1;
}
