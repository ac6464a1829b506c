using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using System.Collections.Immutable;
using ModelGen.Generators.BuildFiles;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators;

/// <summary>
/// Compiles each class carrying ModelGen attributes into its numeric core:
/// attributes → <see cref="ModelSpec"/> (parsing), joined with the <c>AdditionalFiles</c> that <c>[Model]</c> names →
/// shape plan → emitters → one source file per model.
/// Diagnostics come from the analyzer, which runs the same parser; an invalid model gets members that throw.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the step that turns a class into its spec.</summary>
    public const string SpecStep = "ModelSpec";

    /// <summary>The tracking name of the step that joins a spec with the files it names.</summary>
    public const string FilesStep = "ModelFiles";

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

            IncrementalValuesProvider<(ModelSpec Spec, ResolvedFiles Files)> models = specs
                .Combine(files)
                .Select(static (pair, _) => (pair.Left, BuildFileResolver.Resolve(pair.Left, pair.Right)))
                .WithTrackingName(FilesStep);

            context.RegisterSourceOutput(models, static (output, model) =>
                output.AddSource(model.Spec.FullyQualifiedName + ".g.cs", ModelEmitter.Emit(model.Spec, model.Files)));
        }
    }
}
