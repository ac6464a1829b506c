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

        AttributeArgumentSyntax? argument = problem.ArgumentName is string name
            ? AttributeArguments.ForProperty(attribute, name)
            : problem.ArgumentPosition >= 0
                ? AttributeArguments.ForParameter(attribute, problem.ArgumentPosition,
                    AttributeArguments.ParameterName(attributes[problem.AttributeIndex].AttributeConstructor, problem.ArgumentPosition))
                : null;
        return argument?.GetLocation() ?? attribute.GetLocation();
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
