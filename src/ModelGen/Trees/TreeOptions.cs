using System;

namespace ModelGen.Trees;

/// <summary>The tree algorithm a model trains with.</summary>
public enum TreeAlgorithm
{
    /// <summary>One classification tree (scikit-learn's <c>DecisionTreeClassifier</c>).</summary>
    DecisionTree = 0,

    /// <summary>Bagged trees on bootstrap samples with random features per split (<c>RandomForestClassifier</c>).</summary>
    RandomForest = 1,

    /// <summary>A random forest whose every bootstrap sample is balanced by undersampling (imbalanced-learn's <c>BalancedRandomForestClassifier</c>).</summary>
    BalancedRandomForest = 2,

    /// <summary>Gradient-boosted trees on the log loss with Newton leaf values (XGBoost's <c>hist</c>, LightGBM, <c>HistGradientBoostingClassifier</c>).</summary>
    GradientBoostedTrees = 3,

    /// <summary>Random isolation trees scoring anomalies (scikit-learn's <c>IsolationForest</c>); labels are only used to evaluate.</summary>
    IsolationForest = 4,

    /// <summary>
    /// Boosted learners on balanced subsets (imbalanced-learn's <c>EasyEnsembleClassifier</c>): each of
    /// <see cref="TreeOptions.Subsets"/> learners trains on every minority row and as many majority rows drawn without
    /// replacement; the ensemble averages the learners' log-odds.
    /// </summary>
    EasyEnsemble = 5,
}

/// <summary>
/// Every hyperparameter of a tree model, with the defaults of the library each algorithm follows: scikit-learn's for
/// decision trees, forests and isolation forests, XGBoost's (<c>tree_method="hist"</c>) for boosting. The generator
/// writes one from the model's attribute; the build has already checked each value (MG0040–MG0045), and
/// <see cref="Validate"/> checks them again for options built by hand.
/// </summary>
public sealed record TreeOptions
{
    /// <summary>The algorithm.</summary>
    public TreeAlgorithm Algorithm { get; init; }

    /// <summary>Gini or entropy, for decision trees and forests (boosting uses its loss's gradients).</summary>
    public SplitCriterion Criterion { get; init; }

    /// <summary>The deepest a tree may grow (0: unlimited, scikit-learn's <c>None</c>; boosting's default is 6).</summary>
    public int MaxDepth { get; init; }

    /// <summary>The most leaves a tree may have (0: unlimited); with <see cref="TreeGrowth.LeafWise"/> growth the best splits come first.</summary>
    public int MaxLeaves { get; init; }

    /// <summary>Level by level or best split first.</summary>
    public TreeGrowth Growth { get; init; }

    /// <summary>Samples a leaf needs at least (scikit-learn's <c>min_samples_leaf</c>, default 1).</summary>
    public int MinSamplesLeaf { get; init; } = TreeDefaults.MinSamplesLeaf;

    /// <summary>Samples a node needs to be split (scikit-learn's <c>min_samples_split</c>, default 2).</summary>
    public int MinSamplesSplit { get; init; } = TreeDefaults.MinSamplesSplit;

    /// <summary>The Hessian sum a boosting leaf needs at least (XGBoost's <c>min_child_weight</c>, default 1).</summary>
    public double MinChildWeight { get; init; }

    /// <summary>The rule for the features a split considers (default all; the forest attributes declare √n, scikit-learn's forest default).</summary>
    public FeatureSampling MaxFeatures { get; init; }

    /// <summary>A fraction of the features per split instead of <see cref="MaxFeatures"/> (0: use the rule).</summary>
    public double MaxFeaturesFraction { get; init; }

    /// <summary>A number of features per split instead of <see cref="MaxFeatures"/> (0: use the rule).</summary>
    public int MaxFeaturesCount { get; init; }

    /// <summary>EasyEnsemble's balanced subsets, one boosted learner each (default 10).</summary>
    public int Subsets { get; init; } = TreeDefaults.Subsets;

    /// <summary>Trees in a forest, or boosting rounds (default 100; an EasyEnsemble learner's rounds).</summary>
    public int Trees { get; init; } = TreeDefaults.Trees;

    /// <summary>Whether a forest's trees train on bootstrap samples (default true).</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>A forest's bootstrap size as a fraction of the rows (default 1); an isolation forest's sample size in rows (default 256).</summary>
    public double MaxSamples { get; init; } = TreeDefaults.MaxSamples;

    /// <summary>Boosting's shrinkage of each tree (XGBoost's <c>eta</c>, default 0.3).</summary>
    public double LearningRate { get; init; } = TreeDefaults.LearningRate;

    /// <summary>Boosting's L2 penalty on leaf values (XGBoost's <c>lambda</c>, default 1).</summary>
    public double L2 { get; init; } = TreeDefaults.L2;

    /// <summary>The fraction of rows each boosting round samples without replacement (default 1).</summary>
    public double Subsample { get; init; } = TreeDefaults.Subsample;

    /// <summary>The fraction of features each boosting tree may use (XGBoost's <c>colsample_bytree</c>, default 1).</summary>
    public double ColumnSample { get; init; } = TreeDefaults.Subsample;

