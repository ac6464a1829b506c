using System;
using System.Collections.Generic;

namespace ModelGen.Numerics;

/// <summary>
/// Exact k-nearest-neighbour search over chosen rows of a float matrix: a k-d tree split at the median of the widest
/// coordinate, leaves of at most 16 rows, searched depth first with the nearer child first and the farther one pruned
/// when its splitting plane is farther than the k-th best so far. Distances are squared Euclidean in double over the
/// coordinates the query has: a NaN in the query leaves that coordinate out (a split on it prunes nothing), which is
/// what k-NN imputation needs for rows with gaps. The k-NN imputer and SMOTE share it.
/// </summary>
internal sealed class KdTree
{
    private const int LeafSize = 16;
    private readonly float[] _data;
    private readonly int _width;
    private readonly int[] _order;
    private readonly List<Node> _nodes = new();

    /// <summary>Indexes <paramref name="rows"/> (row numbers into <paramref name="data"/>, each <paramref name="width"/> floats; none may hold a NaN).</summary>
    public KdTree(float[] data, int width, int[] rows)
    {
        _data = data;
        _width = width;
        _order = (int[])rows.Clone();
        if (_order.Length > 0)
        {
            Build(0, _order.Length, new float[_order.Length]);
        }
    }

    /// <summary>The number of indexed rows.</summary>
    public int Count => _order.Length;

    /// <summary>
    /// The <paramref name="indices"/>.Length nearest indexed rows to <paramref name="query"/> (fewer when fewer are indexed),
    /// nearest first, with their squared distances; <paramref name="exclude"/> (a row number) is skipped. Returns how many
    /// were found.
    /// </summary>
    public int Nearest(ReadOnlySpan<float> query, Span<int> indices, Span<double> squaredDistances, int exclude = -1)
    {
        int found = 0;
        if (_order.Length > 0 && indices.Length > 0)
        {
            Search(0, query, indices, squaredDistances, ref found, exclude);
        }

        return found;
    }

    private int Build(int start, int end, float[] keys)
    {
        int index = _nodes.Count;
        _nodes.Add(default);
        if (end - start <= LeafSize)
        {
            _nodes[index] = new Node(-1, 0, -1, -1, start, end);
            return index;
        }

        // The widest coordinate over this node's rows.
        int dimension = 0;
        float widest = -1;
        for (int d = 0; d < _width; d++)
        {
            float low = float.PositiveInfinity, high = float.NegativeInfinity;
            for (int i = start; i < end; i++)
            {
                float v = _data[_order[i] * _width + d];
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }

            if (high - low > widest)
            {
                widest = high - low;
                dimension = d;
            }
        }

        if (widest <= 0)
        {
            _nodes[index] = new Node(-1, 0, -1, -1, start, end); // all rows equal: one leaf
            return index;
        }

        for (int i = start; i < end; i++)
        {
            keys[i] = _data[_order[i] * _width + dimension];
        }

        Array.Sort(keys, _order, start, end - start);
        int middle = (start + end) / 2;
        float split = keys[middle];
        int left = Build(start, middle, keys);
        int right = Build(middle, end, keys);
        _nodes[index] = new Node(dimension, split, left, right, start, end);
        return index;
    }

    private void Search(int node, ReadOnlySpan<float> query, Span<int> indices, Span<double> distances, ref int found, int exclude)
    {
        Node current = _nodes[node];
        if (current.Dimension < 0)
        {
            for (int i = current.Start; i < current.End; i++)
            {
                int row = _order[i];
                if (row != exclude)
                {
                    Offer(row, SquaredDistance(query, _data.AsSpan(row * _width, _width)), indices, distances, ref found);
                }
            }

            return;
        }

        float q = query[current.Dimension];
        if (float.IsNaN(q))
        {
            Search(current.Left, query, indices, distances, ref found, exclude);
            Search(current.Right, query, indices, distances, ref found, exclude);
            return;
        }

        double offset = (double)q - current.Split;
        (int near, int far) = offset < 0 ? (current.Left, current.Right) : (current.Right, current.Left);
        Search(near, query, indices, distances, ref found, exclude);
        if (found < indices.Length || offset * offset <= distances[found - 1]) // equal: a tie there may hold a lower row
        {
            Search(far, query, indices, distances, ref found, exclude);
        }
    }

    /// <summary>
    /// Inserts a candidate into the sorted best list if it comes before its last entry (or the list is not full). The
    /// order is (distance, row number): ties go to the lower row, so the result does not depend on the tree's shape.
    /// </summary>
    private static void Offer(int row, double distance, Span<int> indices, Span<double> distances, ref int found)
    {
        static bool Before(double distance, int row, double otherDistance, int otherRow) =>
            distance < otherDistance || (distance == otherDistance && row < otherRow);
        if (found == indices.Length && !Before(distance, row, distances[found - 1], indices[found - 1]))
        {
            return;
        }

        int at = found < indices.Length ? found++ : found - 1;
        while (at > 0 && Before(distance, row, distances[at - 1], indices[at - 1]))
        {
            indices[at] = indices[at - 1];
            distances[at] = distances[at - 1];
            at--;
        }

        indices[at] = row;
        distances[at] = distance;
    }

    /// <summary>Σ (qᵢ − xᵢ)² in double over the coordinates where <paramref name="query"/> is not NaN.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> query, ReadOnlySpan<float> row)
    {
        double sum = 0;
        for (int d = 0; d < query.Length; d++)
        {
            if (!float.IsNaN(query[d]))
            {
                double difference = (double)query[d] - row[d];
                sum += difference * difference;
            }
        }

        return sum;
    }

    private readonly record struct Node(int Dimension, float Split, int Left, int Right, int Start, int End);
}
