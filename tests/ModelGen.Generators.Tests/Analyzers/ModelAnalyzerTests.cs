using System.Collections.Immutable;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ModelGen.Generators.Analyzers;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Analyzers;

/// <summary>Every MG diagnostic where it should be reported (markup marks the exact span), and silence where it should not.</summary>
public sealed class ModelAnalyzerTests
{
    private const string Usings = "using ModelGen;\n";

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync(Usings + source);

    [Fact]
    public Task Valid_models_get_no_diagnostic() => Verify("""
        [Input(30)] [Dense(16, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Mlp { }
        [Input(8)] [Dense(2, Activation.Softmax)] [Loss(LossKind.CategoricalCrossEntropy)] [Optimizer(OptimizerKind.RmsProp, Rho = 0.5, Momentum = 0.9)]
        public partial class Softmax2 { }
        [Input(8)] [Dense(1)] [Loss(LossKind.Hinge)] [Optimizer(OptimizerKind.Sgd, LearningRate = 0.5, Momentum = 0, Nesterov = true)]
        public partial class Svm { }
        [Input(8)] [Dense(4, Activation.LeakyRelu, NegativeSlope = 0, L2 = 0)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.AdamW, WeightDecay = 0, Beta1 = 0)]
        public partial class Edges { }
        public class NotAModel { }
        """);

    [Fact]
    public Task MG0001_single_unit_softmax() => Verify("""
        [Input(4)] [Dense(1, {|MG0001:Activation.Softmax|})] [Dense(2, Activation.Softmax)] [Loss(LossKind.CategoricalCrossEntropy)]
        public partial class Hidden { }
        [Input(4)] [Dense(1, {|MG0001:Activation.Softmax|})] [Loss(LossKind.MeanSquaredError)]
        public partial class Output { }
        """.Replace("[Loss(LossKind.MeanSquaredError)]", "[Loss({|MG0005:LossKind.MeanSquaredError|})]"));

    [Fact]
    public Task MG0002_binary_cross_entropy_on_softmax_and_on_relu() => Verify("""
        [Input(4)] [Dense(2, Activation.Softmax)] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class OnSoftmax { }
        [Input(4)] [Dense(1, Activation.Relu)] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class OnRelu { }
        [Input(4)] [Dense(3, Activation.Sigmoid)] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class ThreeSigmoids { }
        """);

