using System;
using System.Globalization;
using ModelGen.Preprocessing;
using Onnx;
using static ModelGen.Onnx.Graphs.GraphBuilder;

namespace ModelGen.Onnx.Graphs;

/// <summary>
/// <see cref="KNearestNeighborsImputer"/> as graph nodes, computing what it computes in the order it computes it: the
/// NaN-Euclidean distance of each row to each training row in double, summed column after column; for each column the
/// k nearest training rows that have it (<c>TopK</c>, whose ties go to the lower index as the imputer's go to the earlier
/// row; a distance of NaN — nothing in common — after every number); their average, uniform or by inverse distance;
/// and the column's training mean when no donor is at a defined distance. The training rows travel in the graph, as
/// they travel in the pipeline's file.
/// </summary>
internal static class NeighborsImputerGraph
{
    /// <summary>Fills the NaNs of <paramref name="input"/>, float <c>[N, Width]</c>; returns the filled rows.</summary>
    public static string Impute(GraphBuilder graph, KNearestNeighborsImputer imputer, string input)
    {
        int width = imputer.Width;
        int rows = imputer.TrainingRows.Length / width;
        long k = Math.Min(imputer.Neighbors, rows);

        // Training rows transposed, [Width, R], so column c is a row vector [1, R] against the batch's column [N, 1].
        var transposed = new double[width * rows];
        ReadOnlySpan<float> training = imputer.TrainingRows;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++)
            {
                transposed[c * rows + r] = training[r * width + c];
            }
        }

        string donors = graph.DoubleConstant("training_rows", transposed, width, rows);
        string values = graph.Node("Cast", new[] { input }, "rows_in_double", Attribute("to", (long)TensorProto.Types.DataType.Double));
        string zero = graph.DoubleConstant("zero", new[] { 0d });
        string infinity = graph.DoubleConstant("infinity", new[] { double.PositiveInfinity });

        // Σ over the coordinates both rows have of (x − t)², in column order, and how many they share.
        string? sum = null, shared = null;
        var donorColumns = new string[width];
        for (int c = 0; c < width; c++)
        {
            donorColumns[c] = graph.Slice(donors, c, c + 1, axis: 0, "training_column");
            string difference = graph.Node("Sub", new[] { graph.Slice(values, c, c + 1, axis: 1, "row_column"), donorColumns[c] }, "difference");
            string square = graph.Node("Mul", new[] { difference, difference }, "square");
            string absent = graph.Node("IsNaN", new[] { square }, "not_shared");
            string term = graph.Node("Where", new[] { absent, zero, square }, "term");
            string common = graph.Node("Cast", new[] { graph.Node("Not", new[] { absent }, "shared_coordinate") }, "shared_count", Attribute("to", (long)TensorProto.Types.DataType.Double));
            sum = sum is null ? term : graph.Node("Add", new[] { sum, term }, "squares");
            shared = shared is null ? common : graph.Node("Add", new[] { shared, common }, "shared");
        }

        // √(Width / shared · Σ): NaN where nothing is shared (∞ · 0). NaN sorts after every number as the largest double.
        string scale = graph.Node("Div", new[] { graph.DoubleConstant("width", new[] { (double)width }), shared! }, "distance_scale");
        string distance = graph.Node("Sqrt", new[] { graph.Node("Mul", new[] { scale, sum! }, "scaled_squares") }, "distance");
        string largest = graph.DoubleConstant("nothing_shared", new[] { double.MaxValue });
        string ordered = graph.Node("Where", new[] { graph.Node("IsNaN", new[] { distance }, "undefined_distance"), largest, distance }, "sort_key");

        ReadOnlySpan<double> means = imputer.ColumnMeans;
        var filled = new string[width];
        for (int c = 0; c < width; c++)
        {
            string stem = "column_" + c.ToString(CultureInfo.InvariantCulture);

            // Training rows without column c are no donors for it: +∞ puts them after every candidate.
            string absentDonor = graph.Node("Where", new[] { graph.Node("IsNaN", new[] { donorColumns[c] }, stem + "_lacks"), infinity, zero }, stem + "_penalty");
            string[] nearest = graph.Node("TopK", new[] { graph.Node("Add", new[] { ordered, absentDonor }, stem + "_key"), graph.Int64Constant("k", new[] { k }, 1) },
                new[] { stem + "_distances", stem + "_donors" }, Attribute("axis", 1L), Attribute("largest", 0L), Attribute("sorted", 1L));
            string distances = nearest[0];
            string isDonor = graph.Node("Less", new[] { distances, infinity }, stem + "_is_donor");
            string donorValues = graph.Node("Where", new[]
            {
                isDonor, graph.Node("Gather", new[] { graph.Node("Reshape", new[] { donorColumns[c], graph.Int64Constant("flat", new[] { -1L }, 1) }, stem + "_values"), nearest[1] }, stem + "_gathered"), zero,
            }, stem + "_donor_values");
            string first = graph.Slice(distances, 0, 1, axis: 1, stem + "_nearest");
            string weights = imputer.Weights == NeighborWeights.Uniform
                ? graph.Node("Cast", new[] { isDonor }, stem + "_weights", Attribute("to", (long)TensorProto.Types.DataType.Double))
                : InverseDistance(graph, stem, distances, first, isDonor, largest, zero);
            string weighted = graph.Node("ReduceSum", new[] { graph.Node("Mul", new[] { weights, donorValues }, stem + "_weighted"), graph.Int64Constant("axes", new[] { 1L }, 1) }, stem + "_sum");
            string total = graph.Node("ReduceSum", new[] { weights, graph.Int64Constant("axes", new[] { 1L }, 1) }, stem + "_total");
            string average = graph.Node("Div", new[] { weighted, total }, stem + "_average");

            // The mean when no candidate exists (∞) or the nearest shares nothing (the largest double).
            string noDonor = graph.Node("Not", new[] { graph.Node("Less", new[] { first, largest }, stem + "_defined") }, stem + "_no_donor");
            string fill = graph.Node("Where", new[] { noDonor, graph.DoubleConstant(stem + "_mean", new[] { means[c] }), average }, stem + "_fill");
            string own = graph.Slice(input, c, c + 1, axis: 1, stem + "_given");
            filled[c] = graph.Node("Where", new[]
            {
                graph.Node("IsNaN", new[] { own }, stem + "_missing"), graph.Node("Cast", new[] { fill }, stem + "_fill_float", Attribute("to", (long)TensorProto.Types.DataType.Float)), own,
            }, stem + "_imputed");
        }

        return width == 1 ? filled[0] : graph.Node("Concat", filled, "neighbors_imputed", Attribute("axis", 1L));
    }

    /// <summary>
    /// The inverse-distance weights: a donor at distance 0 takes all the weight (shared among every such donor), a
    /// donor that shares nothing none.
    /// </summary>
    private static string InverseDistance(GraphBuilder graph, string stem, string distances, string first, string isDonor, string largest, string zero)
    {
        string exact = graph.Node("Equal", new[] { first, zero }, stem + "_exact");
        string atZero = graph.Node("Cast", new[] { graph.Node("Equal", new[] { distances, zero }, stem + "_at_zero") }, stem + "_zero_weight", Attribute("to", (long)TensorProto.Types.DataType.Double));
        string defined = graph.Node("And", new[] { isDonor, graph.Node("Less", new[] { distances, largest }, stem + "_shares") }, stem + "_weighed");
        string inverse = graph.Node("Where", new[] { defined, graph.Node("Reciprocal", new[] { distances }, stem + "_inverse"), zero }, stem + "_inverse_weight");
        return graph.Node("Where", new[] { exact, atZero, inverse }, stem + "_weights");
    }
}
