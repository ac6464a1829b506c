namespace ModelGen.Generators.Spec;

/// <summary>
/// A rule a model breaks, as plain values: the diagnostic's ID, its message arguments, and where it points —
/// an attribute by its position on the class (-1: the class name), optionally one argument of it by name or position.
/// <paramref name="RelatedAttributeIndex"/> names a second attribute a fix may need to edit (the output layer
/// when the loss does not fit it), or -1.
/// </summary>
internal sealed record SpecProblem(
    string DiagnosticId,
    EquatableArray<string> Arguments,
    int AttributeIndex,
    string? ArgumentName = null,
    int ArgumentPosition = -1,
    int RelatedAttributeIndex = -1)
{
    public bool IsError => Diagnostics.Descriptors.IsError(DiagnosticId);

    /// <summary>The diagnostic's message with its arguments filled in, as the compiler would print it.</summary>
    public string FormatMessage() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture,
            Diagnostics.Descriptors.ById(DiagnosticId).MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            System.Linq.Enumerable.ToArray<object>(Arguments));
}
