using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Data;

namespace ModelGen.Preprocessing;

/// <summary>
/// A <see cref="TabularPipeline"/> fitted on training data: per raw column, its fill value and scale or its categories.
/// Transforms whole tables and single raw rows identically, and round-trips through JSON so it can be saved beside
/// (and, with the model file format, inside) the model.
/// </summary>
public sealed class FittedTabularPipeline
{
    private const int FormatVersion = 2;
    private readonly HashSet<string> _missingTokens;
    private readonly int _numericColumns;

    internal FittedTabularPipeline(IReadOnlyList<ColumnStep> steps, UnknownCategories unknown, IReadOnlyList<string> missingTokens, KNearestNeighborsImputer? imputer = null)
    {
        Steps = steps;
        NeighborsImputer = imputer;
        _numericColumns = steps.Count(s => s.Kind == ColumnKind.Numeric);
        UnknownCategories = unknown;
        MissingTokens = missingTokens;
        _missingTokens = new HashSet<string>(missingTokens, StringComparer.Ordinal);
        FeatureNames = steps.SelectMany(s => s.Kind == ColumnKind.Numeric ? new[] { s.Name } : s.Categories.Select(c => s.Name + "=" + c)).ToArray();
    }

    /// <summary>
    /// The pipeline of a fitted scaler (<see cref="StandardScaler"/>, <see cref="MinMaxScaler"/>) over numeric columns
    /// named <paramref name="featureNames"/>: each raw value scaled exactly as <see cref="FeatureScaler.TransformInPlace"/>
    /// scales it, with no imputation (a missing value is refused), so a <c>Classifier</c> can carry the quick start's
    /// scaler and answer raw rows.
    /// </summary>
    public static FittedTabularPipeline FromScaler(FeatureScaler scaler, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count != scaler.FeatureCount)
        {
            throw new ArgumentException($"The scaler was fitted on {scaler.FeatureCount} features but {featureNames.Count} names were given.", nameof(featureNames));
        }

