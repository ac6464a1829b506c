using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

using ModelGen.Generators.Analyzers;

namespace ModelGen.CodeFixes;

/// <summary>Rewrites of a layer or loss attribute's positional arguments, keeping the user's qualification.</summary>
internal static class AttributeEdits
{
    /// <summary>The parameter names of the constructors the fixes edit (<c>DenseAttribute(units, activation)</c>, <c>LossAttribute(kind)</c>).</summary>
    public const string DenseUnits = "units", DenseActivation = "activation", LossKindParameter = "kind";

    /// <summary>
    /// The attribute with constructor argument <paramref name="position"/> (parameter <paramref name="parameterName"/>) set
    /// to <c>Enum.member</c>, written by position or by name as the user wrote it, and added by position when absent.
    /// </summary>
    public static AttributeSyntax WithEnumArgument(AttributeSyntax attribute, int position, string parameterName, string enumName, string member)
    {
        AttributeArgumentSyntax? current = AttributeArguments.ForParameter(attribute, position, parameterName);
        ExpressionSyntax value = current?.Expression is MemberAccessExpressionSyntax access
            ? access.WithName(SyntaxFactory.IdentifierName(member))
            : SyntaxFactory.ParseExpression($"{enumName}.{member}");
        return WithArgument(attribute, position, parameterName, value);
    }

    /// <summary>The attribute with constructor argument <paramref name="position"/> set to an integer literal.</summary>
    public static AttributeSyntax WithIntArgument(AttributeSyntax attribute, int position, string parameterName, int value) =>
        WithArgument(attribute, position, parameterName, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value)));

    private static AttributeSyntax WithArgument(AttributeSyntax attribute, int position, string parameterName, ExpressionSyntax value)
    {
        if (AttributeArguments.ForParameter(attribute, position, parameterName) is { } current)
        {
            return attribute.ReplaceNode(current, current.WithExpression(value.WithTriviaFrom(current.Expression)));
        }

        // Absent: positional arguments must come before named ones, so it goes after the last positional argument.
        AttributeArgumentListSyntax list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        int positional = list.Arguments.TakeWhile(a => a.NameEquals is null && a.NameColon is null).Count();
        int constructorArguments = list.Arguments.TakeWhile(a => a.NameEquals is null).Count();
        bool byName = positional < position || constructorArguments > positional;
        int insertAt = byName ? constructorArguments : positional;
        AttributeArgumentSyntax added = byName
            ? SyntaxFactory.AttributeArgument(null, SyntaxFactory.NameColon(parameterName), value)
            : SyntaxFactory.AttributeArgument(value);
        return attribute.WithArgumentList(list.WithArguments(list.Arguments.Insert(insertAt, added)));
    }
}
