using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Analyzers;
using ModelGen.Generators.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>
/// A loss that does not fit the output layer (MG0002, MG0004). The diagnostic sits on the loss; its additional
/// location is the output layer's attribute, which some fixes rewrite.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LossOutputCodeFix)), Shared]
public sealed class LossOutputCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.BinaryCrossEntropyNeedsSigmoid.Id, Descriptors.HingeNeedsLinear.Id);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        Diagnostic diagnostic = context.Diagnostics.First();
        if (root is null
            || root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is not { } loss
            || diagnostic.AdditionalLocations.FirstOrDefault() is not { } outputLocation
            || outputLocation.SourceTree != root.SyntaxTree
            || root.FindNode(outputLocation.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is not { } output)
        {
            return;
        }

        string? activation = (AttributeArguments.ForParameter(output, 1, AttributeEdits.DenseActivation)?.Expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText;
        if (diagnostic.Id == Descriptors.HingeNeedsLinear.Id)
        {
            Register(context, diagnostic, "Make the output layer Dense(1, Activation.Linear)", "MG0004.Linear", root, output, OneUnit(output, "Linear"));
            return;
        }

        if (activation == "Softmax")
        {
            Register(context, diagnostic, "Use LossKind.CategoricalCrossEntropy", "MG0002.Categorical", root, loss,
                AttributeEdits.WithEnumArgument(loss, 0, AttributeEdits.LossKindParameter, "LossKind", "CategoricalCrossEntropy"));
        }

        Register(context, diagnostic, "Make the output layer Dense(1, Activation.Sigmoid)", "MG0002.Sigmoid", root, output, OneUnit(output, "Sigmoid"));
    }

    private static AttributeSyntax OneUnit(AttributeSyntax output, string activation) =>
        AttributeEdits.WithEnumArgument(AttributeEdits.WithIntArgument(output, 0, AttributeEdits.DenseUnits, 1), 1, AttributeEdits.DenseActivation, "Activation", activation);

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string key, SyntaxNode root, AttributeSyntax original, AttributeSyntax replacement) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, (CancellationToken _) => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(original, replacement))), equivalenceKey: key),
            diagnostic);
}