    [Fact]
    public Task MG0003_categorical_cross_entropy_without_softmax() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss({|MG0003:LossKind.CategoricalCrossEntropy|})]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0004_hinge_on_sigmoid() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss({|MG0004:LossKind.Hinge|})]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0005_mean_squared_error_is_a_warning() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss({|MG0005:LossKind.MeanSquaredError|})]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0006_MG0007_MG0008_missing_input_layers_and_loss() => Verify("""
        [Optimizer(OptimizerKind.Adam)]
        public partial class {|MG0006:{|MG0007:{|MG0008:Empty|}|}|} { }
        """);

    [Fact]
    public Task MG0009_repeated_single_use_attribute() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam)] [{|MG0009:{|CS0579:Optimizer|}(OptimizerKind.Sgd)|}]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0010_not_partial() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public class {|MG0010:Net|} { }
        """);

    [Fact]
    public Task MG0011_generic() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class {|MG0011:Net|}<T> { }
        """);

    [Fact]
    public Task MG0012_enclosing_type_not_partial() => Verify("""
        public class Outer
        {
            [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class {|MG0012:Net|} { }
        }
        public partial class PartialOuter
        {
            [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class Fine { }
        }
        """);

    /// <remarks>On a struct the compiler itself rejects the attributes (they are declared for classes only).</remarks>
    [Fact]
    public Task MG0013_record_and_static_class() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial record {|MG0013:R|} { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public static partial class {|MG0013:C|} { }
        """);

    [Fact]
    public Task MG0014_layers_split_over_partial_declarations() => Verify("""
        [Input(4)] [Dense(3, Activation.Relu)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class {|MG0014:Net|} { }
        [Dense(1, Activation.Sigmoid)]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0015_non_positive_sizes() => Verify("""
        [Input({|MG0015:0|})] [Dense({|MG0015:-3|}, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0016_very_large_model_is_a_warning_with_the_count() => AnalyzerHarness.VerifyAsync(Usings + """
        [Input(100000)] [Dense(1000, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class {|#0:Net|} { }
        """, includeSummary: false,
        new DiagnosticResult("MG0016", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("100,002,001"));

    [Fact]
    public Task MG0017_parameter_count_overflow() => Verify("""
        [Input(100000)] [{|MG0017:Dense(100000, Activation.Relu)|}] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0015_an_lbfgs_history_of_no_steps() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Lbfgs, HistorySize = 20)] public partial class Valid { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Lbfgs, {|MG0015:HistorySize = 0|})] public partial class NoHistory { }
        """);

    [Fact]
    public Task MG0049_full_batch_settings_that_do_not_fit() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Newton, C = 10)] public partial class Logistic { }
        [Input(4)] [Dense(3, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer({|MG0049:OptimizerKind.Newton|})] public partial class Deep { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam, {|MG0049:C = 1|})] public partial class AdamC { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Lbfgs, {|MG0049:C = -1|})] public partial class NegativeC { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam, {|MG0049:GradientTolerance = 1e-9|})] public partial class AdamTolerance { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Lbfgs, {|MG0049:ChangeTolerance = 0|}, GradientTolerance = 1e-10)] public partial class ZeroChange { }
        [Input(4)] [Dense(8, Activation.Relu)] [{|MG0049:Dropout(0.2)|}] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Lbfgs)] public partial class LbfgsDropout { }
        [Input(4)] [Dense(8, Activation.Relu)] [{|MG0049:BatchNorm|}] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.NewtonCg)] public partial class NewtonCgBatchNorm { }
        [Input(4)] [Dense(8, Activation.Relu)] [BatchNorm] [Dropout(0.2)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam)] public partial class AdamIsFine { }
        """);

    [Fact]
    public Task MG0050_batch_size_given_to_a_full_batch_optimizer() => AnalyzerHarness.VerifyWithGeneratorAsync<FitCallAnalyzer>(Usings + """
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Lbfgs)] public partial class Full { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam)] public partial class Mini { }
        public static class Use
        {
            public static void Train(ModelGen.Data.Dataset data, ModelGen.Training.FitOptions options)
            {
                var full = new Full();
                full.Fit(data, epochs: 100, {|MG0050:batchSize: 64|});
                full.Fit(data, new ModelGen.Training.FitOptions { Epochs = 100, {|MG0050:BatchSize = 16|} });
                ModelGen.Training.Trainer.Fit(full, data, options with { {|MG0050:BatchSize = 8|} });
                full.Fit(data, 100);
                full.Fit(data, new ModelGen.Training.FitOptions { Epochs = 100 });
                new Mini().Fit(data, epochs: 5, batchSize: 64);
                new Mini().Fit(data, new ModelGen.Training.FitOptions { BatchSize = 16 });
            }
        }
        """);

    [Fact]
    public Task MG0018_learning_rate() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam, {|MG0018:LearningRate = 0|})]
        public partial class Zero { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Sgd, {|MG0018:LearningRate = double.NaN|})]
        public partial class NaN { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Sgd, {|MG0018:LearningRate = double.PositiveInfinity|})]
        public partial class Infinite { }
        """);

    [Fact]
    public Task MG0019_decay_rates_outside_zero_one() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam, {|MG0019:Beta1 = 1|}, {|MG0019:Beta2 = -0.1|})]
        public partial class Adam { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Sgd, {|MG0019:Momentum = 1.5|})]
        public partial class Sgd { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.RmsProp, {|MG0019:Rho = 1|})]
        public partial class Rms { }
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Sgd, Beta1 = 7)]
        public partial class IgnoredForSgd { }
        """);

    [Fact]
    public Task MG0020_epsilon() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam, {|MG0020:Epsilon = 0|})]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0021_negative_penalties() => Verify("""
        [Input(4)] [Dense(1, Activation.Sigmoid, {|MG0021:L2 = -0.1|})] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.AdamW, {|MG0021:WeightDecay = -1|})]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0022_undefined_enum_values() => Verify("""
        [Input(4)] [Dense(1, {|MG0022:(Activation)42|})] [Loss({|MG0022:(LossKind)7|})] [Optimizer({|MG0022:(OptimizerKind)9|})]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0023_unreadable_arguments() => Verify("""
        [Input(4)] [{|MG0023:Dense(1, {|CS0103:Undefined|})|}] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """);

    [Fact]
    public Task MG0024_negative_slope() => Verify("""
        [Input(4)] [Dense(3, Activation.LeakyRelu, {|MG0024:NegativeSlope = -0.5|})] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """);

    [Fact]
    public async Task MG0100_summary_counts_parameters_multiply_adds_and_training_scratch()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Usings + """
            [Input(30)] [Dense(16, Activation.Relu)] [Dense(8, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class CancerNet { }
            """);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ModelGen.Generators.Analyzers.ModelAnalyzer());
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        Diagnostic summary = Assert.Single(diagnostics);
        Assert.Equal(("MG0100", DiagnosticSeverity.Info), (summary.Id, summary.Severity));
        string message = summary.GetMessage(CultureInfo.InvariantCulture);
        // 16 + 8 + 1 activations and two deltas as wide as the 30 inputs.
        Assert.Equal("Model 'CancerNet': 641 parameters, 616 multiply-adds per sample, 3 layers; training keeps 85 floats of activations and deltas per sample", message);
    }
}
