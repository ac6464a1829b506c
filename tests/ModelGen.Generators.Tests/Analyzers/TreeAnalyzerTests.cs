using Microsoft.CodeAnalysis.Diagnostics;
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
        [Input(30)] [EasyEnsemble(Subsets = 5, Trees = 20)] public partial class Easy { }
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
        [Input(30)] [EasyEnsemble({|MG0042:Subsets = 0|})] public partial class Easy { }
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
    public Task Kernel_machines_are_checked_like_tree_models() => Verify("""
        [Input(30)] [Svm(Kernel = SvmKernel.Polynomial, Degree = 2, C = 10, Gamma = SvmGamma.Value, GammaValue = 0.05)] public partial class Valid { }
        [Input(30)] [{|MG0048:Svm({|MG0048:C = 0|}, Gamma = SvmGamma.Value, {|MG0048:Degree = 0|})|}] public partial class OutOfRange { }
        [Input(30)] [OneClassSvm(Nu = 0.05, Kernel = SvmKernel.Sigmoid)] public partial class Detector { }
        [Input(30)] [OneClassSvm({|MG0048:Nu = 1.5|})] public partial class BadNu { }
        [Input(30)] [Svm] [{|MG0041:OneClassSvm|}] public partial class TwoMachines { }
        [Input(30)] [Svm] [{|MG0041:RandomForest|}] public partial class TwoFamilies { }
        [Input(30)] [Svm] [{|MG0040:Loss(LossKind.BinaryCrossEntropy)|}] public partial class WithLoss { }
        public class Base { }
        [Input(30)] [Svm] public partial class {|MG0045:Derived|} : Base { }
        """);

    [Fact]
    public Task MG0045_a_tree_model_with_a_base_class() => Verify("""
        public class Base { }
        [Input(30)] [RandomForest] public partial class {|MG0045:Forest|} : Base { }
        """);

    [Fact]
    public Task MG0046_a_tree_file_of_another_model_and_MG0027_a_damaged_one() => AnalyzerHarness.VerifyAsync("using ModelGen;\n" + """
        [Model({|MG0046:Trees = "forest.mgtt"|})] [Input(2)] [RandomForest(Trees = 3)] public partial class Forest { }
        [Model({|MG0027:Trees = "broken.mgtt"|})] [Input(2)] [RandomForest(Trees = 2)] public partial class Broken { }
        """, new[] { ("/p/forest.mgtt", s_twoTreeForest), ("/p/broken.mgtt", s_twoTreeForest[..40]) });

    [Fact]
    public Task A_support_vector_file_is_checked_like_a_tree_file()
    {
        // Two support vectors of two features, written as SvmModelFile writes them (the runtime's format code is shared).
        string Bits(double v) => System.BitConverter.DoubleToInt64Bits(v).ToString("x16");
        string Float(float v) => System.BitConverter.SingleToInt32Bits(v).ToString("x8");
        string body = $"{Bits(0.5)} {Float(1f)} {Float(2f)}\n{Bits(-0.5)} {Float(-1f)} {Float(0f)}\n";
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(body));
        string file = $"ModelGen svm 1\narchitecture: Input(2) -> Svm(rbf, gamma=scale, C=1)\ngamma: {Bits(0.5)}\nrho: {Bits(0.1)}\nvectors: 2\ncrc32: {crc:x8}\n{body}";
        return AnalyzerHarness.VerifyAsync("using ModelGen;\n" + """
            [Model(SupportVectors = "machine.mgsv")] [Input(2)] [Svm] public partial class Machine { }
            [Model({|MG0046:SupportVectors = "machine.mgsv"|})] [Input(2)] [Svm(C = 5)] public partial class Other { }
            [Model({|MG0027:SupportVectors = "broken.mgsv"|})] [Input(2)] [Svm] public partial class Broken { }
            [Model({|MG0025:SupportVectors = "missing.mgsv"|})] [Input(2)] [OneClassSvm] public partial class Missing { }
            """, new[] { ("/p/machine.mgsv", file), ("/p/broken.mgsv", file[..60]) });
    }

    [Fact]
    public async Task MG0100_names_the_compiled_trees_and_the_size_of_their_code()
    {
        var compilation = GeneratorHarness.Compile("using ModelGen;\n" + """
            [Model(Trees = "forest.mgtt")] [Input(2)] [RandomForest(Trees = 2, MaxFeatures = FeatureSampling.All)] public partial class Forest { }
            """);
        var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(
            System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.AdditionalText>(new InMemoryAdditionalText("/p/forest.mgtt", s_twoTreeForest)));
        var diagnostics = await compilation.WithAnalyzers(
            System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new ModelGen.Generators.Analyzers.ModelAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
        string message = Assert.Single(diagnostics, d => d.Id == "MG0100").GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(@"^Model 'Forest': RandomForest of 2 tree\(s\) on 2 inputs, .*; compiled from 'forest\.mgtt': 2 trees, \d+ nodes, about \d+ KB of generated code$", message);
    }

    /// <summary>A two-tree forest of two features, saved as TreeModelFile writes it.</summary>
    private static readonly string s_twoTreeForest = SavedForest();

    private static string SavedForest()
    {
        var data = new ModelGen.Data.Dataset(new float[] { 0, 1, 1, 0, 0.2f, 0.9f, 0.8f, 0.1f, 0.5f, 0.5f, 0.3f, 0.7f }, new float[] { 0, 1, 0, 1, 0, 1 }, new[] { "a", "b" });
        var model = new ModelGen.Trees.TreeModel(2, new ModelGen.Trees.TreeOptions { Algorithm = ModelGen.Trees.TreeAlgorithm.RandomForest, Trees = 2 });
        model.Fit(data, new ModelGen.Training.FitOptions());
        string path = System.IO.Path.GetTempFileName();
        ModelGen.Persistence.TreeModelFile.Save(model, path);
        string text = System.IO.File.ReadAllText(path);
        System.IO.File.Delete(path);
        return text;
    }
}
