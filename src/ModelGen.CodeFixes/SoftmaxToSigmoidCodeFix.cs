using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>MG0001: a softmax over one unit becomes a sigmoid.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SoftmaxToSigmoidCodeFix)), Shared]
public sealed class SoftmaxToSigmoidCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SingleUnitSoftmax.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        Diagnostic diagnostic = context.Diagnostics.First();
        if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Use Activation.Sigmoid",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, AttributeEdits.WithEnumArgument(attribute, 1, AttributeEdits.DenseActivation, "Activation", "Sigmoid")))),
                equivalenceKey: "MG0001.Sigmoid"),
            diagnostic);
    }
}
