using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;
using CsvHelper.Configuration;

namespace ModelGen.Data;

/// <summary>
/// Reads a binary classification dataset from a CSV file with a header row, a named label column and a named
/// positive class. Every problem is a <see cref="DataFormatException"/> naming file, line and column: a missing
/// file or header, a missing column, a ragged row, a cell that is not a finite number, a label column that does
/// not hold exactly two classes, or no rows at all.
/// </summary>
public static class CsvDatasetReader
{
    /// <summary>Reads <paramref name="path"/>; samples whose <paramref name="label"/> equals <paramref name="positive"/> get label 1.</summary>
    public static Dataset Read(string path, string label, string positive, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path), label, positive, options);
    }

    /// <summary>Reads CSV text from <paramref name="reader"/>; <paramref name="sourceName"/> names it in errors.</summary>
    public static Dataset Read(TextReader reader, string sourceName, string label, string positive, CsvOptions options)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = options.Delimiter,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.None,
        };
        using var parser = new CsvParser(reader, configuration);

        string[] header = ReadRecord(parser, sourceName)
            ?? throw new DataFormatException(sourceName, 0, 0, "the file is empty; expected a header row naming the columns.");
        int labelColumn = FindColumn(header, label, sourceName, "label");
        int[] featureColumns = options.FeatureColumns is { } chosen
            ? chosen.Select(name => FindColumn(header, name, sourceName, "feature")).ToArray()
            : Enumerable.Range(0, header.Length).Where(i => i != labelColumn).ToArray();
        if (featureColumns.Length == 0)
        {
            throw new DataFormatException(sourceName, 1, 0, "the header names no feature column besides the label.");
        }

        var features = new List<float>();
        var labels = new List<float>();
        var classes = new List<string>();
        while (ReadRecord(parser, sourceName) is string[] record)
        {
            int line = parser.RawRow;
            if (record.Length != header.Length)
            {
                throw new DataFormatException(sourceName, line, Math.Min(record.Length, header.Length) + 1,
                    $"expected {header.Length} fields as in the header but found {record.Length}.");
            }

            foreach (int column in featureColumns)
            {
                features.Add(ParseNumber(record[column], sourceName, line, column, header[column]));
            }

            string value = record[labelColumn];
            if (!classes.Contains(value))
            {
                classes.Add(value);
                if (classes.Count > 2)
                {
                    throw new DataFormatException(sourceName, line, labelColumn + 1,
                        $"label column '{label}' holds a third class '{value}' after '{classes[0]}' and '{classes[1]}'; a binary classifier needs exactly two.");
                }
            }

            labels.Add(value == positive ? 1f : 0f);
        }

        if (labels.Count == 0)
        {
            throw new DataFormatException(sourceName, 1, 0, "the file has a header but no data rows.");
        }

        if (!classes.Contains(positive))
        {
            throw new DataFormatException(sourceName, 0, labelColumn + 1,
                $"label column '{label}' never holds the positive class '{positive}'; it holds {string.Join(", ", classes.Select(c => $"'{c}'"))}.");
        }

        if (classes.Count < 2)
        {
            throw new DataFormatException(sourceName, 0, labelColumn + 1,
                $"label column '{label}' holds only the class '{positive}'; a binary classifier needs examples of two classes.");
        }

        string negative = classes.Single(c => c != positive);
        string[] names = featureColumns.Select(i => header[i]).ToArray();
        return new Dataset(features.ToArray(), labels.ToArray(), names, positive, negative);
    }

    private static string[]? ReadRecord(CsvParser parser, string sourceName)
    {
        try
        {
            return parser.Read() ? parser.Record : null;
        }
        catch (CsvHelperException error)
        {
            throw new DataFormatException(sourceName, parser.RawRow, 0, $"the CSV is malformed ({error.GetType().Name}): {FirstLine(error.Message)}", error);
        }
    }

    private static int FindColumn(string[] header, string name, string sourceName, string role)
    {
        int index = Array.IndexOf(header, name);
        if (index < 0)
        {
            throw new DataFormatException(sourceName, 1, 0,
                $"the header has no {role} column '{name}'; it has {string.Join(", ", header.Select(h => $"'{h}'"))}.");
        }

        return index;
    }

    private static float ParseNumber(string text, string sourceName, int line, int column, string name)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new DataFormatException(sourceName, line, column + 1,
                $"expected a number in column '{name}' but found '{text}'.");
        }

        if (!double.IsFinite(value) || !float.IsFinite((float)value))
        {
            throw new DataFormatException(sourceName, line, column + 1,
                $"column '{name}' holds '{text}', which is not a finite number; remove or impute it before training.");
        }

        return (float)value;
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? message : message.Substring(0, end);
    }
}
