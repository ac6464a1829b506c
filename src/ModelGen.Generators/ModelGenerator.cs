using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using System.Collections.Immutable;
using ModelGen.Generators.BuildFiles;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators;

/// <summary>
/// Compiles each class carrying ModelGen attributes into its numeric core:
/// attributes → <see cref="ModelSpec"/> (parsing) → <see cref="PlannedModel"/> (shape plan and model rules), joined with
/// the <c>AdditionalFiles</c> that <c>[Model]</c> names → emitters → one source file per model.
/// Diagnostics come from the analyzer, which runs the same parser; an invalid model gets members that throw.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the step that turns a class into its spec.</summary>
    public const string SpecStep = "ModelSpec";

    /// <summary>The tracking name of the step that plans a spec and checks its rules.</summary>
    public const string PlanStep = "ModelPlan";

    /// <summary>The tracking name of the step that joins a planned model with the files it names.</summary>
    public const string FilesStep = "ModelFiles";

    /// <summary>
    /// Adds one model's source. The generator never throws: an exception while emitting one model (a defect of ModelGen)
    /// becomes MG0099 naming it, and the model gets the members of an invalid model, so the rest of the project still
    /// builds and every other model keeps its code.
    /// </summary>
    private static void Emit(SourceProductionContext output, PlannedModel model, ResolvedFiles files)
    {
        (string source, Diagnostic? failure) = Generate(model, files, ModelEmitter.Emit);
        if (failure is not null)
        {
            output.ReportDiagnostic(failure);
        }

        output.AddSource(model.Spec.HintName, source);
    }

    /// <summary>The source of one model by <paramref name="emit"/>, or, when it throws, the invalid model's source and MG0099.</summary>
    internal static (string Source, Diagnostic? Failure) Generate(PlannedModel model, ResolvedFiles files, System.Func<PlannedModel, ResolvedFiles, string> emit)
    {
        ModelSpec spec = model.Spec;
        try
        {
            return (emit(model, files), null);
        }
        catch (System.Exception error) when (error is not System.OperationCanceledException)
        {
            Diagnostic failure = Diagnostic.Create(Diagnostics.Descriptors.GeneratorFailure, Location.None, spec.ClassName, error.GetType().Name, error.Message);
            return (ModelEmitter.EmitInvalid(spec, $"ModelGen failed to generate it ({error.GetType().Name}: {error.Message}); see MG0099."), failure);
        }
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<ImmutableArray<BuildFile>> files = context.AdditionalTextsProvider
            .Where(static text => BuildFile.IsCandidate(text.Path))
            .Select(static (text, cancellationToken) => BuildFile.Read(text, cancellationToken))
            .Collect();

        // A model may carry any of its attributes first; each attribute name gets a provider, and only the
        // attribute that owns the class (the first one) lets it through, so every model is emitted once.
        foreach (string attributeName in ModelSpecParser.ModelAttributes)
        {
            IncrementalValuesProvider<ModelSpec> specs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attributeName,
                    static (node, _) => node is TypeDeclarationSyntax,
                    (syntax, cancellationToken) =>
                        syntax.TargetSymbol is INamedTypeSymbol type && ModelSpecParser.OwnsModel(type, attributeName, syntax.TargetNode)
                            ? ModelSpecParser.Parse(type, cancellationToken)
                            : null)
                .Where(static spec => spec is { Shape: DeclarationShape.Extensible })
                .Select(static (spec, _) => spec!)
                .WithTrackingName(SpecStep);

            IncrementalValuesProvider<PlannedModel> planned = specs
                .Select(static (spec, _) => PlannedModel.From(spec))
                .WithTrackingName(PlanStep);

            IncrementalValuesProvider<(PlannedModel Model, ResolvedFiles Files)> models = planned
                .Combine(files)
                .Select(static (pair, _) => (pair.Left, BuildFileResolver.Resolve(pair.Left, pair.Right)))
                .WithTrackingName(FilesStep);

            context.RegisterSourceOutput(models, static (output, model) => Emit(output, model.Model, model.Files));
        }
    }
}
