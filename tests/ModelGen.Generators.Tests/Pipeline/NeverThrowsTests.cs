using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using System.Reflection;
using System.Threading;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Pipeline;

/// <summary>
/// The generator never throws and never leaves an error inside its own output: keyword and Unicode names, abstract and
/// file-local classes, user members that take a generated name, an unusable weights file and a failing emitter each end
/// in one MG diagnostic at the user's code, and every other model keeps its generated code.
/// </summary>
public sealed class NeverThrowsTests
{
    private const string Body = "[Input(3)] [Dense(2, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]";

    [Theory]
    [InlineData("namespace N;", "@event")]
    [InlineData("namespace N;", "@class")]
    [InlineData("namespace @class.@namespace;", "@int")]
    [InlineData("namespace System;", "CancerNet")]
    [InlineData("namespace ModelGen;", "CancerNet")]
    [InlineData("namespace Données.Modèles;", "Réseau")]
    [InlineData("", "@this")]
    [InlineData("namespace N; public partial class @struct { public partial class Inner {", "@var")]
    public void Keyword_and_unicode_names_generate_code_that_compiles(string container, string name)
    {
        string closing = new('}', container.Count(c => c == '{'));
        GeneratorOutcome outcome = GeneratorHarness.Run($"using ModelGen;\n{container}\n{Body}\npublic partial class {name} {{ }}\n{closing}\n",
            $"using ModelGen;\nnamespace Other;\n{Body}\npublic partial class Plain {{ }}\n");

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Equal(2, outcome.RunResult.Results.Single().GeneratedSources.Length);
        GeneratorHarness.Load(outcome); // compiles with no error or warning
    }

