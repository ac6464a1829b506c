using System.Collections.Generic;
using System.Globalization;
using System.Text;
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

    /// <summary>The header's fields, split on commas outside double quotes (RFC 4180).</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().Trim());
        return fields;
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
                name = "Feature" + (i + 1).ToString(CultureInfo.InvariantCulture);
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
                unique = name + "_" + n.ToString(CultureInfo.InvariantCulture);
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