    /// <summary>Bins per feature (default 255, XGBoost's and LightGBM's; up to 65,534, which splits between every two distinct values as CART does).</summary>
    public int MaxBins { get; init; } = TreeDefaults.MaxBins;

    /// <summary>Boosting stops when the validation loss has not improved for this many rounds (0: no early stopping).</summary>
    public int EarlyStoppingRounds { get; init; }

    /// <summary>The stratified fraction held out for early stopping when <c>FitOptions</c> gives no validation data (default 0.1).</summary>
    public double ValidationFraction { get; init; } = TreeDefaults.ValidationFraction;

    /// <summary>The isolation forest's expected share of anomalies, which sets its decision threshold (default 0.1).</summary>
    public double Contamination { get; init; } = TreeDefaults.Contamination;

    /// <summary>Checks every value; the message names the option, the value and the range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate(int inputSize)
    {
        Require(Enum.IsDefined(Algorithm), nameof(Algorithm), Algorithm, "a TreeAlgorithm member");
        Require(Enum.IsDefined(Criterion), nameof(Criterion), Criterion, "a SplitCriterion member");
        Require(Enum.IsDefined(MaxFeatures), nameof(MaxFeatures), MaxFeatures, "a FeatureSampling member");
        Require(MaxDepth >= 0, nameof(MaxDepth), MaxDepth, "0 (unlimited) or more");
        Require(MaxLeaves == 0 || MaxLeaves >= 2, nameof(MaxLeaves), MaxLeaves, "0 (unlimited) or at least 2");
        Require(MinSamplesLeaf >= 1, nameof(MinSamplesLeaf), MinSamplesLeaf, "at least 1");
        Require(MinSamplesSplit >= 2, nameof(MinSamplesSplit), MinSamplesSplit, "at least 2");
        Require(MinChildWeight >= 0 && double.IsFinite(MinChildWeight), nameof(MinChildWeight), MinChildWeight, "finite and at least 0");
        Require(MaxFeaturesFraction is >= 0 and <= 1, nameof(MaxFeaturesFraction), MaxFeaturesFraction, "in (0, 1], or 0 for the rule");
        Require(MaxFeaturesCount >= 0 && MaxFeaturesCount <= inputSize, nameof(MaxFeaturesCount), MaxFeaturesCount, $"at most the {inputSize} inputs, or 0 for the rule");
        Require(Trees >= 1, nameof(Trees), Trees, "at least 1");
        Require(Subsets >= 1, nameof(Subsets), Subsets, "at least 1");
        Require(Algorithm == TreeAlgorithm.IsolationForest ? MaxSamples >= 2 : MaxSamples is > 0 and <= 1, nameof(MaxSamples), MaxSamples,
            Algorithm == TreeAlgorithm.IsolationForest ? "at least 2 rows" : "a fraction in (0, 1]");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "positive and finite");
        Require(L2 >= 0 && double.IsFinite(L2), nameof(L2), L2, "finite and at least 0");
        Require(Subsample is > 0 and <= 1, nameof(Subsample), Subsample, "in (0, 1]");
        Require(ColumnSample is > 0 and <= 1, nameof(ColumnSample), ColumnSample, "in (0, 1]");
        Require(MaxBins is >= 2 and <= FeatureBins.MaxBins, nameof(MaxBins), MaxBins, $"in [2, {FeatureBins.MaxBins}]");
        Require(EarlyStoppingRounds >= 0, nameof(EarlyStoppingRounds), EarlyStoppingRounds, "0 (none) or more");
        Require(ValidationFraction is > 0 and < 1, nameof(ValidationFraction), ValidationFraction, "in (0, 1)");
        Require(Contamination is > 0 and <= 0.5, nameof(Contamination), Contamination, "in (0, 0.5]");
    }

    /// <summary>Features one split considers, from the rule or the explicit fraction or count.</summary>
    internal int FeaturesPerSplit(int inputSize)
    {
        if (MaxFeaturesCount > 0)
        {
            return MaxFeaturesCount;
        }

        if (MaxFeaturesFraction > 0)
        {
            return Math.Max(1, (int)(MaxFeaturesFraction * inputSize));
        }

        return MaxFeatures switch
        {
            FeatureSampling.Sqrt => Math.Max(1, (int)Math.Sqrt(inputSize)),
            FeatureSampling.Log2 => Math.Max(1, (int)Math.Log2(inputSize)),
            _ => inputSize,
        };
    }

    /// <summary>The canonical description of a model of <paramref name="inputSize"/> features with these options.</summary>
    internal string Describe(int inputSize) => TreeDescription.Describe(inputSize, Algorithm.ToString(), Trees, Criterion.ToString(), MaxDepth, MaxLeaves,
        MinSamplesLeaf, MinChildWeight, MaxFeatures.ToString(), MaxFeaturesFraction, MaxFeaturesCount, Bootstrap, MaxSamples, LearningRate, L2,
        Subsample, ColumnSample, MaxBins, Contamination, Subsets);

    private static void Require(bool valid, string name, object value, string range)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {range}.");
        }
    }
}
