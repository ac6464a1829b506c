using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.NewLayerKind;

/// <summary>
/// Adding a layer kind is local: the generator's own sources plus one file (ScaleLayer.cs, as it would sit in
/// src/ModelGen.Generators/Layers) compile into a generator that parses, plans, checks, emits, trains and summarizes the
/// new layer, with its attribute declared as it would be in src/ModelGen/Declarations. No other file changes: if the
/// parser, planner, rules, emitters or analyzers needed an edit for a new kind, this test could not pass.
/// </summary>
public sealed class NewLayerKindTests
{
    private const string Model = """
        namespace ModelGen
        {
            /// <summary>The new layer's attribute, as src/ModelGen/Declarations would declare it.</summary>
            [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
            public sealed class ScaleAttribute : System.Attribute
            {
                public double Initial { get; set; } = 1;
            }
        }

        namespace Toy
        {
            using ModelGen;

            [Input(3)] [Dense(4, Activation.Tanh)] [Scale(Initial = 0.5)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class ScaledNet { }

            [Input(3)] [Dense(4, Activation.Tanh)] [Scale(Initial = -2)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            public partial class BadScale { }
        }
        """;

    private static readonly Lazy<Assembly> s_extendedGenerator = new(CompileExtendedGenerator);

    [Fact]
    public async System.Threading.Tasks.Task A_generator_with_one_more_layer_file_trains_the_new_layer()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Model);
        var generator = (IIncrementalGenerator)Activator.CreateInstance(s_extendedGenerator.Value.GetType("ModelGen.Generators.ModelGenerator", throwOnError: true)!)!;
        CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);

        // The new layer's own argument check reaches the IDE through the unchanged analyzer, on the argument it names.
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(
            s_extendedGenerator.Value.GetType("ModelGen.Generators.Analyzers.ModelAnalyzer", throwOnError: true)!)!;
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        Diagnostic bad = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains("Scale initial weight", bad.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Initial = -2", bad.Location.SourceTree!.GetText().ToString(bad.Location.SourceSpan));

        Assembly assembly = LoadWithoutErrors(output);
        var model = (IGradientModel)Activator.CreateInstance(assembly.GetType("Toy.ScaledNet", throwOnError: true)!, 3)!;
        Assert.Equal(16 + 4 + 5, model.ParameterCount);
        Assert.Contains("Scale(0.5)", model.Architecture);
        Assert.Contains("scale", model.Summary());

        // Predict runs the new layer: the forward pass written out here from the parameters.
        float[] x = { 0.3f, -1.2f, 0.8f };
        ReadOnlySpan<float> p = model.Parameters;
        Assert.True(p.Slice(16, 4).ToArray().All(w => w == 0.5f), "the scale weights start at Initial");
        double logit = p[24];
        for (int o = 0; o < 4; o++)
        {
            double z = p[12 + o];
            for (int i = 0; i < 3; i++)
            {
                z += p[o * 3 + i] * x[i];
            }

            logit += p[20 + o] * p[16 + o] * Math.Tanh(z);
        }

        Assert.Equal(1 / (1 + Math.Exp(-logit)), model.Predict(x), 5);

        // Its gradients agree with finite differences of its double-precision reference, and a training step moves it.
        float[] features = { 0.3f, -1.2f, 0.8f, -0.5f, 0.1f, 1.5f, 2f, 0.2f, -0.7f };
        float[] labels = { 1, 0, 1 };
        GradientCheckResult check = model.CheckGradients(features, labels);
        Assert.True(check.MaxRelativeError < 1e-3, $"worst parameter {check.WorstParameter}: analytic {check.Analytic}, numeric {check.Numeric}");
        model.TrainStep(features, labels);
        Assert.False(model.Parameters.Slice(16, 4).ToArray().All(w => w == 0.5f), "a training step updates the scale weights");
    }

    /// <summary>Compiles src/ModelGen.Generators and the runtime's shared sources as the generator project does, plus ScaleLayer.cs.</summary>
    private static Assembly CompileExtendedGenerator()
    {
        string root = RepositoryRoot();
        string generator = Path.Combine(root, "src", "ModelGen.Generators");
        var files = Directory.EnumerateFiles(generator, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src", "ModelGen", "Shared"), "*.cs"))
            .Append(Path.Combine(AppContext.BaseDirectory, "NewLayerKind", "ScaleLayer.cs"));
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "MODELGEN_GENERATOR" });
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = platform
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(Compilation).Assembly.Location)
            .Append(typeof(CSharpCompilation).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        CSharpCompilation compilation = CSharpCompilation.Create(
            "ModelGen.Generators.Extended",
            files.Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return LoadWithoutErrors(compilation);
    }

    private static Assembly LoadWithoutErrors(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ModelGen.sln above {AppContext.BaseDirectory}.");
    }
}
