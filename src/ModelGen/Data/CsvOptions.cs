using System.Collections.Generic;

namespace ModelGen.Data;

/// <summary>How <see cref="CsvDatasetReader"/> reads a file. Numbers are always read with the invariant culture.</summary>
public sealed record CsvOptions
{
    /// <summary>The field separator (default <c>,</c>).</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>The feature columns to read, by header name, in this order; <see langword="null"/> reads every column but the label.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }
}
