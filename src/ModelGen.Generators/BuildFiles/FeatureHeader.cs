using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ModelGen;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.BuildFiles;

/// <summary>One feature of the generated <c>Features</c> record: the CSV column it came from and its C# property name.</summary>
internal sealed record FeatureColumn(string Header, string Property);

/// <summary>Turns a CSV header line into features with distinct, valid C# property names.</summary>
internal static class FeatureHeader
{
    /// <summary>Members every record struct has or the generated record adds; a feature may not take these names.</summary>
    private static readonly HashSet<string> s_reserved = new()
    {
        "Names", "CopyTo", "Equals", "GetHashCode", "ToString", "Deconstruct", "PrintMembers", "EqualityContract", "GetType", "Features",
    };

    /// <summary>
    /// The header's fields as the run-time reader splits them (<see cref="CsvRecordReader"/>, the same source):
    /// <paramref name="delimiter"/> outside double quotes, quotes removed, nothing trimmed. Null when the line is not valid
    /// CSV, with the reason in <paramref name="error"/>.
    /// </summary>
    public static List<string>? Split(string line, char delimiter, out string error)
    {
        try
        {
            error = "";
            return new List<string>(new CsvRecordReader(new System.IO.StringReader(line), delimiter).Read() ?? new[] { "" });
        }
        catch (CsvSyntaxException syntax)
        {
            error = $"its header is not valid CSV at character {Invariant.Number(syntax.Column)}: {syntax.Problem}";
            return null;
        }
    }

    /// <summary>
    /// Property names for <paramref name="headers"/>: words in PascalCase (<c>mean radius</c>, <c>mean_radius</c> →
    /// <c>MeanRadius</c>), a leading digit prefixed with <c>F</c>, an empty or reserved name replaced, and repeats numbered.
    /// </summary>
    public static EquatableArray<FeatureColumn> Name(IReadOnlyList<string> headers)
    {
        var used = new HashSet<string>();
        var columns = new FeatureColumn[headers.Count];
        for (int i = 0; i < headers.Count; i++)
        {
            string name = PascalCase(headers[i]);
            if (name.Length == 0)
            {
                name = "Feature" + Invariant.Number(i + 1);
            }
            else if (char.IsDigit(name[0]))
            {
                name = "F" + name;
            }

            if (s_reserved.Contains(name))
            {
                name += "Feature";
            }

            string unique = name;
            for (int n = 2; !used.Add(unique); n++)
            {
                unique = name + "_" + Invariant.Number(n);
            }

            columns[i] = new FeatureColumn(headers[i], unique);
        }

        return columns.ToEquatableArray();
    }

    private static string PascalCase(string header)
    {
        var name = new StringBuilder();
        bool startOfWord = true;
        foreach (char c in header)
        {
            if (char.IsLetterOrDigit(c))
            {
                name.Append(startOfWord ? char.ToUpperInvariant(c) : c);
                startOfWord = false;
            }
            else
            {
                startOfWord = true;
            }
        }

        return name.ToString();
    }
}
