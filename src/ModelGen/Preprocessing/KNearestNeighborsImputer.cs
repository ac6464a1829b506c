using System;
using System.Collections.Generic;
using ModelGen.Numerics;

namespace ModelGen.Preprocessing;

/// <summary>How the k neighbours' values are averaged (scikit-learn's <c>weights</c>).</summary>
public enum NeighborWeights
{
    /// <summary>Every neighbour counts the same.</summary>
    Uniform,

    /// <summary>Each neighbour by the inverse of its distance; a neighbour at distance 0 takes all the weight.</summary>
    Distance,
}

/// <summary>
/// k-nearest-neighbour imputation, as scikit-learn's <c>KNNImputer</c>: a missing value (NaN) of column c is the average
/// of column c over the k training rows nearest to the row that have c, by the NaN-Euclidean distance
/// <c>√(d / |common| · Σ over coordinates both rows have (xᵢ − yᵢ)²)</c> on the row's original values (d columns). A row
/// with no coordinate in common with any such training row gets the column's training mean. Fitted on training rows
/// only (<see cref="Fit"/> keeps them); applied to any row.
/// </summary>
/// <remarks>
/// The neighbours are found exactly without comparing every pair: the training rows without gaps sit in a k-d tree
/// searched over the coordinates the row has, and only the training rows with gaps are compared one by one.
/// </remarks>
public sealed class KNearestNeighborsImputer
{
    private readonly float[] _data;
    private readonly int _rows;
    private readonly double[] _means;
    private readonly int[] _incomplete;
    private readonly KdTree _complete;

    private KNearestNeighborsImputer(float[] data, int width, int neighbors, NeighborWeights weights)
    {
        _data = data;
        Width = width;
        Neighbors = neighbors;
        Weights = weights;
        _rows = data.Length / width;
        _means = new double[width];
        var counts = new int[width];
        var complete = new List<int>();
        var incomplete = new List<int>();
        for (int r = 0; r < _rows; r++)
        {
            bool whole = true;
            for (int c = 0; c < width; c++)
            {
                float v = data[r * width + c];
                if (float.IsNaN(v))
                {
                    whole = false;
                }
                else
                {
                    _means[c] += v;
                    counts[c]++;
                }
            }

            (whole ? complete : incomplete).Add(r);
        }

        for (int c = 0; c < width; c++)
        {
            if (counts[c] == 0)
            {
                throw new ArgumentException($"Column {c} has no value in the training rows, so no neighbour can give it one; drop it or fill it with a constant.", nameof(data));
            }

            _means[c] /= counts[c];
        }

        _incomplete = incomplete.ToArray();
        _complete = new KdTree(data, width, complete.ToArray());
    }

    /// <summary>The columns of a row.</summary>
    public int Width { get; }

    /// <summary>k, the neighbours averaged (scikit-learn's <c>n_neighbors</c>).</summary>
    public int Neighbors { get; }

    /// <summary>How the neighbours are weighted.</summary>
    public NeighborWeights Weights { get; }

    /// <summary>The training rows the imputer keeps, row after row, NaN where a value is missing.</summary>
    public ReadOnlySpan<float> TrainingRows => _data;

    /// <summary>Each column's training mean, in double: the fill of a row that shares no coordinate with any donor.</summary>
    internal ReadOnlySpan<double> ColumnMeans => _means;

