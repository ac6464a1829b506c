// Linked as source into ModelGen.Generators: a tree file records the architecture the runtime describes, and the
// generator compares it with the declared model's, so both describe a tree model with this one function.
using System.Globalization;

namespace ModelGen;

/// <summary>The canonical one-line description of a tree model's structure (its <c>Architecture</c>).</summary>
internal static class TreeDescription
{
    /// <summary>
    /// <c>Input(n) -> Algorithm(options that shape its trees)</c>; equal strings mean a saved ensemble fits the model.
    /// <paramref name="algorithm"/> is a <c>TreeAlgorithm</c> member's name, <paramref name="criterion"/> a
    /// <c>SplitCriterion</c>'s, <paramref name="maxFeatures"/> a <c>FeatureSampling</c>'s.
    /// </summary>
    public static string Describe(int inputSize, string algorithm, int trees, string criterion, int maxDepth, int maxLeaves, int minSamplesLeaf,
        double minChildWeight, string maxFeatures, double maxFeaturesFraction, int maxFeaturesCount, bool bootstrap, double maxSamples,
        double learningRate, double l2, double subsample, double columnSample, int maxBins, double contamination, int subsets)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string body = algorithm switch
        {
            "GradientBoostedTrees" => string.Format(c,
                "GradientBoostedTrees(trees={0}, max_depth={1}, max_leaves={2}, learning_rate={3:R}, l2={4:R}, min_child_weight={5:R}, subsample={6:R}, colsample={7:R}, max_bins={8})",
                trees, maxDepth, maxLeaves, learningRate, l2, minChildWeight, subsample, columnSample, maxBins),
            "EasyEnsemble" => string.Format(c,
                "EasyEnsemble(subsets={0}, trees={1}, max_depth={2}, learning_rate={3:R}, l2={4:R}, min_child_weight={5:R}, max_bins={6})",
                subsets, trees, maxDepth, learningRate, l2, minChildWeight, maxBins),
            "IsolationForest" => string.Format(c, "IsolationForest(trees={0}, max_samples={1:R}, contamination={2:R})", trees, maxSamples, contamination),
            _ => string.Format(c,
                "{0}(trees={1}, criterion={2}, max_depth={3}, max_leaves={4}, min_samples_leaf={5}, max_features={6}/{7:R}/{8}, bootstrap={9}, max_bins={10})",
                algorithm, algorithm == "DecisionTree" ? 1 : trees, criterion, maxDepth, maxLeaves, minSamplesLeaf, maxFeatures, maxFeaturesFraction,
                maxFeaturesCount, bootstrap ? "True" : "False", maxBins),
        };
        return string.Format(c, "Input({0}) -> {1}", inputSize, body);
    }
}
