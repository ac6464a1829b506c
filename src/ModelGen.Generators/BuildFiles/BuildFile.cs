using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generators.BuildFiles;

/// <summary>
/// An <c>AdditionalFiles</c> item a model may name, as a plain value. Only the kinds <c>[Model]</c> reads are kept, and
/// of a CSV file only its header line, so that a large training file costs nothing and an edit to its rows changes nothing.
/// </summary>
internal sealed record BuildFile(string Path, string? Content)
{
    public const string WeightsExtension = ".mgwt";
    public const string HeaderExtension = ".csv";
    public const string TreesExtension = ".mgtt";
    public const string SupportVectorsExtension = ".mgsv";

    public static bool IsCandidate(string path) =>
        path.EndsWith(WeightsExtension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(HeaderExtension, StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(TreesExtension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(SupportVectorsExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="file"/>; <see cref="Content"/> is null when the compiler could not read it.</summary>
    public static BuildFile Read(AdditionalText file, CancellationToken cancellationToken)
    {
        string? text = file.GetText(cancellationToken)?.ToString();
        if (text is not null && file.Path.EndsWith(HeaderExtension, StringComparison.OrdinalIgnoreCase))
        {
            int end = text.IndexOf('\n');
            text = (end < 0 ? text : text.Substring(0, end)).TrimEnd('\r');
        }

        return new BuildFile(file.Path, text);
    }

    /// <summary>Whether this file is the one a model names as <paramref name="reference"/> (a path ending, any separators).</summary>
    public bool Matches(string reference)
    {
        string path = Path.Replace('\\', '/');
        string wanted = reference.Replace('\\', '/').TrimStart('.', '/');
        return wanted.Length > 0
            && path.EndsWith(wanted, StringComparison.Ordinal)
            && (path.Length == wanted.Length || path[path.Length - wanted.Length - 1] == '/');
    }
}
