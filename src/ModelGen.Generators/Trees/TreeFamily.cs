using System.Collections.Generic;
using System.Globalization;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Trees;

/// <summary>
/// The tree family in the generator: which attributes declare it, how one is read into a <see cref="TreeSpec"/>, and
/// the rules on its values. The runtime trains and predicts (<c>ModelGen.Trees.TreeModel</c>); the generator checks the
/// declaration at build time and emits the class (<see cref="TreeEmitter"/>).
/// </summary>
internal static class TreeFamily
{
    public const string DecisionTree = "ModelGen.DecisionTreeAttribute";
    public const string RandomForest = "ModelGen.RandomForestAttribute";
    public const string BalancedRandomForest = "ModelGen.BalancedRandomForestAttribute";
    public const string GradientBoostedTrees = "ModelGen.GradientBoostedTreesAttribute";
    public const string IsolationForest = "ModelGen.IsolationForestAttribute";
    public const string EasyEnsemble = "ModelGen.EasyEnsembleAttribute";

    /// <summary>Every attribute that declares a tree model.</summary>
    public static readonly string[] Attributes = { DecisionTree, RandomForest, BalancedRandomForest, GradientBoostedTrees, IsolationForest, EasyEnsemble };

    /// <summary>Reads a tree attribute; out-of-range values are reported (MG0042) and the spec keeps them.</summary>
    public static TreeSpec Parse(string attributeName, AttributeValues values)
    {
        string algorithm = attributeName.Substring("ModelGen.".Length, attributeName.Length - "ModelGen.".Length - "Attribute".Length);
        bool easy = attributeName == EasyEnsemble;
        bool boosting = attributeName == GradientBoostedTrees || easy;
        bool isolation = attributeName == IsolationForest;
        bool forest = attributeName is RandomForest or BalancedRandomForest;
        var spec = new TreeSpec(
            values.AttributeIndex,
            algorithm,
            values.Int("Trees", easy ? TreeDefaults.EasyEnsembleRounds : TreeDefaults.Trees),
            values.Enum("Criterion", SplitCriterion.Gini).ToString(),
            values.Int("MaxDepth", easy ? TreeDefaults.EasyEnsembleMaxDepth : boosting ? TreeDefaults.BoostingMaxDepth : TreeDefaults.MaxDepth),
            values.Int("MaxLeaves", TreeDefaults.MaxLeaves),
            values.Enum("Growth", TreeGrowth.DepthWise).ToString(),
            values.Int("MinSamplesLeaf", TreeDefaults.MinSamplesLeaf),
            values.Int("MinSamplesSplit", TreeDefaults.MinSamplesSplit),
            values.Double("MinChildWeight", boosting ? TreeDefaults.MinChildWeight : 0),
            values.Enum("MaxFeatures", forest ? FeatureSampling.Sqrt : FeatureSampling.All).ToString(),
            values.Double("MaxFeaturesFraction", 0),
            values.Int("MaxFeaturesCount", 0),
            values.Bool("Bootstrap", true),
            values.Double("MaxSamples", isolation ? TreeDefaults.IsolationSamples : TreeDefaults.MaxSamples),
            values.Double("LearningRate", TreeDefaults.LearningRate),
            values.Double("L2", TreeDefaults.L2),
            values.Double("Subsample", TreeDefaults.Subsample),
            values.Double("ColumnSample", TreeDefaults.Subsample),
            values.Int("MaxBins", attributeName == DecisionTree ? TreeDefaults.ExactBins : TreeDefaults.MaxBins),
            values.Int("EarlyStoppingRounds", 0),
            values.Double("ValidationFraction", TreeDefaults.ValidationFraction),
            values.Double("Contamination", TreeDefaults.Contamination),
            values.Int("Subsets", TreeDefaults.Subsets));
        Check(spec, values);
        return spec;
    }

