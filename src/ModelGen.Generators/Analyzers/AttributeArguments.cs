using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.Generators.Analyzers;

/// <summary>
/// Finds the argument written for one constructor parameter of an attribute, whether it is given by position
/// (<c>[Dense(1, Activation.Softmax)]</c>) or by name (<c>[Dense(1, activation: Activation.Softmax)]</c>). The analyzer's
/// locator and the code fixes share it, so a fix edits the very argument the diagnostic points at.
/// </summary>
internal static class AttributeArguments
{
    /// <summary>The argument bound to constructor parameter <paramref name="position"/>, named <paramref name="parameterName"/>; null when it is not written.</summary>
    public static AttributeArgumentSyntax? ForParameter(AttributeSyntax attribute, int position, string? parameterName)
    {
        if (attribute.ArgumentList is not { } list)
        {
            return null;
        }

        int index = 0;
        foreach (AttributeArgumentSyntax argument in list.Arguments)
        {
            if (argument.NameEquals is not null)
            {
                continue; // a property setter, not a constructor argument
            }

            if (argument.NameColon is { } nameColon)
            {
                if (parameterName is not null && nameColon.Name.Identifier.ValueText == parameterName)
                {
                    return argument;
                }
            }
            else if (index == position)
            {
                return argument;
            }

            index++;
        }

        return null;
    }

    /// <summary>The name of constructor parameter <paramref name="position"/> of the attribute's constructor, if bound.</summary>
    public static string? ParameterName(IMethodSymbol? constructor, int position) =>
        constructor is not null && position >= 0 && position < constructor.Parameters.Length ? constructor.Parameters[position].Name : null;

    /// <summary>The property setter argument <c>Name = value</c>, if written.</summary>
    public static AttributeArgumentSyntax? ForProperty(AttributeSyntax attribute, string name) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
}
