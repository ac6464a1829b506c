using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ModelGen.Generators.Analyzers;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>
/// Microsoft's analyzer and code-fix test harness, pointed at this machine's runtime assemblies and the ModelGen
/// runtime instead of reference packs it would download.
/// </summary>
internal static class AnalyzerHarness
{
    /// <summary>The info diagnostic with each valid model's summary, left out unless a test asks for it.</summary>
    public const string SummaryId = "MG0100";

    private static readonly ReferenceAssemblies s_noPack = new("net10.0");

    private static readonly ImmutableArray<MetadataReference> s_references =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(IModel).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    /// <summary>Runs the analyzer on <paramref name="source"/>, whose <c>{|MG0001:…|}</c> markup states the expected diagnostics.</summary>
    public static Task VerifyAsync(string source, bool includeSummary = false, params DiagnosticResult[] expected) =>
        VerifyAsync(source, Array.Empty<(string, string)>(), includeSummary, expected);

    /// <summary>Runs the analyzer on <paramref name="source"/> with <c>AdditionalFiles</c> items (path, text).</summary>
    public static Task VerifyAsync(string source, (string Path, string Text)[] additionalFiles, bool includeSummary = false, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<ModelAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = s_noPack,
        };
        foreach ((string path, string text) in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((path, text));
        }

        test.TestState.AdditionalReferences.AddRange(s_references);
        test.ExpectedDiagnostics.AddRange(expected);
        if (!includeSummary)
        {
            test.DisabledDiagnostics.Add(SummaryId);
        }

        return test.RunAsync();
    }

    /// <summary>
    /// Runs <typeparamref name="TAnalyzer"/> on <paramref name="source"/> after ModelGen's generator, so calls on generated
    /// models compile as they do in a user's project; the markup states the expected diagnostics.
    /// </summary>
    public static Task VerifyWithGeneratorAsync<TAnalyzer>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new GeneratedAnalyzerTest<TAnalyzer> { TestCode = source, ReferenceAssemblies = s_noPack };
        test.TestState.AdditionalReferences.AddRange(s_references);
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return test.RunAsync();
    }

    /// <summary>Applies the code fix with <paramref name="equivalenceKey"/> and compares the result.</summary>
    public static Task VerifyFixAsync<TFix>(string source, string fixedSource, string equivalenceKey)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<ModelAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            ReferenceAssemblies = s_noPack,
        };
        test.TestState.AdditionalReferences.AddRange(s_references);
        test.FixedState.AdditionalReferences.AddRange(s_references);
        test.DisabledDiagnostics.Add(SummaryId);
        return test.RunAsync();
    }

    private sealed class GeneratedAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        protected override System.Collections.Generic.IEnumerable<Type> GetSourceGenerators() => new[] { typeof(ModelGenerator) };
    }
}