    /// <summary>MG0042 for a value out of range, MG0044 for a setting that cannot take effect.</summary>
    private static void Check(TreeSpec spec, AttributeValues values)
    {
        void Range(string name, bool valid, double value, string range)
        {
            if (!valid)
            {
                values.ReportArgument(Descriptors.TreeOptionOutOfRange.Id, name, name, Invariant.Number(value), range);
            }
        }

        Range("Trees", spec.Trees >= 1, spec.Trees, "at least 1");
        Range("Subsets", spec.Subsets >= 1, spec.Subsets, "at least 1");
        Range("MaxDepth", spec.MaxDepth >= 0, spec.MaxDepth, "0 (unlimited) or more");
        Range("MaxLeaves", spec.MaxLeaves == 0 || spec.MaxLeaves >= 2, spec.MaxLeaves, "0 (unlimited) or at least 2");
        Range("MinSamplesLeaf", spec.MinSamplesLeaf >= 1, spec.MinSamplesLeaf, "at least 1");
        Range("MinSamplesSplit", spec.MinSamplesSplit >= 2, spec.MinSamplesSplit, "at least 2");
        Range("MinChildWeight", spec.MinChildWeight >= 0 && !double.IsInfinity(spec.MinChildWeight), spec.MinChildWeight, "finite and at least 0");
        Range("MaxFeaturesFraction", spec.MaxFeaturesFraction >= 0 && spec.MaxFeaturesFraction <= 1, spec.MaxFeaturesFraction, "in (0, 1], or 0 for the MaxFeatures rule");
        Range("MaxFeaturesCount", spec.MaxFeaturesCount >= 0, spec.MaxFeaturesCount, "1 or more, or 0 for the MaxFeatures rule");
        if (spec.Algorithm == "IsolationForest")
        {
            Range("MaxSamples", spec.MaxSamples >= 2, spec.MaxSamples, "at least 2 rows");
        }
        else
        {
            Range("MaxSamples", spec.MaxSamples > 0 && spec.MaxSamples <= 1, spec.MaxSamples, "a fraction in (0, 1]");
        }

        Range("LearningRate", spec.LearningRate > 0 && !double.IsInfinity(spec.LearningRate), spec.LearningRate, "positive and finite");
        Range("L2", spec.L2 >= 0 && !double.IsInfinity(spec.L2), spec.L2, "finite and at least 0");
        Range("Subsample", spec.Subsample > 0 && spec.Subsample <= 1, spec.Subsample, "in (0, 1]");
        Range("ColumnSample", spec.ColumnSample > 0 && spec.ColumnSample <= 1, spec.ColumnSample, "in (0, 1]");
        Range("MaxBins", spec.MaxBins >= 2 && spec.MaxBins <= TreeDefaults.ExactBins, spec.MaxBins, "in [2, 65534]");
        Range("EarlyStoppingRounds", spec.EarlyStoppingRounds >= 0, spec.EarlyStoppingRounds, "0 (none) or more");
        Range("ValidationFraction", spec.ValidationFraction > 0 && spec.ValidationFraction < 1, spec.ValidationFraction, "in (0, 1)");
        Range("Contamination", spec.Contamination > 0 && spec.Contamination <= 0.5, spec.Contamination, "in (0, 0.5]");

        if (values.Has("MaxSamples") && !spec.Bootstrap && spec.Algorithm == "RandomForest")
        {
            values.ReportArgument(Descriptors.TreeSettingWithoutEffect.Id, "MaxSamples", "MaxSamples", "Bootstrap is false, so every tree trains on every row");
        }

        if (values.Has("ValidationFraction") && spec.EarlyStoppingRounds == 0)
        {
            values.ReportArgument(Descriptors.TreeSettingWithoutEffect.Id, "ValidationFraction", "ValidationFraction", "EarlyStoppingRounds is 0, so nothing is held out");
        }

        if (spec.Growth == "LeafWise" && spec.MaxLeaves == 0)
        {
            values.ReportArgument(Descriptors.TreeSettingWithoutEffect.Id, "Growth", "Growth = TreeGrowth.LeafWise", "MaxLeaves is 0 (unlimited), so every split is made whatever the order; set MaxLeaves");
        }

        if (spec.MaxDepth == 0 && spec.MaxLeaves == 0 && spec.Algorithm == "GradientBoostedTrees")
        {
            values.ReportArgument(Descriptors.TreeSettingWithoutEffect.Id, "MaxDepth", "MaxDepth = 0", "a boosted tree with neither a depth nor a leaf limit grows until its leaves are pure, which overfits; set MaxDepth or MaxLeaves");
        }
    }

