using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.CodeFixes;

/// <summary>Rewrites of a layer or loss attribute's positional arguments, keeping the user's qualification.</summary>
internal static class AttributeEdits
{
    /// <summary>The attribute with positional argument <paramref name="position"/> set to <c>Enum.member</c>, added when absent.</summary>
    public static AttributeSyntax WithEnumArgument(AttributeSyntax attribute, int position, string enumName, string member)
    {
        AttributeArgumentSyntax? current = Positional(attribute, position);
        ExpressionSyntax value = current?.Expression is MemberAccessExpressionSyntax access
            ? access.WithName(SyntaxFactory.IdentifierName(member))
            : SyntaxFactory.ParseExpression($"{enumName}.{member}");
        return WithPositional(attribute, position, value);
    }

    /// <summary>The attribute with positional argument <paramref name="position"/> set to an integer literal.</summary>
    public static AttributeSyntax WithIntArgument(AttributeSyntax attribute, int position, int value) =>
        WithPositional(attribute, position, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value)));

    /// <summary>The expression of positional argument <paramref name="position"/>, if written.</summary>
    public static AttributeArgumentSyntax? Positional(AttributeSyntax attribute, int position) =>
        attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ElementAtOrDefault(position);

    private static AttributeSyntax WithPositional(AttributeSyntax attribute, int position, ExpressionSyntax value)
    {
        if (Positional(attribute, position) is { } current)
        {
            return attribute.ReplaceNode(current, current.WithExpression(value.WithTriviaFrom(current.Expression)));
        }

        AttributeArgumentListSyntax list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        int insertAt = list.Arguments.Count(a => a.NameEquals is null && a.NameColon is null);
        return attribute.WithArgumentList(list.WithArguments(list.Arguments.Insert(insertAt, SyntaxFactory.AttributeArgument(value))));
    }
}
