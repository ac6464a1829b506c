using System.Threading.Tasks;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Analyzers;

/// <summary>MG0040–MG0045: tree models declared wrongly, reported at the attribute or argument while the user types.</summary>
public sealed class TreeAnalyzerTests
{
    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync("using ModelGen;\n" + source);

    [Fact]
    public Task Valid_tree_models_get_no_diagnostic() => Verify("""
        [Input(30)] [RandomForest(Trees = 200, MaxDepth = 8, MaxFeatures = FeatureSampling.Log2)] public partial class Forest { }
        [Input(30)] [GradientBoostedTrees(LearningRate = 0.1, MaxLeaves = 31, Growth = TreeGrowth.LeafWise, EarlyStoppingRounds = 10, ValidationFraction = 0.2)] public partial class Boost { }
        [Input(30)] [DecisionTree(Criterion = SplitCriterion.Entropy, MaxFeaturesCount = 30)] public partial class Tree { }
        [Input(30)] [IsolationForest(MaxSamples = 128)] public partial class Anomalies { }
        [Input(30)] [BalancedRandomForest] public partial class Balanced { }
        """);

    [Fact]
    public Task MG0040_network_attributes_on_a_tree_model() => Verify("""
        [Input(30)] [RandomForest] {|MG0040:[Dense(1, Activation.Sigmoid)]|} {|MG0040:[Loss(LossKind.BinaryCrossEntropy)]|}
        public partial class Forest { }
        """.Replace("{|MG0040:[", "[{|MG0040:").Replace(")]|}", ")|}]"));

    [Fact]
    public Task MG0041_two_families() => Verify("""
        [Input(30)] [RandomForest] [{|MG0041:GradientBoostedTrees|}] public partial class Forest { }
        """);

    [Fact]
    public Task MG0042_options_out_of_range() => Verify("""
        [Input(30)] [GradientBoostedTrees({|MG0042:Trees = 0|}, {|MG0042:LearningRate = -0.1|}, {|MG0042:MaxDepth = -1|}, {|MG0042:MaxBins = 70000|}, {|MG0042:Subsample = 1.5|})] public partial class Boost { }
        [Input(30)] [RandomForest({|MG0042:MaxSamples = 0|}, {|MG0042:MinSamplesLeaf = 0|})] public partial class Forest { }
        [Input(30)] [IsolationForest({|MG0042:Contamination = 0.7|})] public partial class Anomalies { }
        """);

    [Fact]
    public Task MG0043_more_features_per_split_than_inputs() => Verify("""
        [Input(30)] [RandomForest({|MG0043:MaxFeaturesCount = 31|})] public partial class Forest { }
        """);

    [Fact]
    public Task MG0044_settings_without_effect() => Verify("""
        [Input(30)] [RandomForest(Bootstrap = false, {|MG0044:MaxSamples = 0.5|})] public partial class Forest { }
        [Input(30)] [GradientBoostedTrees({|MG0044:ValidationFraction = 0.2|}, {|MG0044:Growth = TreeGrowth.LeafWise|})] public partial class Boost { }
        [Input(30)] [GradientBoostedTrees({|MG0044:MaxDepth = 0|})] public partial class Deep { }
        """);

    [Fact]
    public Task MG0045_a_tree_model_with_a_base_class() => Verify("""
        public class Base { }
        [Input(30)] [RandomForest] public partial class {|MG0045:Forest|} : Base { }
        """);
}
