using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generators;

namespace ModelGen.Benchmarks;

/// <summary>
/// The generator itself: one full run (parse, plan, emit) on a fresh compilation holding one model, as a build does,
/// for a 10-layer model and for the models of the peer comparison. <see cref="SourceSizes"/> lists what each emits.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    /// <summary>Ten layers: eight hidden Dense layers of 64, dropout, the sigmoid output.</summary>
    public const string TenLayers = """
        using ModelGen;
        [Input(64)]
        [Dense(64, Activation.Relu)] [Dense(64, Activation.Relu)] [Dense(64, Activation.Relu)] [Dense(64, Activation.Relu)]
        [Dense(64, Activation.Relu)] [Dense(64, Activation.Relu)] [Dense(64, Activation.Relu)] [Dense(64, Activation.Relu)]
        [Dropout(0.2)]
        [Dense(1, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        public partial class TenLayers { }
        """;

    public const string Cnn = """
        using ModelGen;
        [Input(28, 28, 1)] [Conv2D(32, 3, activation: Activation.Relu)] [MaxPool2D(2)] [Conv2D(64, 3, activation: Activation.Relu)] [MaxPool2D(2)]
        [Flatten] [Dense(128, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class SeedCnn { }
        """;

    private static readonly MetadataReference[] s_references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) == "netstandard.dll")
        .Append(typeof(IModel).Assembly.Location)
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToArray();

    private CSharpCompilation _tenLayers = null!;
    private CSharpCompilation _cnn = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tenLayers = Compile(TenLayers);
        _cnn = Compile(Cnn);
    }

    [Benchmark(Description = "generator.run.10layers ModelGen")]
    public GeneratorDriverRunResult TenLayerModel() => Run(_tenLayers);

    [Benchmark(Description = "generator.run.cnn ModelGen")]
    public GeneratorDriverRunResult CnnModel() => Run(_cnn);

    /// <summary>Bytes and lines of the generated source of each declaration.</summary>
    public static (string Model, int Bytes, int Lines)[] SourceSizes(params (string Name, string Source)[] models) =>
        models.Select(m =>
        {
            string text = Run(Compile(m.Source)).Results.Single().GeneratedSources.Single().SourceText.ToString();
            return (m.Name, System.Text.Encoding.UTF8.GetByteCount(text), text.Count(c => c == '\n'));
        }).ToArray();

    private static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create("Models", new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) }, s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static GeneratorDriverRunResult Run(CSharpCompilation compilation) =>
        CSharpGeneratorDriver.Create(new ModelGenerator()).RunGenerators(compilation).GetRunResult();
}
