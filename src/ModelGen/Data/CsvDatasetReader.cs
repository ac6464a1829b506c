using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ModelGen.Data;

/// <summary>
/// Reads binary classification data from a CSV file with a header row, a named label column and a positive class given
/// by value — text (<c>"M"</c>) or number (<c>1</c> matches <c>1</c>, <c>1.0</c> and <c>1e0</c>). Every problem is a
/// <see cref="DataFormatException"/> naming file, line and column: a missing file or header, a missing column, a ragged
/// row, a non-numeric cell in a numeric column, a missing label, a label column that does not hold exactly two classes,
/// or no rows at all. <see cref="ReadTable(string, string, string, CsvOptions)"/> keeps missing values and categorical columns for a
/// <see cref="Preprocessing.TabularPipeline"/>; <see cref="Read(string, string, string, CsvOptions)"/> also rejects them.
/// </summary>
public static class CsvDatasetReader
{
    /// <summary>Reads <paramref name="path"/> as numbers only; samples whose <paramref name="label"/> equals <paramref name="positive"/> get label 1.</summary>
    public static Dataset Read(string path, string label, string positive, CsvOptions options) =>
        ReadTable(path, label, positive, options).ToDataset();

    /// <summary>Reads CSV text from <paramref name="reader"/> as numbers only; <paramref name="sourceName"/> names it in errors.</summary>
    public static Dataset Read(TextReader reader, string sourceName, string label, string positive, CsvOptions options) =>
        ReadTable(reader, sourceName, label, positive, options).ToDataset();

    /// <summary>Reads <paramref name="path"/> keeping missing values and categorical columns.</summary>
    public static TabularData ReadTable(string path, string label, string positive, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        FilePaths.RequireFile(path, "data file");

        using var reader = new StreamReader(path);
        return ReadTable(reader, Path.GetFileName(path), label, positive, options);
    }

    /// <summary>Reads CSV text from <paramref name="reader"/> keeping missing values and categorical columns.</summary>
    public static TabularData ReadTable(TextReader reader, string sourceName, string label, string positive, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(options);
        if (!CsvRecordReader.IsValidDelimiter(options.Delimiter))
        {
            throw new ArgumentException($"CsvOptions.Delimiter must be one character other than a quote or a line break; it is '{options.Delimiter}'.", nameof(options));
        }

        var parser = new CsvRecordReader(reader, options.Delimiter[0]);
        string[] header = ReadRecord(parser, sourceName)
            ?? throw new DataFormatException(sourceName, 0, 0, "the file is empty; expected a header row naming the columns.");
        RequireDistinctNames(header, sourceName);
        int labelColumn = FindColumn(header, label, sourceName, "label", options.Delimiter);
        int[] featureColumns = options.FeatureColumns is { } chosen
            ? chosen.Select(name => FindColumn(header, name, sourceName, "feature", options.Delimiter)).ToArray()
            : Enumerable.Range(0, header.Length).Where(i => i != labelColumn).ToArray();
        if (featureColumns.Length == 0)
        {
            throw new DataFormatException(sourceName, 1, 0, "the header names no feature column besides the label.");
        }

        var categorical = new HashSet<int>();
        foreach (string name in options.CategoricalColumns)
        {
            int column = FindColumn(header, name, sourceName, "categorical", options.Delimiter);
            if (!featureColumns.Contains(column))
            {
                throw new DataFormatException(sourceName, 1, column + 1, $"categorical column '{name}' is not one of the feature columns read.");
            }

            categorical.Add(column);
        }

        var missingTokens = new HashSet<string>(options.MissingValues, StringComparer.Ordinal);
        var columns = new ColumnBuilder[featureColumns.Length];
        for (int f = 0; f < columns.Length; f++)
        {
            columns[f] = new ColumnBuilder(header[featureColumns[f]], featureColumns[f] + 1, categorical.Contains(featureColumns[f]));
        }

        var labels = new List<float>();
        var lines = new List<int>();
        var classes = new List<string>();
        while (ReadRecord(parser, sourceName) is string[] record)
        {
            int line = parser.RecordLine;
            if (record.Length != header.Length)
            {
                throw new DataFormatException(sourceName, line, Math.Min(record.Length, header.Length) + 1,
                    $"expected {header.Length} fields as in the header but found {record.Length}.");
            }

            for (int f = 0; f < featureColumns.Length; f++)
            {
                columns[f].Add(record[featureColumns[f]], missingTokens, sourceName, line);
            }

            string value = record[labelColumn];
            if (missingTokens.Contains(value))
            {
                throw new DataFormatException(sourceName, line, labelColumn + 1, $"the label '{label}' is missing ('{value}'); every row needs a label.");
            }

            string? known = classes.FirstOrDefault(c => SameClass(c, value));
            if (known is null)
            {
                classes.Add(value);
                if (classes.Count > 2 && !options.PositiveVersusRest)
                {
                    throw new DataFormatException(sourceName, line, labelColumn + 1,
                        $"label column '{label}' holds a third class '{value}' after '{classes[0]}' and '{classes[1]}'; a binary classifier needs exactly two (set CsvOptions.PositiveVersusRest to detect '{positive}' against all the others).");
                }
            }

            labels.Add(SameClass(value, positive) ? 1f : 0f);
            lines.Add(line);
        }

        if (labels.Count == 0)
        {
            throw new DataFormatException(sourceName, 1, 0, "the file has a header but no data rows.");
        }

        string? positiveClass = classes.FirstOrDefault(c => SameClass(c, positive));
        if (positiveClass is null)
        {
            throw new DataFormatException(sourceName, 0, labelColumn + 1,
                $"label column '{label}' never holds the positive class '{positive}'; it holds {string.Join(", ", classes.Select(c => $"'{c}'"))}.");
        }

        if (classes.Count < 2)
        {
            throw new DataFormatException(sourceName, 0, labelColumn + 1,
                $"label column '{label}' holds only the class '{positive}'; a binary classifier needs examples of two classes.");
        }

        string negativeClass = classes.Count == 2 && !options.PositiveVersusRest ? classes.Single(c => c != positiveClass) : "not " + positiveClass;
        return new TabularData(columns.Select(c => c.Build()).ToArray(), labels.ToArray(), positiveClass, negativeClass, sourceName, lines.ToArray());
    }

