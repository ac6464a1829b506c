using System;

namespace ModelGen;

/// <summary>
/// Declares a single classification tree (scikit-learn's <c>DecisionTreeClassifier</c>) with <c>[Input(n)]</c>; the
/// class then derives from <c>ModelGen.Trees.TreeModel</c> and trains, predicts and saves like every model.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DecisionTreeAttribute : Attribute
{
    /// <summary>Gini (default) or entropy.</summary>
    public SplitCriterion Criterion { get; set; }

    /// <summary>The deepest the tree may grow (default 0: unlimited).</summary>
    public int MaxDepth { get; set; } = TreeDefaults.MaxDepth;

    /// <summary>The most leaves (default 0: unlimited); best splits first with <see cref="TreeGrowth.LeafWise"/>.</summary>
    public int MaxLeaves { get; set; } = TreeDefaults.MaxLeaves;

    /// <summary>Level by level (default) or best split first.</summary>
    public TreeGrowth Growth { get; set; }

    /// <summary>Samples a leaf needs (default 1).</summary>
    public int MinSamplesLeaf { get; set; } = TreeDefaults.MinSamplesLeaf;

    /// <summary>Samples a node needs to be split (default 2).</summary>
    public int MinSamplesSplit { get; set; } = TreeDefaults.MinSamplesSplit;

    /// <summary>Features a split considers (default: all).</summary>
    public FeatureSampling MaxFeatures { get; set; }

    /// <summary>A fraction of the features per split instead of <see cref="MaxFeatures"/> (0: use the rule).</summary>
    public double MaxFeaturesFraction { get; set; }

    /// <summary>A count of features per split instead of <see cref="MaxFeatures"/> (0: use the rule).</summary>
    public int MaxFeaturesCount { get; set; }

    /// <summary>Bins per feature (default 65,534: exact splits between every two distinct values, as CART).</summary>
    public int MaxBins { get; set; } = TreeDefaults.ExactBins;
}

/// <summary>Declares a random forest (scikit-learn's <c>RandomForestClassifier</c>): bootstrap trees, √n features per split.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RandomForestAttribute : Attribute
{
    /// <summary>Trees (default 100).</summary>
    public int Trees { get; set; } = TreeDefaults.Trees;

    /// <summary>Gini (default) or entropy.</summary>
    public SplitCriterion Criterion { get; set; }

    /// <summary>The deepest a tree may grow (default 0: unlimited).</summary>
    public int MaxDepth { get; set; } = TreeDefaults.MaxDepth;

    /// <summary>The most leaves per tree (default 0: unlimited).</summary>
    public int MaxLeaves { get; set; } = TreeDefaults.MaxLeaves;

    /// <summary>Samples a leaf needs (default 1).</summary>
    public int MinSamplesLeaf { get; set; } = TreeDefaults.MinSamplesLeaf;

    /// <summary>Samples a node needs to be split (default 2).</summary>
    public int MinSamplesSplit { get; set; } = TreeDefaults.MinSamplesSplit;

    /// <summary>Features a split considers (default √n).</summary>
    public FeatureSampling MaxFeatures { get; set; } = FeatureSampling.Sqrt;

    /// <summary>A fraction of the features per split instead of <see cref="MaxFeatures"/> (0: use the rule).</summary>
    public double MaxFeaturesFraction { get; set; }

    /// <summary>A count of features per split instead of <see cref="MaxFeatures"/> (0: use the rule).</summary>
    public int MaxFeaturesCount { get; set; }

    /// <summary>Whether each tree trains on a bootstrap sample (default true).</summary>
    public bool Bootstrap { get; set; } = true;

    /// <summary>The bootstrap size as a fraction of the rows (default 1).</summary>
    public double MaxSamples { get; set; } = TreeDefaults.MaxSamples;

    /// <summary>Bins per feature (default 255).</summary>
    public int MaxBins { get; set; } = TreeDefaults.MaxBins;
}

/// <summary>
/// Declares a balanced random forest (imbalanced-learn's <c>BalancedRandomForestClassifier</c>): each tree's bootstrap
/// draws the minority class's size from each class, for imbalanced data.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BalancedRandomForestAttribute : Attribute
{
    /// <summary>Trees (default 100).</summary>
    public int Trees { get; set; } = TreeDefaults.Trees;

    /// <summary>Gini (default) or entropy.</summary>
    public SplitCriterion Criterion { get; set; }

    /// <summary>The deepest a tree may grow (default 0: unlimited).</summary>
    public int MaxDepth { get; set; } = TreeDefaults.MaxDepth;

    /// <summary>Samples a leaf needs (default 1).</summary>
    public int MinSamplesLeaf { get; set; } = TreeDefaults.MinSamplesLeaf;

    /// <summary>Features a split considers (default √n).</summary>
    public FeatureSampling MaxFeatures { get; set; } = FeatureSampling.Sqrt;

    /// <summary>Each class's draw as a fraction of the minority class's size (default 1).</summary>
    public double MaxSamples { get; set; } = TreeDefaults.MaxSamples;

    /// <summary>Bins per feature (default 255).</summary>
    public int MaxBins { get; set; } = TreeDefaults.MaxBins;
}