    /// <summary>Fits on <paramref name="rows"/> (training rows of <paramref name="width"/> values, NaN where missing), copied.</summary>
    /// <exception cref="ArgumentException">The rows are not whole, a value is infinite, or a column has no value at all.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="neighbors"/> is below 1, or <paramref name="weights"/> is not defined.</exception>
    public static KNearestNeighborsImputer Fit(ReadOnlySpan<float> rows, int width, int neighbors = 5, NeighborWeights weights = NeighborWeights.Uniform)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbors, 1);
        if (!Enum.IsDefined(weights))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), weights, "Weights must be Uniform or Distance.");
        }

        if (rows.Length == 0 || rows.Length % width != 0)
        {
            throw new ArgumentException($"The training rows must be whole rows of {width} values, and at least one.", nameof(rows));
        }

        int infinite = rows.IndexOfAny(float.PositiveInfinity, float.NegativeInfinity);
        if (infinite >= 0)
        {
            throw new ArgumentException($"Row {infinite / width}, column {infinite % width} is infinite; only NaN marks a missing value.", nameof(rows));
        }

        return new KNearestNeighborsImputer(rows.ToArray(), width, neighbors, weights);
    }

    /// <summary>Fills the NaNs of every row of <paramref name="rows"/> in place.</summary>
    /// <exception cref="ArgumentException">The rows are not whole rows of <see cref="Width"/>.</exception>
    public void Transform(Span<float> rows)
    {
        if (rows.Length % Width != 0)
        {
            throw new ArgumentException($"The rows must be whole rows of {Width} values.", nameof(rows));
        }

        var work = new Workspace(this);
        for (int r = 0; r < rows.Length / Width; r++)
        {
            Impute(rows.Slice(r * Width, Width), work);
        }
    }

    /// <summary>Fills the NaNs of one row in place.</summary>
    /// <exception cref="ArgumentException">The row is not <see cref="Width"/> values long.</exception>
    public void TransformRow(Span<float> row)
    {
        if (row.Length != Width)
        {
            throw new ArgumentException($"The row holds {row.Length} values but the imputer reads {Width}.", nameof(row));
        }

        Impute(row, new Workspace(this));
    }

    private void Impute(Span<float> row, Workspace work)
    {
        int present = 0;
        foreach (float v in row)
        {
            present += float.IsNaN(v) ? 0 : 1;
        }

        if (present == Width)
        {
            return;
        }

        if (present == 0)
        {
            for (int c = 0; c < Width; c++)
            {
                row[c] = (float)_means[c]; // no distance to any row is defined
            }

            return;
        }

        // Distances on the row as given: the values filled below do not move later columns' neighbours.
        row.CopyTo(work.Original);
        ReadOnlySpan<float> original = work.Original;
        int nearest = _complete.Nearest(original, work.CompleteRows, work.CompleteDistances);
        double scale = (double)Width / present;
        for (int i = 0; i < nearest; i++)
        {
            work.CompleteDistances[i] = Math.Sqrt(scale * work.CompleteDistances[i]);
        }

        for (int i = 0; i < _incomplete.Length; i++)
        {
            work.IncompleteDistances[i] = NanEuclidean(original, _data.AsSpan(_incomplete[i] * Width, Width));
        }

        for (int c = 0; c < Width; c++)
        {
            if (float.IsNaN(original[c]))
            {
                row[c] = Fill(c, nearest, work);
            }
        }
    }

    /// <summary>Column <paramref name="column"/>'s value from the k nearest training rows that have it.</summary>
    private float Fill(int column, int nearest, Workspace work)
    {
        // Candidates: the nearest rows without gaps (all have the column), then every row with gaps that has it; the k
        // smallest distances are kept, a NaN distance (nothing in common) after every number, as scikit-learn orders
        // them. The k-d tree breaks ties towards the earlier row too, so its k are the right ones.
        int kept = 0;
        for (int i = 0; i < nearest; i++)
        {
            Keep(work.CompleteDistances[i], work.CompleteRows[i], work, ref kept);
        }

        for (int i = 0; i < _incomplete.Length; i++)
        {
            int r = _incomplete[i];
            if (!float.IsNaN(_data[r * Width + column]))
            {
                Keep(work.IncompleteDistances[i], r, work, ref kept);
            }
        }

        if (kept == 0 || double.IsNaN(work.DonorDistances[0]))
        {
            return (float)_means[column];
        }

        bool exact = Weights == NeighborWeights.Distance && work.DonorDistances[0] == 0;
        double sum = 0, total = 0;
        for (int i = 0; i < kept; i++)
        {
            double distance = work.DonorDistances[i];
            double weight = Weights == NeighborWeights.Uniform ? 1
                : exact ? (distance == 0 ? 1 : 0)
                : double.IsNaN(distance) ? 0 : 1 / distance;
            sum += weight * _data[work.DonorRows[i] * Width + column];
            total += weight;
        }

        return (float)(sum / total);
    }

    /// <summary>Inserts a donor into the sorted list of the k nearest, if it belongs there.</summary>
    private void Keep(double distance, int row, Workspace work, ref int kept)
    {
        // Ordered by distance (NaN last), then by training row: ties go to the earlier row.
        static bool Before(double a, int rowA, double b, int rowB) =>
            double.IsNaN(a) ? double.IsNaN(b) && rowA < rowB : double.IsNaN(b) || a < b || (a == b && rowA < rowB);
        Span<double> distances = work.DonorDistances;
        Span<int> rows = work.DonorRows;
        if (kept == Neighbors && !Before(distance, row, distances[kept - 1], rows[kept - 1]))
        {
            return;
        }

        int at = kept < Neighbors ? kept++ : kept - 1;
        while (at > 0 && Before(distance, row, distances[at - 1], rows[at - 1]))
        {
            distances[at] = distances[at - 1];
            rows[at] = rows[at - 1];
            at--;
        }

        distances[at] = distance;
        rows[at] = row;
    }

    /// <summary>scikit-learn's <c>nan_euclidean_distances</c> for one pair; NaN when they have no coordinate in common.</summary>
    private double NanEuclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        int common = 0;
        for (int c = 0; c < a.Length; c++)
        {
            if (!float.IsNaN(a[c]) && !float.IsNaN(b[c]))
            {
                double difference = (double)a[c] - b[c];
                sum += difference * difference;
                common++;
            }
        }

        return common == 0 ? double.NaN : Math.Sqrt((double)a.Length / common * sum);
    }

    /// <summary>Buffers of one transform call, so a table is imputed without allocating per row.</summary>
    private sealed class Workspace(KNearestNeighborsImputer imputer)
    {
        public float[] Original { get; } = new float[imputer.Width];

        public int[] CompleteRows { get; } = new int[imputer.Neighbors];

        public double[] CompleteDistances { get; } = new double[imputer.Neighbors];

        public double[] IncompleteDistances { get; } = new double[imputer._incomplete.Length];

        public double[] DonorDistances { get; } = new double[imputer.Neighbors];

        public int[] DonorRows { get; } = new int[imputer.Neighbors];
    }
}
