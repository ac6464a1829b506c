using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Data;
using ModelGen.Numerics;

namespace ModelGen.Preprocessing;

/// <summary>How a numeric column's missing values are filled (scikit-learn's <c>SimpleImputer</c> strategies).</summary>
public enum NumericImputation
{
    /// <summary>No imputation: a missing value is an error naming its line and column.</summary>
    None,

    /// <summary>The training mean.</summary>
    Mean,

    /// <summary>The training median.</summary>
    Median,

    /// <summary>The most frequent training value (the smallest on a tie).</summary>
    MostFrequent,

    /// <summary><see cref="TabularPipeline.NumericFillValue"/>.</summary>
    Constant,

    /// <summary>
    /// The average of the column over the <see cref="TabularPipeline.Neighbors"/> nearest training rows that have it, by
    /// NaN-Euclidean distance over the numeric columns (scikit-learn's <c>KNNImputer</c>; <see cref="KNearestNeighborsImputer"/>).
    /// </summary>
    KNearestNeighbors,
}

/// <summary>How a categorical column's missing values are filled.</summary>
public enum CategoricalImputation
{
    /// <summary>No imputation: a missing value is an error naming its line and column.</summary>
    None,

    /// <summary>The most frequent training category (the first in ordinal order on a tie).</summary>
    MostFrequent,

    /// <summary><see cref="TabularPipeline.CategoricalFillValue"/>, <c>"Unknown"</c> by default: missing becomes a category of its own.</summary>
    Constant,
}

/// <summary>How numeric columns are scaled after imputation.</summary>
public enum Scaling
{
    /// <summary>Left as they are.</summary>
    None,

    /// <summary>Standardized (<see cref="StandardScaler"/>).</summary>
    Standard,

    /// <summary>Mapped onto [0, 1] (<see cref="MinMaxScaler"/>).</summary>
    MinMax,
}

/// <summary>What a category never seen in training becomes at transform time (scikit-learn's <c>handle_unknown</c>).</summary>
public enum UnknownCategories
{
    /// <summary>All of the column's one-hot features are 0.</summary>
    Ignore,

    /// <summary>An error naming the column and the category.</summary>
    Error,
}

/// <summary>
/// The preprocessing of raw tabular data, as a scikit-learn <c>ColumnTransformer</c> of
/// <c>SimpleImputer → StandardScaler/MinMaxScaler</c> on numeric columns and <c>SimpleImputer → OneHotEncoder</c> on
/// categorical ones. <see cref="Fit"/> learns every statistic from training data only; the
/// <see cref="FittedTabularPipeline"/> then transforms training, test and new raw rows the same way, and saves with the model.
/// </summary>
public sealed record TabularPipeline
{
    /// <summary>How numeric gaps are filled (default: the training mean).</summary>
    public NumericImputation NumericImputation { get; init; } = NumericImputation.Mean;

    /// <summary>The fill value of <see cref="NumericImputation.Constant"/>.</summary>
    public float NumericFillValue { get; init; }

    /// <summary>k of <see cref="NumericImputation.KNearestNeighbors"/> (default 5, scikit-learn's <c>n_neighbors</c>).</summary>
    public int Neighbors { get; init; } = 5;

    /// <summary>How <see cref="NumericImputation.KNearestNeighbors"/> averages the neighbours (default uniform).</summary>
    public NeighborWeights NeighborWeights { get; init; }

    /// <summary>How categorical gaps are filled (default: the constant <c>"Unknown"</c>).</summary>
    public CategoricalImputation CategoricalImputation { get; init; } = CategoricalImputation.Constant;

    /// <summary>The fill value of <see cref="CategoricalImputation.Constant"/>.</summary>
    public string CategoricalFillValue { get; init; } = "Unknown";

    /// <summary>How numeric columns are scaled (default: standardized).</summary>
    public Scaling Scaling { get; init; } = Scaling.Standard;

    /// <summary>What an unseen category becomes (default: all zeros).</summary>
    public UnknownCategories UnknownCategories { get; init; } = UnknownCategories.Ignore;

    /// <summary>Learns fill values, scales and categories from <paramref name="training"/>.</summary>
    /// <exception cref="DataFormatException">A missing value where no imputation is configured, or a numeric column with no value at all.</exception>
    public FittedTabularPipeline Fit(TabularData training)
    {
        ArgumentNullException.ThrowIfNull(training);
        KNearestNeighborsImputer? imputer = null;
        float[][]? imputed = null;
        if (NumericImputation == NumericImputation.KNearestNeighbors)
        {
            (imputer, imputed) = FitNeighbors(training);
        }

        var steps = new List<ColumnStep>();
        int numeric = 0;
        foreach (TabularColumn column in training.Columns)
        {
            steps.Add(column.Kind == ColumnKind.Numeric ? FitNumeric(training, column, imputed?[numeric++]) : FitCategorical(training, column));
        }

        return new FittedTabularPipeline(steps, UnknownCategories, CsvOptions.DefaultMissingValues, imputer);
    }