/// <summary>Declares gradient-boosted trees on the log loss (XGBoost's <c>hist</c> defaults).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GradientBoostedTreesAttribute : Attribute
{
    /// <summary>Boosting rounds (default 100).</summary>
    public int Trees { get; set; } = TreeDefaults.Trees;

    /// <summary>Shrinkage of each tree (default 0.3, XGBoost's <c>eta</c>).</summary>
    public double LearningRate { get; set; } = TreeDefaults.LearningRate;

    /// <summary>The deepest a tree may grow (default 6; 0: unlimited, then set <see cref="MaxLeaves"/>).</summary>
    public int MaxDepth { get; set; } = TreeDefaults.BoostingMaxDepth;

    /// <summary>The most leaves per tree (default 0: unlimited); LightGBM's <c>num_leaves</c> with <see cref="TreeGrowth.LeafWise"/>.</summary>
    public int MaxLeaves { get; set; } = TreeDefaults.MaxLeaves;

    /// <summary>Level by level (default, XGBoost's) or best split first (LightGBM's).</summary>
    public TreeGrowth Growth { get; set; }

    /// <summary>L2 penalty on leaf values (default 1, XGBoost's <c>lambda</c>).</summary>
    public double L2 { get; set; } = TreeDefaults.L2;

    /// <summary>The Hessian sum a leaf needs (default 1, XGBoost's <c>min_child_weight</c>).</summary>
    public double MinChildWeight { get; set; } = TreeDefaults.MinChildWeight;

    /// <summary>Samples a leaf needs (default 1).</summary>
    public int MinSamplesLeaf { get; set; } = TreeDefaults.MinSamplesLeaf;

    /// <summary>Rows sampled per round, without replacement (default 1).</summary>
    public double Subsample { get; set; } = TreeDefaults.Subsample;

    /// <summary>Features each tree may use (default 1, XGBoost's <c>colsample_bytree</c>).</summary>
    public double ColumnSample { get; set; } = TreeDefaults.Subsample;

    /// <summary>Bins per feature (default 255).</summary>
    public int MaxBins { get; set; } = TreeDefaults.MaxBins;

    /// <summary>Stop when the validation loss has not improved for this many rounds (default 0: never).</summary>
    public int EarlyStoppingRounds { get; set; }

    /// <summary>The share held out for early stopping when the fit gives no validation data (default 0.1).</summary>
    public double ValidationFraction { get; set; } = TreeDefaults.ValidationFraction;
}

/// <summary>
/// Declares an EasyEnsemble (imbalanced-learn's <c>EasyEnsembleClassifier</c>) for imbalanced data: boosted learners, each
/// on every minority row and as many majority rows drawn without replacement, their log-odds averaged.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EasyEnsembleAttribute : Attribute
{
    /// <summary>Balanced subsets, one learner each (default 10).</summary>
    public int Subsets { get; set; } = TreeDefaults.Subsets;

    /// <summary>Boosting rounds of each learner (default 10).</summary>
    public int Trees { get; set; } = TreeDefaults.EasyEnsembleRounds;

    /// <summary>Depth of the boosted trees (default 3).</summary>
    public int MaxDepth { get; set; } = TreeDefaults.EasyEnsembleMaxDepth;

    /// <summary>Shrinkage of each tree (default 0.3).</summary>
    public double LearningRate { get; set; } = TreeDefaults.LearningRate;

    /// <summary>L2 penalty on leaf values (default 1).</summary>
    public double L2 { get; set; } = TreeDefaults.L2;

    /// <summary>The Hessian sum a leaf needs (default 1).</summary>
    public double MinChildWeight { get; set; } = TreeDefaults.MinChildWeight;

    /// <summary>Bins per feature (default 255).</summary>
    public int MaxBins { get; set; } = TreeDefaults.MaxBins;
}

/// <summary>
/// Declares an isolation forest (scikit-learn's <c>IsolationForest</c>): its score is high for anomalies, so the
/// minority class can be detected as anomalies; labels are only used to evaluate.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class IsolationForestAttribute : Attribute
{
    /// <summary>Trees (default 100).</summary>
    public int Trees { get; set; } = TreeDefaults.Trees;

    /// <summary>Rows each tree isolates (default 256).</summary>
    public int MaxSamples { get; set; } = TreeDefaults.IsolationSamples;

    /// <summary>The expected share of anomalies, which sets the decision threshold (default 0.1).</summary>
    public double Contamination { get; set; } = TreeDefaults.Contamination;
}
