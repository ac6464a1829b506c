using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Analyzers;

/// <summary>Turns a <see cref="SpecProblem"/>'s plain-value target back into a source location.</summary>
internal static class ProblemLocator
{
    public static Location Locate(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, SpecProblem problem, CancellationToken cancellationToken)
    {
        AttributeSyntax? attribute = AttributeAt(attributes, problem.AttributeIndex, cancellationToken);
        if (attribute is null)
        {
            return type.Locations.FirstOrDefault() ?? Location.None;
        }

        if (attribute.ArgumentList is { } list)
        {
            AttributeArgumentSyntax? argument = problem.ArgumentName is string name
                ? list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)
                : problem.ArgumentPosition >= 0
                    ? list.Arguments.Where(a => a.NameEquals is null).ElementAtOrDefault(problem.ArgumentPosition)
                    : null;
            if (argument is not null)
            {
                return argument.GetLocation();
            }
        }

        return attribute.GetLocation();
    }

    /// <summary>The related attribute (for code fixes), or nothing.</summary>
    public static ImmutableArray<Location> Related(ImmutableArray<AttributeData> attributes, SpecProblem problem, CancellationToken cancellationToken) =>
        AttributeAt(attributes, problem.RelatedAttributeIndex, cancellationToken) is { } related
            ? ImmutableArray.Create(related.GetLocation())
            : ImmutableArray<Location>.Empty;

    private static AttributeSyntax? AttributeAt(ImmutableArray<AttributeData> attributes, int index, CancellationToken cancellationToken) =>
        index >= 0 && index < attributes.Length
            ? attributes[index].ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax
            : null;
}
