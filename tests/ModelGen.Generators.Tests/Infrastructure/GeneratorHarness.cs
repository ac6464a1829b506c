using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="ModelGenerator"/> on source text against the real runtime assembly.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(IModel).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    /// <summary>The same and the companion packages — ASP.NET Core with ModelGen.Serving, ModelGen.Onnx — for the documentation's code.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_servingReferences = new(() =>
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return s_references.Value.AddRange(platform
            .Where(path => Path.GetFileName(path).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) || Path.GetFileName(path).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Append(typeof(ModelGen.Serving.ClassifierEndpoints).Assembly.Location)
            .Append(typeof(ModelGen.Onnx.OnnxFile).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)));
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) => Compile(sources, serving: false);

    /// <summary>Compiles <paramref name="sources"/>; with <paramref name="serving"/>, against ASP.NET Core and ModelGen.Serving too.</summary>
    public static CSharpCompilation Compile(string[] sources, bool serving) =>
        CSharpCompilation.Create(
            "UserModels",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{i}.cs")),
            serving ? s_servingReferences.Value : s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false, params AdditionalText[] additionalFiles) =>
        CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            additionalTexts: additionalFiles,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator and returns the output compilation and the run result.</summary>
    public static GeneratorOutcome Run(params string[] sources) => Run(sources, Array.Empty<AdditionalText>());

    /// <summary>Runs the generator with <c>AdditionalFiles</c> items; with <paramref name="serving"/>, ASP.NET Core and ModelGen.Serving are referenced too.</summary>
    public static GeneratorOutcome Run(string[] sources, AdditionalText[] additionalFiles, bool serving = false)
    {
        CSharpCompilation compilation = Compile(sources, serving);
        GeneratorDriver driver = CreateDriver(false, additionalFiles).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorOutcome(output, driver.GetRunResult(), generatorDiagnostics);
    }

    /// <summary>Compiles the generated code and loads it, failing with every diagnostic when it has errors or warnings.</summary>
    public static Assembly Load(GeneratorOutcome outcome)
    {
        using var stream = new MemoryStream();
        var result = outcome.Compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
        {
            throw new InvalidOperationException("Generated code does not compile cleanly:\n" + string.Join("\n", problems));
        }

        return Assembly.Load(stream.ToArray());
    }
}

/// <summary>An <c>AdditionalFiles</c> item held in memory.</summary>
internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly Microsoft.CodeAnalysis.Text.SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }

    public override string Path { get; }

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
}

internal sealed record GeneratorOutcome(Compilation Compilation, GeneratorDriverRunResult RunResult, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public string Source(string hintName) =>
        RunResult.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<Diagnostic> CompilationErrors =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);
}
