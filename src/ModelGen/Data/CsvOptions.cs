using System.Collections.Generic;

namespace ModelGen.Data;

/// <summary>How <see cref="CsvDatasetReader"/> reads a file. Numbers are always read with the invariant culture.</summary>
public sealed record CsvOptions
{
    /// <summary>The cells that mean "missing" in any column (pandas' <c>na_values</c> defaults, in short).</summary>
    public static IReadOnlyList<string> DefaultMissingValues { get; } = new[] { "", "NA", "N/A", "NaN", "nan", "null", "NULL", "?" };

    /// <summary>The field separator (default <c>,</c>).</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>The feature columns to read, by header name, in this order; <see langword="null"/> reads every column but the label.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>Feature columns holding categories (text) rather than numbers; they need one-hot encoding by a <see cref="Preprocessing.TabularPipeline"/>.</summary>
    public IReadOnlyList<string> CategoricalColumns { get; init; } = System.Array.Empty<string>();

    /// <summary>
    /// Whether the label column may hold more than two classes, the positive one against all the rest (the seeds'
    /// "5 detector": <c>y == 5</c>); the negative class is then named <c>not {positive}</c>. Off by default, so a stray
    /// third class in a binary file is an error rather than silently merged.
    /// </summary>
    public bool PositiveVersusRest { get; init; }

    /// <summary>The cells read as missing values (default <see cref="DefaultMissingValues"/>); matched exactly, case-sensitively.</summary>
    public IReadOnlyList<string> MissingValues { get; init; } = DefaultMissingValues;
}
