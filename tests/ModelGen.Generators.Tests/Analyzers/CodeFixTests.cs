using System.Threading.Tasks;
using ModelGen.CodeFixes;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Analyzers;

/// <summary>Each code fix applied through Microsoft's code-fix harness, which also checks the fixed code is clean.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task Single_unit_softmax_becomes_sigmoid() => AnalyzerHarness.VerifyFixAsync<SoftmaxToSigmoidCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense(1, {|MG0001:Activation.Softmax|})] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class Net { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """, "MG0001.Sigmoid");

    [Fact]
    public Task Binary_cross_entropy_on_two_softmax_units_becomes_categorical() => AnalyzerHarness.VerifyFixAsync<LossOutputCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense(2, ModelGen.Activation.Softmax)] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class Net { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(2, ModelGen.Activation.Softmax)] [Loss(LossKind.CategoricalCrossEntropy)]
        public partial class Net { }
        """, "MG0002.Categorical");

    [Fact]
    public Task Binary_cross_entropy_on_two_softmax_units_can_become_one_sigmoid() => AnalyzerHarness.VerifyFixAsync<LossOutputCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense(8, Activation.Relu)] [Dense(2, Activation.Softmax)] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class Net { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(8, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """, "MG0002.Sigmoid");

    [Fact]
    public Task Binary_cross_entropy_on_a_linear_output_gets_a_sigmoid() => AnalyzerHarness.VerifyFixAsync<LossOutputCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense(1)] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class Net { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """, "MG0002.Sigmoid");

    [Fact]
    public Task Hinge_on_sigmoid_becomes_linear() => AnalyzerHarness.VerifyFixAsync<LossOutputCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense(1, Activation.Sigmoid, L2 = 0.01)] [Loss({|MG0004:LossKind.Hinge|})]
        public partial class Svm { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(1, Activation.Linear, L2 = 0.01)] [Loss(LossKind.Hinge)]
        public partial class Svm { }
        """, "MG0004.Linear");

    [Fact]
    public Task Class_becomes_partial_in_every_declaration() => AnalyzerHarness.VerifyFixAsync<MakePartialCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public sealed class {|MG0010:Net|} { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public sealed partial class Net { }
        """, "MG0010.Partial");

    [Fact]
    public Task A_softmax_given_by_name_is_fixed_where_it_is_written() => AnalyzerHarness.VerifyFixAsync<SoftmaxToSigmoidCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense(1, {|MG0001:activation: Activation.Softmax|})] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class Net { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(1, activation: Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """, "MG0001.Sigmoid");

    [Fact]
    public Task Named_arguments_in_any_order_are_fixed_in_place() => AnalyzerHarness.VerifyFixAsync<SoftmaxToSigmoidCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense({|MG0001:activation: Activation.Softmax|}, units: 1, L2 = 0.01)] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class Net { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(activation: Activation.Sigmoid, units: 1, L2 = 0.01)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """, "MG0001.Sigmoid");

    [Fact]
    public Task A_missing_activation_after_a_named_units_argument_is_added_by_name() => AnalyzerHarness.VerifyFixAsync<LossOutputCodeFix>("""
        using ModelGen;
        [Input(4)] [Dense(units: 1)] [Loss({|MG0002:LossKind.BinaryCrossEntropy|})]
        public partial class Net { }
        """, """
        using ModelGen;
        [Input(4)] [Dense(units: 1, activation: Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """, "MG0002.Sigmoid");

    [Fact]
    public Task A_layer_on_a_tree_model_is_removed() => AnalyzerHarness.VerifyFixAsync<RemoveTreeMisfitCodeFix>("""
        using ModelGen;
        [Input(4)] [RandomForest] [{|MG0040:Dense(1, Activation.Sigmoid)|}]
        public partial class Forest { }
        """, """
        using ModelGen;
        [Input(4)] [RandomForest] 
        public partial class Forest { }
        """, "MG0040.Remove");

    [Fact]
    public Task A_tree_setting_without_effect_is_removed() => AnalyzerHarness.VerifyFixAsync<RemoveTreeMisfitCodeFix>("""
        using ModelGen;
        [Input(4)] [RandomForest(Bootstrap = false, {|MG0044:MaxSamples = 0.5|})]
        public partial class Forest { }
        """, """
        using ModelGen;
        [Input(4)] [RandomForest(Bootstrap = false)]
        public partial class Forest { }
        """, "MG0044.Remove");
}
