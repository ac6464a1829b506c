using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>MG0010: adds <c>partial</c> to every declaration of the model class that lacks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.NotPartial.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        Diagnostic diagnostic = context.Diagnostics.First();
        if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Make the class partial", token => MakePartialAsync(context.Document, declaration, token), equivalenceKey: "MG0010.Partial"),
            diagnostic);
    }

    private static async Task<Solution> MakePartialAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        Solution solution = document.Project.Solution;
        if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
        {
            return solution;
        }

        foreach (var group in type.DeclaringSyntaxReferences.GroupBy(r => r.SyntaxTree))
        {
            Document? target = solution.GetDocument(group.Key);
            SyntaxNode? root = target is null ? null : await target.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (target is null || root is null)
            {
                continue;
            }

            var declarations = group.Select(r => (TypeDeclarationSyntax)r.GetSyntax(cancellationToken))
                .Where(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword));
            root = root.ReplaceNodes(declarations, (original, _) =>
                original.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
            solution = solution.WithDocumentSyntaxRoot(target.Id, root);
        }

        return solution;
    }
}
