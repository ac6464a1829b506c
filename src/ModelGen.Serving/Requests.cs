using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ModelGen.Data;
using ModelGen.Preprocessing;

namespace ModelGen.Serving;

/// <summary>What is wrong with a request: a problem-details title and detail, the field and the row it is about.</summary>
internal sealed record RequestProblem(string Title, string Detail, string? Field = null, int? Row = null);

/// <summary>The rows of a request, read and checked: raw cells by the pipeline's columns, or preprocessed features.</summary>
internal sealed class Requested
{
    private readonly Classifier? _classifier;
    private readonly List<string?[]>? _cells;
    private readonly List<float[]>? _features;

    private Requested(RequestProblem problem) => Problem = problem;

    private Requested(Classifier classifier, List<string?[]>? cells, List<float[]>? features, bool single)
    {
        (_classifier, _cells, _features, Single) = (classifier, cells, features, single);
    }

    public RequestProblem? Problem { get; }

    /// <summary>Whether the request was one row (an object), so the answer is one prediction.</summary>
    public bool Single { get; }

    public int Count => _cells?.Count ?? _features?.Count ?? 0;

    public static Requested Failed(RequestProblem problem) => new(problem);

    public static Requested OfCells(Classifier classifier, List<string?[]> cells, bool single) => new(classifier, cells, null, single);

    public static Requested OfFeatures(Classifier classifier, List<float[]> features) => new(classifier, null, features, true);

    /// <summary>Row <paramref name="row"/>'s model features (the pipeline applied to raw cells).</summary>
    /// <exception cref="ArgumentException">The pipeline refuses the row (a gap it cannot fill, an unseen category).</exception>
    public void Features(int row, Span<float> output)
    {
        if (_features is not null)
        {
            _features[row].CopyTo(output);
        }
        else
        {
            _classifier!.Preprocessing!.TransformRow(_cells![row], output);
        }
    }
}

