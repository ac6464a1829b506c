using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Data;

/// <summary>Whether a raw column holds numbers or categories.</summary>
public enum ColumnKind
{
    /// <summary>Numbers (missing: NaN).</summary>
    Numeric,

    /// <summary>Category names (missing: <see langword="null"/>).</summary>
    Categorical,
}

/// <summary>
/// One raw feature column as read, before preprocessing: numbers with NaN for a missing or non-finite cell, or
/// category names with <see langword="null"/> for a missing cell. The first missing cell is kept for error messages.
/// </summary>
public sealed class TabularColumn
{
    /// <summary>A numeric column.</summary>
    public TabularColumn(string name, float[] numbers, int fileColumn = 0)
        : this(name, ColumnKind.Numeric, numbers, null, fileColumn)
    {
    }

    /// <summary>A categorical column.</summary>
    public TabularColumn(string name, string?[] categories, int fileColumn = 0)
        : this(name, ColumnKind.Categorical, null, categories, fileColumn)
    {
    }

    private TabularColumn(string name, ColumnKind kind, float[]? numbers, string?[]? categories, int fileColumn)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        Numbers = numbers;
        Categories = categories;
        FileColumn = fileColumn;
    }

    /// <summary>The header name.</summary>
    public string Name { get; }

    /// <summary>Numbers or categories.</summary>
    public ColumnKind Kind { get; }

    /// <summary>The values of a numeric column (NaN where missing), else <see langword="null"/>.</summary>
    public float[]? Numbers { get; }

    /// <summary>The values of a categorical column (<see langword="null"/> where missing), else <see langword="null"/>.</summary>
    public string?[]? Categories { get; }

    /// <summary>The 1-based column in the source file, 0 when the data did not come from a file.</summary>
    public int FileColumn { get; }

    /// <summary>The number of values.</summary>
    public int Count => Numbers?.Length ?? Categories!.Length;

    /// <summary>Whether the value at <paramref name="row"/> is missing.</summary>
    public bool IsMissing(int row) => Kind == ColumnKind.Numeric ? float.IsNaN(Numbers![row]) : Categories![row] is null;

    /// <summary>The source text of each missing cell by row, for messages; empty for in-memory data.</summary>
    internal Dictionary<int, string> MissingText { get; } = new();

    internal TabularColumn Select(ReadOnlySpan<int> indices)
    {
        TabularColumn selected = Kind == ColumnKind.Numeric
            ? new TabularColumn(Name, Pick(Numbers!, indices), FileColumn)
            : new TabularColumn(Name, Pick(Categories!, indices), FileColumn);
        for (int i = 0; i < indices.Length; i++)
        {
            if (MissingText.TryGetValue(indices[i], out string? text))
            {
                selected.MissingText[i] = text;
            }
        }

        return selected;
    }

    private static T[] Pick<T>(T[] values, ReadOnlySpan<int> indices)
    {
        var picked = new T[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            picked[i] = values[indices[i]];
        }

        return picked;
    }
}

/// <summary>
/// Raw labelled tabular data: named numeric and categorical feature columns that may hold missing values, and 0/1
/// labels. A <see cref="Preprocessing.TabularPipeline"/> fitted on the training part turns it into a <see cref="Dataset"/>;
/// data that is already clean converts directly with <see cref="ToDataset"/>.
/// </summary>
public sealed class TabularData
{
    private readonly float[] _labels;
    private readonly int[] _lines;

    /// <summary>Creates the table; every column must have one value per label.</summary>
    /// <param name="columns">The feature columns, in order.</param>
    /// <param name="labels">0/1 labels.</param>
    /// <param name="positiveClass">The original name of label 1.</param>
    /// <param name="negativeClass">The original name of label 0.</param>
    /// <param name="source">Names the data in error messages (a file name).</param>
    /// <param name="lines">The 1-based source line of each row, for error messages; <see langword="null"/> for in-memory data.</param>
    public TabularData(IReadOnlyList<TabularColumn> columns, float[] labels, string positiveClass = "1", string negativeClass = "0", string source = "data", int[]? lines = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(labels);
        if (columns.Count == 0)
        {
            throw new ArgumentException("Tabular data needs at least one feature column.", nameof(columns));
        }

        foreach (TabularColumn column in columns)
        {
            if (column.Count != labels.Length)
            {
                throw new ArgumentException($"Column '{column.Name}' holds {column.Count} values for {labels.Length} labels.", nameof(columns));
            }
        }

        string? duplicate = columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two columns are named '{duplicate}'.", nameof(columns));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0f or 1f))
            {
                throw new ArgumentException($"Label of sample {i} is {labels[i]}; labels must be 0 (negative) or 1 (positive).", nameof(labels));
            }
        }