    [Fact]
    public void Hint_names_are_unique_for_a_nested_type_and_a_namespace_of_the_same_dotted_name()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(
            $"using ModelGen;\nnamespace A {{ public partial class B {{ {Body} public partial class C {{ }} }} }}\n",
            $"using ModelGen;\nnamespace A.B {{ {Body} public partial class C {{ }} }}\n");

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Equal(new[] { "A.B-C.g.cs", "A.B.C.g.cs" }, outcome.RunResult.Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(h => h));
    }

    [Fact]
    public Task Abstract_and_file_local_classes_are_MG0013() => AnalyzerHarness.VerifyAsync("using ModelGen;\n" + $$"""
        {{Body}}
        public abstract partial class {|MG0013:A|} { }
        {{Body}}
        file partial class {|MG0013:F|} { }
        """);

    [Fact]
    public Task Members_that_take_a_generated_name_are_MG0037_at_the_declaration() => AnalyzerHarness.VerifyAsync("""
        using System;
        using ModelGen;
        [Input(3)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class {|MG0037:{|MG0037:{|MG0037:{|MG0037:{|MG0037:{|MG0037:Net|}|}|}|}|}|}
        {
            public int InputSize => 3;
            public float Predict(ReadOnlySpan<float> features) => 0f;
            public Net(int seed) { }
            private float[] _parameters = new float[1];
            public sealed class Frozen { }                       // the snapshot's nested class
            public Net Freeze() => this;
            public string Predict(string row) => row;           // an overload with other parameters is fine
            public static Net Create(string name) => new(0);      // so is this
        }
        """);

    [Fact]
    public Task Symbols_that_would_hide_a_name_the_generated_code_uses_are_MG0038() => AnalyzerHarness.VerifyAsync("""
        using ModelGen;
        namespace Shop
        {
            public class Span { }                                 // hides System.Span<T> from code generated in Shop
            [Input(3)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class {|MG0038:Net|} { }
        }
        namespace Lab
        {
            [Input(3)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class {|MG0038:{|MG0038:Net|}|}
            {
                private static int Unsafe => 0;                   // hides the Unsafe alias
                public class Vector256 { }                        // hides System.Runtime.Intrinsics.Vector256
            }
        }
        namespace System.Runtime.Intrinsics.Models
        {
            // The enclosing namespaces hold the very types the generated code means: nothing is hidden.
            [Input(3)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class Fine { }
        }
        """);

    [Fact]
    public void Every_type_generated_code_names_through_its_usings_is_one_MG0038_checks()
    {
        // Bound by the compiler, not by a pattern: every simple name in generated code that resolves to a type of an
        // imported namespace or alias must be on the list the parser checks, or a user type could hide it silently.
        GeneratorOutcome outcome = GeneratorHarness.Run("""
            using ModelGen;
            namespace N;
            [Input(8, 8, 1)] [Conv2D(4, 3, padding: Padding.Same, activation: Activation.Relu)] [BatchNorm] [MaxPool2D] [Flatten] [Dropout(0.2)]
            [Dense(32, Activation.LeakyRelu, L2 = 0.01)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.AdamW)]
            public partial class Cnn { }
            [Input(40)] [Dense(24, Activation.Tanh)] [Dense(3, Activation.Softmax)] [Loss(LossKind.CategoricalCrossEntropy)] [Optimizer(OptimizerKind.RmsProp)]
            public partial class Wide { }
            """);
        string[] imported = { "System", "System.Runtime.CompilerServices", "System.Runtime.InteropServices", "System.Runtime.Intrinsics", "ModelGen.Numerics" };
        var used = new System.Collections.Generic.SortedSet<string>(StringComparer.Ordinal);
        foreach (SyntaxTree tree in outcome.RunResult.GeneratedTrees)
        {
            SemanticModel model = outcome.Compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax>())
            {
                bool qualified = name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.QualifiedNameSyntax q && q.Right == name
                    || name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax m && m.Name == name
                    || name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.AliasQualifiedNameSyntax
                    || name.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.UsingDirectiveSyntax>().Any();
                if (!qualified && model.GetSymbolInfo(name).Symbol is INamedTypeSymbol { ContainingType: null } type
                    && imported.Contains(type.ContainingNamespace.ToDisplayString()))
                {
                    used.Add(name.Identifier.Text);
                }
            }
        }

        Assert.Contains("Unsafe", used);
        Assert.Empty(used.Except(ImportedNames()));
    }

    private static string[] ImportedNames() =>
        (string[])typeof(ModelGenerator).Assembly.GetType("ModelGen.Generators.Emission.Code", throwOnError: true)!.GetField("ImportedNames")!.GetValue(null)!;

    [Fact]
    public void A_member_clash_leaves_no_error_inside_generated_code()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run($"using ModelGen;\n{Body}\npublic partial class Net {{ public int Layers => 1; }}\n");
        Assert.DoesNotContain(outcome.CompilationErrors, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_weights_file_that_cannot_be_baked_still_gets_a_throwing_CreateTrained()
    {
        string source = $$"""
            using ModelGen;
            [Model(Weights = "net.mgwt")]
            {{Body}}
            public partial class Net { }
            public static class Use { public static Net Trained() => Net.CreateTrained(); }
            """;
        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { source }, new AdditionalText[] { new InMemoryAdditionalText("/p/net.mgwt", "ModelGen weights 1\ncorrupt\n") });

        Assert.DoesNotContain(outcome.CompilationErrors, d => d.Id == "CS0117");
        var type = GeneratorHarness.Load(outcome).GetType("Net")!;
        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => type.GetMethod("CreateTrained")!.Invoke(null, null));
        Assert.Contains("MG0027", error.InnerException!.Message);
    }

    [Fact]
    public void An_invalid_model_with_a_weights_file_keeps_CreateTrained()
    {
        string source = """
            using ModelGen;
            [Model(Weights = "net.mgwt")]
            [Input(3)] [Dense(1, Activation.Softmax)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class Net { }
            public static class Use { public static Net Trained() => Net.CreateTrained(); }
            """;
        GeneratorOutcome outcome = GeneratorHarness.Run(source);
        Assert.DoesNotContain(outcome.CompilationErrors, d => d.Id.StartsWith("CS", StringComparison.Ordinal));
    }

    [Fact]
    public void An_invalid_model_keeps_Freeze_and_its_snapshot()
    {
        string source = """
            using ModelGen;
            [Input(3)] [Dense(1, Activation.Softmax)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class Net { }
            public static class Use
            {
                public static float Score(Net net, float[] row)
                {
                    Net.Frozen frozen = net.Freeze();
                    frozen.PredictBatch(row, new float[1]);
                    return frozen.Predict(row) + frozen.Threads;
                }
            }
            """;
        GeneratorOutcome outcome = GeneratorHarness.Run(source);
        Assert.DoesNotContain(outcome.CompilationErrors, d => d.Id.StartsWith("CS", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exception_while_emitting_becomes_MG0099_and_throwing_members()
    {
        // The guard is internal: reached by reflection, with an emitter that throws as a defect would.
        string declaration = $"using ModelGen;\nnamespace N;\n{Body}\npublic partial class Net {{ }}\n";
        Assembly generator = typeof(ModelGenerator).Assembly;
        Type plannedType = generator.GetType("ModelGen.Generators.Planning.PlannedModel", throwOnError: true)!;
        Type filesType = generator.GetType("ModelGen.Generators.BuildFiles.ResolvedFiles", throwOnError: true)!;
        INamedTypeSymbol net = GeneratorHarness.Compile(declaration).GetSymbolsWithName("Net").OfType<INamedTypeSymbol>().Single();
        object spec = generator.GetType("ModelGen.Generators.Parsing.ModelSpecParser", throwOnError: true)!
            .GetMethod("Parse")!.Invoke(null, new object[] { net, CancellationToken.None })!;
        object planned = plannedType.GetMethod("From")!.Invoke(null, new[] { spec })!;
        object none = filesType.GetProperty("None")!.GetValue(null)!;
        Delegate failing = Delegate.CreateDelegate(typeof(Func<,,>).MakeGenericType(plannedType, filesType, typeof(string)),
            typeof(NeverThrowsTests).GetMethod(nameof(FailingEmitter), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(plannedType, filesType));

        object result = typeof(ModelGenerator).GetMethod("Generate", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, new[] { planned, none, failing })!;
        (string source, Diagnostic? failure) = ((string, Diagnostic?))result;

        Assert.NotNull(failure);
        Assert.Equal("MG0099", failure!.Id);
        Assert.Contains("IndexOutOfRangeException: boom", failure.GetMessage());
        Assert.Contains("throw CreateInvalidModelException()", source);
        Compilation withSource = GeneratorHarness.Compile(declaration).AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions));
        Assert.Empty(withSource.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static string FailingEmitter<TModel, TFiles>(TModel model, TFiles files) => throw new IndexOutOfRangeException("boom");
}