    /// <summary>Whether two label cells name the same class: equal text, or equal numbers (<c>1</c> and <c>1.0</c>).</summary>
    private static bool SameClass(string a, string b) =>
        a == b || (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                   && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double y) && x == y);

    /// <summary>One feature column as it is read: numbers parsed (and rejected) row by row, so errors come in file order.</summary>
    private sealed class ColumnBuilder
    {
        private readonly string _name;
        private readonly int _fileColumn;
        private readonly List<float>? _numbers;
        private readonly List<string?>? _categories;
        private readonly Dictionary<int, string> _missingText = new();

        public ColumnBuilder(string name, int fileColumn, bool categorical)
        {
            _name = name;
            _fileColumn = fileColumn;
            if (categorical)
            {
                _categories = new List<string?>();
            }
            else
            {
                _numbers = new List<float>();
            }
        }

        public void Add(string text, HashSet<string> missing, string sourceName, int line)
        {
            int row = _numbers?.Count ?? _categories!.Count;
            if (missing.Contains(text))
            {
                _missingText[row] = text;
                _numbers?.Add(float.NaN);
                _categories?.Add(null);
                return;
            }

            if (_categories is not null)
            {
                _categories.Add(text);
                return;
            }

            if (!TryParseNumber(text, out double value))
            {
                throw new DataFormatException(sourceName, line, _fileColumn,
                    $"expected a number in column '{_name}' but found '{text}'; if the column holds categories, list it in CsvOptions.CategoricalColumns.");
            }

            // Infinite values, and finite ones beyond float's range, are kept as missing so an imputer can fill them.
            if (!double.IsFinite(value) || !float.IsFinite((float)value))
            {
                _missingText[row] = text;
                _numbers!.Add(float.NaN);
                return;
            }

            _numbers!.Add((float)value);
        }

        /// <summary>An invariant-culture number, or one of the infinity spellings other tools write (<c>inf</c>, <c>-inf</c>, <c>+Infinity</c>).</summary>
        private static bool TryParseNumber(string text, out double value)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return true;
            }

            ReadOnlySpan<char> body = text.AsSpan().Trim();
            bool negative = body.StartsWith("-");
            if (negative || body.StartsWith("+"))
            {
                body = body[1..];
            }

            if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }

            return false;
        }

        public TabularColumn Build()
        {
            TabularColumn column = _numbers is not null
                ? new TabularColumn(_name, _numbers.ToArray(), _fileColumn)
                : new TabularColumn(_name, _categories!.ToArray(), _fileColumn);
            foreach (var (row, text) in _missingText)
            {
                column.MissingText[row] = text;
            }

            return column;
        }
    }

    /// <summary>The next record, skipping blank lines; a syntax error becomes a <see cref="DataFormatException"/> at its place.</summary>
    private static string[]? ReadRecord(CsvRecordReader parser, string sourceName)
    {
        try
        {
            string[]? record;
            do
            {
                record = parser.Read();
            }
            while (record is [""]);

            return record;
        }
        catch (CsvSyntaxException error)
        {
            // Column here counts fields everywhere else, so the character position goes into the sentence.
            throw new DataFormatException(sourceName, error.Line, 0, $"at character {error.Column}, {error.Problem}", error);
        }
    }

    private static void RequireDistinctNames(string[] header, string sourceName)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            if (!seen.TryAdd(header[i], i))
            {
                throw new DataFormatException(sourceName, 1, i + 1,
                    $"the header names column '{header[i]}' twice (columns {seen[header[i]] + 1} and {i + 1}); every column needs its own name.");
            }
        }
    }

    private static int FindColumn(string[] header, string name, string sourceName, string role, string delimiter)
    {
        int index = Array.IndexOf(header, name);
        if (index >= 0)
        {
            return index;
        }

        string hint = "";
        if (header.Length == 1)
        {
            foreach (char candidate in new[] { ';', '\t', '|', ',' })
            {
                if (candidate.ToString() != delimiter && header[0].Contains(candidate))
                {
                    string shown = candidate == '\t' ? "\\t" : candidate.ToString();
                    hint = $" The header was read as one column split on '{delimiter}'; if the file separates fields with '{shown}', set CsvOptions.Delimiter = \"{shown}\".";
                    break;
                }
            }
        }

        throw new DataFormatException(sourceName, 1, 0,
            $"the header has no {role} column '{name}'; it has {string.Join(", ", header.Select(h => $"'{h}'"))}.{hint}");
    }
}