        if (lines is not null && lines.Length != labels.Length)
        {
            throw new ArgumentException($"{lines.Length} line numbers for {labels.Length} rows.", nameof(lines));
        }

        Columns = columns;
        _labels = labels;
        _lines = lines ?? Enumerable.Range(0, labels.Length).Select(_ => 0).ToArray();
        PositiveClass = positiveClass;
        NegativeClass = negativeClass;
        Source = source;
    }

    /// <summary>The feature columns, in order.</summary>
    public IReadOnlyList<TabularColumn> Columns { get; }

    /// <summary>The number of rows.</summary>
    public int Count => _labels.Length;

    /// <summary>All labels, 0 or 1.</summary>
    public ReadOnlySpan<float> Labels => _labels;

    /// <summary>The original value of the positive class (label 1).</summary>
    public string PositiveClass { get; }

    /// <summary>The original value of the negative class (label 0).</summary>
    public string NegativeClass { get; }

    /// <summary>Names the data in error messages.</summary>
    public string Source { get; }

    /// <summary>The column named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message lists the columns.</exception>
    public TabularColumn this[string name] => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"{Source} has no column '{name}'; it has {string.Join(", ", Columns.Select(c => $"'{c.Name}'"))}.");

    /// <summary>Reads a CSV file; see <see cref="CsvDatasetReader"/>.</summary>
    public static TabularData FromCsv(string path, string label, string positive, CsvOptions? options = null) =>
        CsvDatasetReader.ReadTable(path, label, positive, options ?? new CsvOptions());

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public TabularData Select(ReadOnlySpan<int> indices)
    {
        var columns = new TabularColumn[Columns.Count];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = Columns[c].Select(indices);
        }

        var labels = new float[indices.Length];
        var lines = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            labels[i] = _labels[indices[i]];
            lines[i] = _lines[indices[i]];
        }

        return new TabularData(columns, labels, PositiveClass, NegativeClass, Source, lines);
    }

    /// <summary>A seeded, optionally stratified train/test split, as <see cref="Dataset.Split"/>.</summary>
    public (TabularData Train, TabularData Test) Split(double testFraction, bool stratify = true, int seed = 0)
    {
        (int[] train, int[] test) = Splitting.TrainTest(_labels, testFraction, stratify, seed);
        return (Select(train), Select(test));
    }

    /// <summary>
    /// The data as numbers, when every column is numeric; complete unless <paramref name="keepMissing"/>, which keeps gaps
    /// as NaN for tree models, which route them down a learned branch.
    /// </summary>
    /// <exception cref="DataFormatException">A categorical column, or a missing value without <paramref name="keepMissing"/>, named by line and column: preprocess with a <see cref="Preprocessing.TabularPipeline"/>.</exception>
    public Dataset ToDataset(bool keepMissing = false)
    {
        foreach (TabularColumn column in Columns)
        {
            if (column.Kind == ColumnKind.Categorical)
            {
                throw new DataFormatException(Source, 0, column.FileColumn,
                    $"column '{column.Name}' holds categories; one-hot encode it with a TabularPipeline before training.");
            }
        }

        int width = Columns.Count;
        var features = new float[Count * width];
        for (int c = 0; c < width; c++)
        {
            float[] numbers = Columns[c].Numbers!;
            for (int n = 0; n < Count; n++)
            {
                if (float.IsNaN(numbers[n]) && !keepMissing)
                {
                    throw MissingValue(Columns[c], n);
                }

                features[n * width + c] = numbers[n];
            }
        }

        return new Dataset(features, (float[])_labels.Clone(), Columns.Select(c => c.Name).ToArray(), PositiveClass, NegativeClass, keepMissing);
    }

    /// <summary>The error for a missing cell no imputer fills: where it is and what to do.</summary>
    internal DataFormatException MissingValue(TabularColumn column, int row)
    {
        string text = column.MissingText.TryGetValue(row, out string? cell) ? $"'{cell}'" : "a missing value";
        return new DataFormatException(Source, _lines[row], column.FileColumn,
            string.Create(CultureInfo.InvariantCulture,
                $"column '{column.Name}' holds {text}, which is {(column.Kind == ColumnKind.Numeric ? "not a finite number" : "a missing category")} (row {row + 1}); remove the row or impute the column with a TabularPipeline before training."));
    }
}
