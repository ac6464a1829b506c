using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.BuildFiles;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Analyzers;

/// <summary>
/// Reports what is wrong with a model while the user types. It runs the generator's own parser and planner,
/// so the two cannot disagree; diagnostics come from here and not from the generator, so they can be suppressed
/// and do not slow the generator down.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Descriptors.All.ToImmutableArray();

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        ImmutableArray<AttributeData> attributes = type.GetAttributes();
        if (!attributes.Any(ModelSpecParser.IsModelAttribute))
        {
            return;
        }

        PlannedModel model = PlannedModel.From(ModelSpecParser.Parse(type, context.CancellationToken));
        ResolvedFiles files = model.Spec.Files is null
            ? ResolvedFiles.None
            : BuildFileResolver.Resolve(model, context.Options.AdditionalFiles
                .Where(file => BuildFile.IsCandidate(file.Path))
                .Select(file => BuildFile.Read(file, context.CancellationToken))
                .ToList());
        foreach (SpecProblem problem in model.Problems.Concat(files.Problems))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.ById(problem.DiagnosticId),
                ProblemLocator.Locate(type, attributes, problem, context.CancellationToken),
                ProblemLocator.Related(attributes, problem, context.CancellationToken),
                problem.Arguments.ToArray<object>()));
        }

        if (!model.HasErrors && files.Problems.Count == 0 && ModelSummary.Describe(model, files) is string summary)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ModelSummary, type.Locations.FirstOrDefault(), type.Name, summary));
        }
    }
}