    /// <summary>The k-NN imputer over the numeric columns' training values, and those columns imputed.</summary>
    private (KNearestNeighborsImputer Imputer, float[][] Imputed) FitNeighbors(TabularData training)
    {
        TabularColumn[] numeric = training.Columns.Where(c => c.Kind == ColumnKind.Numeric).ToArray();
        foreach (TabularColumn column in numeric)
        {
            if (column.Numbers!.All(float.IsNaN))
            {
                throw new DataFormatException(training.Source, 0, column.FileColumn,
                    $"column '{column.Name}' has no value in the training data, so no neighbour can give it one; drop it or use a constant fill.");
            }
        }

        int width = numeric.Length, rows = training.Count;
        var matrix = new float[rows * width];
        for (int c = 0; c < width; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                matrix[r * width + c] = numeric[c].Numbers![r];
            }
        }

        var imputer = KNearestNeighborsImputer.Fit(matrix, width, Neighbors, NeighborWeights);
        imputer.Transform(matrix);
        var columns = new float[width][];
        for (int c = 0; c < width; c++)
        {
            columns[c] = new float[rows];
            for (int r = 0; r < rows; r++)
            {
                columns[c][r] = matrix[r * width + c];
            }
        }

        return (imputer, columns);
    }

    private ColumnStep FitNumeric(TabularData training, TabularColumn column, float[]? imputedByNeighbors)
    {
        float[] numbers = imputedByNeighbors ?? column.Numbers!;
        double[] present = numbers.Where(v => !float.IsNaN(v)).Select(v => (double)v).ToArray();
        if (present.Length < numbers.Length && NumericImputation == NumericImputation.None)
        {
            throw training.MissingValue(column, Array.FindIndex(numbers, float.IsNaN));
        }

        if (present.Length == 0 && NumericImputation != NumericImputation.Constant)
        {
            throw new DataFormatException(training.Source, 0, column.FileColumn,
                $"column '{column.Name}' has no value in the training data, so there is nothing to learn a {NumericImputation} fill from; drop it or use a constant fill.");
        }

        float fill = NumericImputation switch
        {
            NumericImputation.Mean => (float)present.Average(),
            NumericImputation.Median => (float)ModelMath.MedianInPlace(present),
            NumericImputation.MostFrequent => (float)present.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key,
            NumericImputation.Constant => NumericFillValue,
            _ => float.NaN, // none, or the k-NN imputer, which runs before the columns
        };

        // Scaling is fitted on the imputed column, as a scaler after an imputer in a scikit-learn pipeline.
        double[] imputed = numbers.Select(v => float.IsNaN(v) ? fill : (double)v).ToArray();
        (float offset, float scale) = Scaling switch
        {
            Scaling.Standard => StandardScaler.Statistics(imputed),
            Scaling.MinMax => MinMaxScaler.Statistics(imputed),
            _ => (0f, 1f),
        };
        return ColumnStep.Numeric(column.Name, fill, offset, scale);
    }

    private ColumnStep FitCategorical(TabularData training, TabularColumn column)
    {
        string?[] values = column.Categories!;
        string? fill = CategoricalImputation switch
        {
            CategoricalImputation.Constant => CategoricalFillValue,
            CategoricalImputation.MostFrequent => values.Where(v => v is not null).GroupBy(v => v!, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.Key,
            _ => null,
        };
        int missing = Array.FindIndex(values, v => v is null);
        if (missing >= 0 && fill is null)
        {
            throw training.MissingValue(column, missing);
        }

        string[] categories = values.Select(v => v ?? fill!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return ColumnStep.Categorical(column.Name, fill, categories);
    }
}

/// <summary>What a fitted pipeline does to one raw column.</summary>
/// <param name="Name">The raw column's name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="NumericFill">The numeric fill value (NaN: no imputation).</param>
/// <param name="Offset">Subtracted after imputation.</param>
/// <param name="Scale">Divides after the offset.</param>
/// <param name="CategoryFill">The categorical fill value (<see langword="null"/>: no imputation).</param>
/// <param name="Categories">The training categories in ordinal order, one one-hot feature each.</param>
public sealed record ColumnStep(string Name, ColumnKind Kind, float NumericFill, float Offset, float Scale, string? CategoryFill, IReadOnlyList<string> Categories)
{
    /// <summary>How many model features the column becomes.</summary>
    public int Width => Kind == ColumnKind.Numeric ? 1 : Categories.Count;

    internal static ColumnStep Numeric(string name, float fill, float offset, float scale) =>
        new(name, ColumnKind.Numeric, fill, offset, scale, null, Array.Empty<string>());

    internal static ColumnStep Categorical(string name, string? fill, string[] categories) =>
        new(name, ColumnKind.Categorical, float.NaN, 0f, 1f, fill, categories);
}
