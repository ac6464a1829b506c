using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators;

/// <summary>
/// Compiles each class carrying ModelGen attributes into its numeric core:
/// attributes → <see cref="ModelSpec"/> (parsing) → shape plan → emitters → one source file per model.
/// Diagnostics come from the analyzer, which runs the same parser; an invalid model gets members that throw.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the step that turns a class into its spec.</summary>
    public const string SpecStep = "ModelSpec";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
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

            context.RegisterSourceOutput(specs, static (output, spec) =>
                output.AddSource(spec.FullyQualifiedName + ".g.cs", ModelEmitter.Emit(spec)));
        }
    }
}