    /// <summary>
    /// The rules that need the whole model: MG0043 for more features per split than inputs, MG0040 for each network
    /// attribute (layer, loss, optimizer) on a tree model.
    /// </summary>
    public static void CheckModel(TreeSpec spec, int? inputSize, IEnumerable<(int AttributeIndex, string Name)> networkAttributes, List<SpecProblem> problems)
    {
        if (inputSize is int inputs && spec.MaxFeaturesCount > inputs)
        {
            problems.Add(new SpecProblem(Descriptors.TooManyTreeFeatures.Id,
                new[] { Invariant.Number(spec.MaxFeaturesCount), Invariant.Number(inputs) }.ToEquatableArray(),
                spec.AttributeIndex, "MaxFeaturesCount"));
        }

        foreach ((int index, string name) in networkAttributes)
        {
            problems.Add(new SpecProblem(Descriptors.NetworkAttributeOnTreeModel.Id, new[] { name, spec.Algorithm }.ToEquatableArray(), index));
        }
    }

    /// <summary>The architecture the runtime gives a model of this spec: what a tree file must record to be baked in.</summary>
    public static string Architecture(TreeSpec spec, int inputSize) => TreeDescription.Describe(inputSize, spec.Algorithm, spec.Trees, spec.Criterion,
        spec.MaxDepth, spec.MaxLeaves, spec.MinSamplesLeaf, spec.MinChildWeight, spec.MaxFeatures, spec.MaxFeaturesFraction, spec.MaxFeaturesCount,
        spec.Bootstrap, spec.MaxSamples, spec.LearningRate, spec.L2, spec.Subsample, spec.ColumnSample, spec.MaxBins, spec.Contamination, spec.Subsets);

    /// <summary>The options as the runtime's <c>TreeOptions</c> initializer.</summary>
    public static IEnumerable<string> OptionAssignments(TreeSpec spec)
    {
        string D(double value) => Literals.Double(value);
        string I(int value) => Literals.Int(value);
        yield return $"Algorithm = global::ModelGen.Trees.TreeAlgorithm.{spec.Algorithm}";
        yield return $"Trees = {I(spec.Trees)}";
        yield return $"Criterion = global::ModelGen.SplitCriterion.{spec.Criterion}";
        yield return $"MaxDepth = {I(spec.MaxDepth)}";
        yield return $"MaxLeaves = {I(spec.MaxLeaves)}";
        yield return $"Growth = global::ModelGen.TreeGrowth.{spec.Growth}";
        yield return $"MinSamplesLeaf = {I(spec.MinSamplesLeaf)}";
        yield return $"MinSamplesSplit = {I(spec.MinSamplesSplit)}";
        yield return $"MinChildWeight = {D(spec.MinChildWeight)}";
        yield return $"MaxFeatures = global::ModelGen.FeatureSampling.{spec.MaxFeatures}";
        yield return $"MaxFeaturesFraction = {D(spec.MaxFeaturesFraction)}";
        yield return $"MaxFeaturesCount = {I(spec.MaxFeaturesCount)}";
        yield return $"Bootstrap = {(spec.Bootstrap ? "true" : "false")}";
        yield return $"MaxSamples = {D(spec.MaxSamples)}";
        yield return $"LearningRate = {D(spec.LearningRate)}";
        yield return $"L2 = {D(spec.L2)}";
        yield return $"Subsample = {D(spec.Subsample)}";
        yield return $"ColumnSample = {D(spec.ColumnSample)}";
        yield return $"MaxBins = {I(spec.MaxBins)}";
        yield return $"EarlyStoppingRounds = {I(spec.EarlyStoppingRounds)}";
        yield return $"ValidationFraction = {D(spec.ValidationFraction)}";
        yield return $"Contamination = {D(spec.Contamination)}";
        yield return $"Subsets = {I(spec.Subsets)}";
    }
}
