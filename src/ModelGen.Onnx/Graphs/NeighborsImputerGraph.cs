using System;
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
/// <remarks>
/// Both loops over the columns are <c>Scan</c>s: a runtime then holds a few <c>[N, R]</c> tensors at a time (R training
/// rows) whatever the width, where one node chain a column let ONNX Runtime keep dozens alive (6 GB for 1,000 rows
/// against 5,690 training rows of 30 columns).
/// </remarks>
internal static class NeighborsImputerGraph
{
    /// <summary>Fills the NaNs of <paramref name="input"/>, float <c>[N, Width]</c>; returns the filled rows.</summary>
    public static string Impute(GraphBuilder graph, KNearestNeighborsImputer imputer, string input)
    {
        int width = imputer.Width;
        int rows = imputer.TrainingRows.Length / width;

        // The training rows by column, [Width, R], and +∞ where a row lacks the column: no donor for it.
        var columns = new double[width * rows];
        var lacking = new double[width * rows];
        ReadOnlySpan<float> training = imputer.TrainingRows;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++)
            {
                columns[c * rows + r] = training[r * width + c];
                lacking[c * rows + r] = float.IsNaN(training[r * width + c]) ? double.PositiveInfinity : 0;
            }
        }

        string donors = graph.DoubleConstant("training_columns", columns, width, rows);
        string given = graph.Node("Transpose", new[] { input }, "input_by_column", Attribute("perm", new[] { 1L, 0L }));
        string givenInDouble = graph.Node("Cast", new[] { given }, "input_by_column_in_double", Attribute("to", (long)TensorProto.Types.DataType.Double));
        string batch = graph.Slice(graph.Node("Shape", new[] { input }, "input_shape"), 0, 1, axis: 0, "batch_size");
        string empty = graph.Node("Expand", new[]
        {
            graph.DoubleConstant("zero", new[] { 0d }), graph.Node("Concat", new[] { batch, graph.Int64Constant("training_row_count", new long[] { rows }, 1) }, "distance_shape", Attribute("axis", 0L)),
        }, "no_squares");
        string[] sums = graph.Node("Scan", new[] { empty, empty, givenInDouble, donors }, new[] { "squares", "shared" },
            Attribute("body", DistanceStep(graph, rows)), Attribute("num_scan_inputs", 2L));

        // √(Width / shared · Σ): NaN where nothing is shared (∞ · 0); NaN sorts after every number as the largest double.
        string scale = graph.Node("Div", new[] { graph.DoubleConstant("width", new[] { (double)width }), sums[1] }, "distance_scale");
        string distance = graph.Node("Sqrt", new[] { graph.Node("Mul", new[] { scale, sums[0] }, "scaled_squares") }, "distance");
        string ordered = graph.Node("Where", new[]
        {
            graph.Node("IsNaN", new[] { distance }, "undefined_distance"), graph.DoubleConstant("nothing_shared", new[] { double.MaxValue }), distance,
        }, "sort_key");

        string imputed = graph.Node("Scan", new[]
        {
            donors, graph.DoubleConstant("no_donor_penalty", lacking, width, rows), graph.DoubleConstant("column_means", imputer.ColumnMeans, width), given,
        }, new[] { "imputed_by_column" }, Attribute("body", FillStep(graph, imputer, rows, ordered)), Attribute("num_scan_inputs", 4L))[0];
        return graph.Node("Transpose", new[] { imputed }, "neighbors_imputed", Attribute("perm", new[] { 1L, 0L }));
    }

    /// <summary>One column's step of the distance sums: adds <c>(x − t)²</c> where both rows have the column, and counts it.</summary>
    private static GraphBuilder DistanceStep(GraphBuilder outer, int rows)
    {
        GraphBuilder step = outer.Subgraph("distance_step", "Adds one column's squared differences to every row–training row pair's sum.");
        string sumIn = step.Input("squares_so_far", TensorProto.Types.DataType.Double, "", null, rows);
        string sharedIn = step.Input("shared_so_far", TensorProto.Types.DataType.Double, "", null, rows);
        string value = step.Input("row_values", TensorProto.Types.DataType.Double, "", (long?)null);
        string donor = step.Input("training_values", TensorProto.Types.DataType.Double, "", rows);
        string difference = step.Node("Sub", new[]
        {
            step.Node("Unsqueeze", new[] { value, step.Int64Constant("row_axis", new[] { 1L }, 1) }, "row_value"),
            step.Node("Unsqueeze", new[] { donor, step.Int64Constant("training_axis", new[] { 0L }, 1) }, "training_value"),
        }, "difference");
        string square = step.Node("Mul", new[] { difference, difference }, "square");
        string absent = step.Node("IsNaN", new[] { square }, "not_shared");
        string sum = step.Node("Add", new[] { sumIn, step.Node("Where", new[] { absent, step.DoubleConstant("zero", new[] { 0d }), square }, "term") }, "squares_then");
        string shared = step.Node("Add", new[]
        {
            sharedIn, step.Node("Cast", new[] { step.Node("Not", new[] { absent }, "shared_coordinate") }, "shared_count", Attribute("to", (long)TensorProto.Types.DataType.Double)),
        }, "shared_then");
        step.Result(sum, TensorProto.Types.DataType.Double, null, rows);
        step.Result(shared, TensorProto.Types.DataType.Double, null, rows);
        return step;
    }

    /// <summary>One column's fill: its k nearest donors among the training rows that have it, averaged, where a row lacks it.</summary>
    private static GraphBuilder FillStep(GraphBuilder outer, KNearestNeighborsImputer imputer, int rows, string ordered)
    {
        GraphBuilder step = outer.Subgraph("fill_step", "Fills one column of every row from its nearest training rows that have it.");
        string donorColumn = step.Input("training_column", TensorProto.Types.DataType.Double, "", rows);
        string penalty = step.Input("lacking", TensorProto.Types.DataType.Double, "", rows);
        string mean = step.Input("column_mean", TensorProto.Types.DataType.Double, "");
        string given = step.Input("given", TensorProto.Types.DataType.Float, "", (long?)null);
        string infinity = step.DoubleConstant("infinity", new[] { double.PositiveInfinity });
        string largest = step.DoubleConstant("largest", new[] { double.MaxValue });
        string zero = step.DoubleConstant("zero", new[] { 0d });
        string axis = step.Int64Constant("donor_axis", new[] { 1L }, 1);

        string key = step.Node("Add", new[] { ordered, step.Node("Unsqueeze", new[] { penalty, step.Int64Constant("training_axis", new[] { 0L }, 1) }, "penalty_row") }, "donor_key");
        string[] nearest = step.Node("TopK", new[] { key, step.Int64Constant("k", new[] { (long)Math.Min(imputer.Neighbors, rows) }, 1) },
            new[] { "donor_distances", "donor_rows" }, Attribute("axis", 1L), Attribute("largest", 0L), Attribute("sorted", 1L));
        string distances = nearest[0];
        string isDonor = step.Node("Less", new[] { distances, infinity }, "is_donor");
        string values = step.Node("Where", new[] { isDonor, step.Node("Gather", new[] { donorColumn, nearest[1] }, "donor_values"), zero }, "kept_values");
        string first = step.Slice(distances, 0, 1, axis: 1, "nearest_distance");
        string weights = imputer.Weights == NeighborWeights.Uniform
            ? step.Node("Cast", new[] { isDonor }, "weights", Attribute("to", (long)TensorProto.Types.DataType.Double))
            : InverseDistance(step, distances, first, isDonor, largest, zero);
        string sum = step.Node("ReduceSum", new[] { step.Node("Mul", new[] { weights, values }, "weighted"), axis }, "weighted_sum");
        string average = step.Node("Div", new[] { sum, step.Node("ReduceSum", new[] { weights, axis }, "total_weight") }, "average");

        // The mean when no candidate exists (∞) or the nearest shares nothing (the largest double).
        string noDonor = step.Node("Not", new[] { step.Node("Less", new[] { first, largest }, "defined") }, "no_donor");
        string fill = step.Node("Where", new[] { noDonor, mean, average }, "fill");
        string flat = step.Node("Squeeze", new[] { step.Node("Cast", new[] { fill }, "fill_float", Attribute("to", (long)TensorProto.Types.DataType.Float)), axis }, "fill_row");
        string filled = step.Node("Where", new[] { step.Node("IsNaN", new[] { given }, "missing"), flat, given }, "filled");
        step.Result(filled, TensorProto.Types.DataType.Float, (long?)null);
        return step;
    }

    /// <summary>
    /// The inverse-distance weights: a donor at distance 0 takes all the weight (shared among every such donor), a
    /// donor that shares nothing none.
    /// </summary>
    private static string InverseDistance(GraphBuilder step, string distances, string first, string isDonor, string largest, string zero)
    {
        string exact = step.Node("Equal", new[] { first, zero }, "exact");
        string atZero = step.Node("Cast", new[] { step.Node("Equal", new[] { distances, zero }, "at_zero") }, "zero_weight", Attribute("to", (long)TensorProto.Types.DataType.Double));
        string defined = step.Node("And", new[] { isDonor, step.Node("Less", new[] { distances, largest }, "shares") }, "weighed");
        string inverse = step.Node("Where", new[] { defined, step.Node("Reciprocal", new[] { distances }, "inverse"), zero }, "inverse_weight");
        return step.Node("Where", new[] { exact, atZero, inverse }, "weights");
    }
}