        var steps = new ColumnStep[scaler.FeatureCount];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = ColumnStep.Numeric(featureNames[i], float.NaN, scaler.Offset[i], scaler.Scale[i]);
        }

        return new FittedTabularPipeline(steps, UnknownCategories.Error, CsvOptions.DefaultMissingValues);
    }

    /// <summary>
    /// The k-NN imputer over the numeric columns (in input order) when the pipeline imputes by neighbours
    /// (<see cref="NumericImputation.KNearestNeighbors"/>); it runs on a row's raw numbers before the columns' scaling.
    /// </summary>
    public KNearestNeighborsImputer? NeighborsImputer { get; }

    /// <summary>One step per raw input column, in input order.</summary>
    public IReadOnlyList<ColumnStep> Steps { get; }

    /// <summary>What an unseen category becomes.</summary>
    public UnknownCategories UnknownCategories { get; }

    /// <summary>The raw cells that <c>TransformRow</c> reads as missing.</summary>
    public IReadOnlyList<string> MissingTokens { get; }

    /// <summary>The raw column names a row must give, in order.</summary>
    public IReadOnlyList<string> InputColumns => Steps.Select(s => s.Name).ToArray();

    /// <summary>The model's features: numeric columns by name, one-hot ones as <c>column=category</c>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The number of model features; declare the model with <c>[Input(OutputSize)]</c>.</summary>
    public int OutputSize => FeatureNames.Count;

    /// <summary>Transforms a table with the fitted statistics; its columns are found by name.</summary>
    /// <exception cref="DataFormatException">A column is missing or of the other kind, a gap with no imputer, or an unseen category with <see cref="UnknownCategories.Error"/>.</exception>
    public Dataset Transform(TabularData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var columns = new TabularColumn[Steps.Count];
        for (int s = 0; s < Steps.Count; s++)
        {
            TabularColumn? column = data.Columns.FirstOrDefault(c => c.Name == Steps[s].Name)
                ?? throw new DataFormatException(data.Source, 0, 0, $"the pipeline needs column '{Steps[s].Name}', which the data lack.");
            if (column.Kind != Steps[s].Kind)
            {
                throw new DataFormatException(data.Source, 0, column.FileColumn,
                    $"column '{column.Name}' is {column.Kind} here but was {Steps[s].Kind} when the pipeline was fitted.");
            }

            columns[s] = column;
        }

        int width = OutputSize;
        var features = new float[data.Count * width];
        var numbers = new float[_numericColumns];
        for (int n = 0; n < data.Count; n++)
        {
            for (int s = 0, c = 0; s < Steps.Count; s++)
            {
                if (Steps[s].Kind == ColumnKind.Numeric)
                {
                    numbers[c++] = columns[s].Numbers![n];
                }
            }

            NeighborsImputer?.TransformRow(numbers);
            Span<float> row = features.AsSpan(n * width, width);
            int at = 0;
            for (int s = 0, c = 0; s < Steps.Count; s++)
            {
                ColumnStep step = Steps[s];
                if (step.Kind == ColumnKind.Numeric)
                {
                    float value = numbers[c++];
                    if (float.IsNaN(value) && float.IsNaN(step.NumericFill))
                    {
                        throw data.MissingValue(columns[s], n);
                    }

                    row[at] = Numeric(step, value);
                }
                else if (!OneHot(step, columns[s].Categories![n], row.Slice(at, step.Width), out string? problem))
                {
                    throw columns[s].Categories![n] is null ? data.MissingValue(columns[s], n) : new DataFormatException(data.Source, 0, columns[s].FileColumn, problem!);
                }

                at += step.Width;
            }
        }

        return new Dataset(features, data.Labels.ToArray(), FeatureNames, data.PositiveClass, data.NegativeClass);
    }

    /// <summary>
    /// Transforms one raw row — the cells of <see cref="InputColumns"/> as text, as a CSV would hold them — into
    /// <paramref name="output"/> (<see cref="OutputSize"/> floats). Numbers are read with the invariant culture.
    /// </summary>
    /// <exception cref="ArgumentException">The row has the wrong length, a numeric cell is not a number, a gap has no imputer, or a category is unseen with <see cref="UnknownCategories.Error"/>.</exception>
    public void TransformRow(IReadOnlyList<string?> cells, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != Steps.Count)
        {
            throw new ArgumentException($"The row has {cells.Count} cells but the pipeline reads {Steps.Count} columns: {string.Join(", ", InputColumns)}.", nameof(cells));
        }

        if (output.Length != OutputSize)
        {
            throw new ArgumentException($"The output holds {output.Length} floats but the pipeline writes {OutputSize}.", nameof(output));
        }

        Span<float> numbers = _numericColumns <= 256 ? stackalloc float[_numericColumns] : new float[_numericColumns];
        for (int s = 0, c = 0; s < Steps.Count; s++)
        {
            if (Steps[s].Kind == ColumnKind.Numeric)
            {
                numbers[c++] = ParseNumber(Steps[s], cells[s]);
            }
        }

        NeighborsImputer?.TransformRow(numbers);
        int at = 0;
        for (int s = 0, c = 0; s < Steps.Count; s++)
        {
            ColumnStep step = Steps[s];
            string? cell = cells[s] is { } text && !_missingTokens.Contains(text) ? text : null;
            if (step.Kind == ColumnKind.Numeric)
            {
                float value = numbers[c++];
                if (float.IsNaN(value) && float.IsNaN(step.NumericFill))
                {
                    throw new ArgumentException($"Column '{step.Name}' is missing or not finite ('{cells[s]}') and the pipeline has no numeric imputation.", nameof(cells));
                }

                output[at] = Numeric(step, value);
            }
            else if (!OneHot(step, cell, output.Slice(at, step.Width), out string? problem))
            {
                throw new ArgumentException(problem, nameof(cells));
            }

            at += step.Width;
        }
    }

    /// <summary>A numeric cell's value: NaN when it is missing or not finite.</summary>
    private float ParseNumber(ColumnStep step, string? raw)
    {
        string? cell = raw is { } text && !_missingTokens.Contains(text) ? text : null;
        if (cell is null)
        {
            return float.NaN;
        }

        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
        {
            throw new ArgumentException($"Column '{step.Name}' expects a number but the row holds '{cell}'.", "cells");
        }

        return double.IsFinite(parsed) && float.IsFinite((float)parsed) ? (float)parsed : float.NaN;
    }

    /// <summary>Transforms one raw row given by column name.</summary>
    public void TransformRow(IReadOnlyDictionary<string, string?> cells, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var ordered = new string?[Steps.Count];
        for (int s = 0; s < Steps.Count; s++)
        {
            if (!cells.TryGetValue(Steps[s].Name, out ordered[s]))
            {
                throw new ArgumentException($"The row has no column '{Steps[s].Name}'.", nameof(cells));
            }
        }

        TransformRow(ordered, output);
    }

    /// <summary>Writes the fitted pipeline as JSON.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("format", FormatVersion);
        json.WriteString("unknownCategories", UnknownCategories.ToString());
        if (NeighborsImputer is { } imputer)
        {
            // The training rows as float bits, exact and compact: the imputer needs them to find neighbours.
            json.WriteStartObject("neighborsImputer");
            json.WriteNumber("neighbors", imputer.Neighbors);
            json.WriteString("weights", imputer.Weights.ToString());
            json.WriteNumber("width", imputer.Width);
            json.WriteBase64String("rows", System.Runtime.InteropServices.MemoryMarshal.AsBytes(imputer.TrainingRows));
            json.WriteEndObject();
        }

        json.WriteStartArray("missingTokens");
        foreach (string token in MissingTokens)
        {
            json.WriteStringValue(token);
        }

        json.WriteEndArray();
        json.WriteStartArray("columns");
        foreach (ColumnStep step in Steps)
        {
            json.WriteStartObject();
            json.WriteString("name", step.Name);
            json.WriteString("kind", step.Kind.ToString());
            if (step.Kind == ColumnKind.Numeric)
            {
                // NaN (no imputation) has no JSON number: it is written as null.
                if (float.IsNaN(step.NumericFill))
                {
                    json.WriteNull("fill");
                }
                else
                {
                    json.WriteNumber("fill", step.NumericFill);
                }

                json.WriteNumber("offset", step.Offset);
                json.WriteNumber("scale", step.Scale);
            }
            else
            {
                json.WriteString("fill", step.CategoryFill);
                json.WriteStartArray("categories");
                foreach (string category in step.Categories)
                {
                    json.WriteStringValue(category);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Reads a pipeline written by <see cref="Save"/>.</summary>
    /// <exception cref="FormatException">The JSON is malformed, of a newer format, or lacks a field; the message says which.</exception>
    public static FittedTabularPipeline Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using JsonDocument document = JsonDocument.Parse(stream);
            JsonElement root = document.RootElement;
            int format = root.GetProperty("format").GetInt32();
            if (format > FormatVersion)
            {
                throw new FormatException($"The pipeline has format version {format}, newer than the {FormatVersion} this ModelGen reads.");
            }

            var unknown = Enum.Parse<UnknownCategories>(root.GetProperty("unknownCategories").GetString()!);
            string[] tokens = root.GetProperty("missingTokens").EnumerateArray().Select(t => t.GetString()!).ToArray();
            var steps = new List<ColumnStep>();
            foreach (JsonElement column in root.GetProperty("columns").EnumerateArray())
            {
                string name = column.GetProperty("name").GetString() ?? throw new FormatException("A column has no name.");
                var kind = Enum.Parse<ColumnKind>(column.GetProperty("kind").GetString()!);
                JsonElement fill = column.GetProperty("fill");
                steps.Add(kind == ColumnKind.Numeric
                    ? ColumnStep.Numeric(name, fill.ValueKind == JsonValueKind.Null ? float.NaN : fill.GetSingle(),
                        column.GetProperty("offset").GetSingle(), column.GetProperty("scale").GetSingle())
                    : ColumnStep.Categorical(name, fill.GetString(), column.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToArray()));
            }

            KNearestNeighborsImputer? imputer = null;
            if (root.TryGetProperty("neighborsImputer", out JsonElement neighbors))
            {
                byte[] bytes = neighbors.GetProperty("rows").GetBytesFromBase64();
                int width = neighbors.GetProperty("width").GetInt32();
                if (bytes.Length % 4 != 0 || width != steps.Count(s => s.Kind == ColumnKind.Numeric))
                {
                    throw new FormatException("The k-NN imputer's training rows do not match the pipeline's numeric columns.");
                }

                imputer = KNearestNeighborsImputer.Fit(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes), width,
                    neighbors.GetProperty("neighbors").GetInt32(), Enum.Parse<NeighborWeights>(neighbors.GetProperty("weights").GetString()!));
            }

            return new FittedTabularPipeline(steps, unknown, tokens, imputer);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"The preprocessing pipeline cannot be read: {error.Message}", error);
        }
    }

    private static float Numeric(ColumnStep step, float value) => ((float.IsNaN(value) ? step.NumericFill : value) - step.Offset) / step.Scale;

    /// <summary>Writes the one-hot code of <paramref name="category"/>; false with the reason when it cannot.</summary>
    private bool OneHot(ColumnStep step, string? category, Span<float> output, out string? problem)
    {
        output.Clear();
        problem = null;
        string? value = category ?? step.CategoryFill;
        if (value is null)
        {
            problem = $"Column '{step.Name}' is missing and the pipeline has no categorical imputation.";
            return false;
        }

        int index = BinarySearch(step.Categories, value);
        if (index >= 0)
        {
            output[index] = 1f;
            return true;
        }

        if (UnknownCategories == UnknownCategories.Ignore)
        {
            return true;
        }

        problem = $"column '{step.Name}' holds the category '{value}', unseen in training (known: {string.Join(", ", step.Categories.Select(c => $"'{c}'"))}).";
        return false;
    }

    private static int BinarySearch(IReadOnlyList<string> sorted, string value)
    {
        int low = 0, high = sorted.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int order = string.CompareOrdinal(sorted[middle], value);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }
}