/// <summary>Reads JSON and CSV request bodies into <see cref="Requested"/> rows, naming the first thing wrong.</summary>
internal static class Requests
{
    public static Requested FromJson(byte[] body, Classifier classifier)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException error)
        {
            return Requested.Failed(new RequestProblem("Malformed JSON", $"The body is not JSON: {error.Message}"));
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Requested.Failed(new RequestProblem("Unexpected JSON", "Send one row as an object of column values, several as {\"rows\": [...]}, or model features as {\"features\": [...]}."));
            }

            if (root.TryGetProperty("features", out JsonElement features))
            {
                return Features(features, classifier);
            }

            FittedTabularPipeline? pipeline = classifier.Preprocessing;
            if (pipeline is null)
            {
                return Requested.Failed(new RequestProblem("Features required",
                    $"This classifier has no preprocessing, so it reads model features: send {{\"features\": [{classifier.Model.InputSize} numbers]}}."));
            }

            var rows = new List<string?[]>();
            if (root.TryGetProperty("rows", out JsonElement many))
            {
                if (many.ValueKind != JsonValueKind.Array)
                {
                    return Requested.Failed(new RequestProblem("Unexpected JSON", "\"rows\" must be an array of row objects.", "rows"));
                }

                int index = 0;
                foreach (JsonElement row in many.EnumerateArray())
                {
                    if (Row(row, pipeline, index++, out string?[]? cells) is { } problem)
                    {
                        return Requested.Failed(problem);
                    }

                    rows.Add(cells!);
                }

                return Requested.OfCells(classifier, rows, single: false);
            }

            if (Row(root, pipeline, null, out string?[]? only) is { } rowProblem)
            {
                return Requested.Failed(rowProblem);
            }

            rows.Add(only!);
            return Requested.OfCells(classifier, rows, single: true);
        }
    }

    /// <summary>One JSON row object as the pipeline's raw cells; the problem when a column is missing, unknown, of the wrong type or not finite.</summary>
    private static RequestProblem? Row(JsonElement row, FittedTabularPipeline pipeline, int? index, out string?[]? cells)
    {
        cells = null;
        if (row.ValueKind != JsonValueKind.Object)
        {
            return new RequestProblem("Unexpected JSON", "A row must be an object of column values.", null, index);
        }

        IReadOnlyList<ColumnStep> steps = pipeline.Steps;
        var values = new string?[steps.Count];
        var seen = new bool[steps.Count];
        foreach (JsonProperty property in row.EnumerateObject())
        {
            int at = -1;
            for (int s = 0; s < steps.Count; s++)
            {
                if (steps[s].Name == property.Name)
                {
                    at = s;
                    break;
                }
            }

            if (at < 0)
            {
                return new RequestProblem("Unknown column", $"The model has no column '{property.Name}'; it reads {string.Join(", ", steps.Select(s => s.Name))}.", property.Name, index);
            }

            seen[at] = true;
            bool numeric = steps[at].Kind == ColumnKind.Numeric;
            JsonElement value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    values[at] = null; // missing: the pipeline imputes it or says it cannot
                    break;
                case JsonValueKind.Number:
                    values[at] = value.GetRawText();
                    if (numeric && !double.IsFinite(value.GetDouble()))
                    {
                        return new RequestProblem("Value not finite", $"Column '{property.Name}' holds {value.GetRawText()}, which is not a finite number.", property.Name, index);
                    }

                    break;
                case JsonValueKind.String when !numeric:
                    values[at] = value.GetString();
                    break;
                case JsonValueKind.String:
                    string text = value.GetString()!;
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                    {
                        return new RequestProblem("Wrong type", $"Column '{property.Name}' is numeric but holds the text \"{text}\".", property.Name, index);
                    }

                    if (!double.IsFinite(parsed))
                    {
                        return new RequestProblem("Value not finite", $"Column '{property.Name}' holds \"{text}\", which is not a finite number; send null for a missing value.", property.Name, index);
                    }

                    values[at] = text;
                    break;
                default:
                    return new RequestProblem("Wrong type", $"Column '{property.Name}' must be a {(numeric ? "number" : "string")} or null, not {value.ValueKind.ToString().ToLowerInvariant()}.", property.Name, index);
            }
        }

        for (int s = 0; s < steps.Count; s++)
        {
            if (!seen[s])
            {
                return new RequestProblem("Missing column", $"The row has no '{steps[s].Name}'; send null for a missing value.", steps[s].Name, index);
            }
        }

        cells = values;
        return null;
    }

    private static Requested Features(JsonElement features, Classifier classifier)
    {
        int width = classifier.Model.InputSize;
        if (features.ValueKind != JsonValueKind.Array || features.GetArrayLength() != width)
        {
            return Requested.Failed(new RequestProblem("Wrong features", $"\"features\" must be an array of the model's {width} numbers.", "features"));
        }

        var values = new float[width];
        int i = 0;
        foreach (JsonElement value in features.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !float.IsFinite(value.GetSingle()))
            {
                return Requested.Failed(new RequestProblem("Wrong type", $"Feature {i} must be a finite number.", $"features[{i}]"));
            }

            values[i++] = value.GetSingle();
        }

        return Requested.OfFeatures(classifier, new List<float[]> { values });
    }

    /// <summary>A CSV body: a header of column names (in any order), then rows; empty fields and the pipeline's missing tokens are missing values.</summary>
    public static Requested FromCsv(byte[] body, Classifier classifier)
    {
        FittedTabularPipeline? pipeline = classifier.Preprocessing;
        if (pipeline is null)
        {
            return Requested.Failed(new RequestProblem("Features required", "This classifier has no preprocessing; send JSON {\"features\": [...]} instead of CSV."));
        }

        var reader = new CsvRecordReader(new StringReader(Encoding.UTF8.GetString(body)), ',');
        try
        {
            string[]? header = reader.Read();
            if (header is null)
            {
                return Requested.Failed(new RequestProblem("Empty CSV", "The body has no header row."));
            }

            IReadOnlyList<string> columns = pipeline.InputColumns;
            var positions = new int[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                positions[c] = Array.IndexOf(header, columns[c]);
                if (positions[c] < 0)
                {
                    return Requested.Failed(new RequestProblem("Missing column", $"The CSV header has no '{columns[c]}'.", columns[c]));
                }
            }

            var rows = new List<string?[]>();
            for (string[]? record = reader.Read(); record is not null; record = reader.Read())
            {
                if (record.Length != header.Length)
                {
                    return Requested.Failed(new RequestProblem("Ragged CSV", $"Row {rows.Count} has {record.Length} fields but the header has {header.Length}.", null, rows.Count));
                }

                rows.Add(positions.Select(p => record[p].Length == 0 ? null : record[p]).ToArray());
            }

            return Requested.OfCells(classifier, rows, single: false);
        }
        catch (CsvSyntaxException error)
        {
            return Requested.Failed(new RequestProblem("Malformed CSV", $"Line {error.Line}, character {error.Column}: {error.Problem}"));
        }
    }
}
