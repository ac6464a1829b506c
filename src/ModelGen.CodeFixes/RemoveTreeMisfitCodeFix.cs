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

/// <summary>
/// MG0040: removes a layer, loss or optimizer attribute from a tree model; MG0044: removes a tree option that has no
/// effect. Both fixes delete exactly what the diagnostic points at (an attribute, or one named argument).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveTreeMisfitCodeFix)), Shared]
public sealed class RemoveTreeMisfitCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.NetworkAttributeOnTreeModel.Id, Descriptors.TreeSettingWithoutEffect.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        Diagnostic diagnostic = context.Diagnostics.First();
        SyntaxNode? node = root?.FindNode(diagnostic.Location.SourceSpan);
        if (root is null || node is null)
        {
            return;
        }

        if (diagnostic.Id == Descriptors.NetworkAttributeOnTreeModel.Id && node.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute)
        {
            // The attribute alone, or its whole [ ] list when it is the only one there.
            SyntaxNode target = attribute.Parent is AttributeListSyntax { Attributes.Count: 1 } list ? list : attribute;
            Register(context, diagnostic, $"Remove [{attribute.Name}]", "MG0040.Remove", root, target, SyntaxRemoveOptions.KeepExteriorTrivia);
        }
        else if (diagnostic.Id == Descriptors.TreeSettingWithoutEffect.Id && node.FirstAncestorOrSelf<AttributeArgumentSyntax>() is { } argument)
        {
            Register(context, diagnostic, $"Remove {argument.NameEquals?.Name.Identifier.ValueText ?? "the setting"}", "MG0044.Remove", root, argument, SyntaxRemoveOptions.KeepNoTrivia);
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string key, SyntaxNode root, SyntaxNode target, SyntaxRemoveOptions options) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(target, options)!)), equivalenceKey: key),
            diagnostic);
}
