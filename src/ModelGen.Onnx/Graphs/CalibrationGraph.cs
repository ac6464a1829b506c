using System;
using System.Collections.Generic;
using ModelGen.Calibration;
using Onnx;
using static ModelGen.Onnx.Graphs.GraphBuilder;

namespace ModelGen.Onnx.Graphs;

/// <summary>A calibrator's map from score to probability, over the score tensor <c>[N]</c>.</summary>
internal static class CalibrationGraph
{
    /// <summary>The calibrated probability of each score; refuses a calibrator it has no form for.</summary>
    public static string Probability(GraphBuilder graph, string score, ICalibrator calibrator) => calibrator switch
    {
        PlattScaling platt => Platt(graph, score, platt),
        IsotonicCalibration isotonic => Isotonic(graph, score, isotonic),
        _ => throw new NotSupportedException(
            $"The classifier's {calibrator.GetType().Name} has no ONNX form in this version; export a classifier with Platt scaling, isotonic calibration or none."),
    };

    /// <summary>Platt's <c>1 / (1 + exp(A·s + B))</c>, as <c>Sigmoid(−A·s − B)</c>.</summary>
    public static string Platt(GraphBuilder graph, string score, PlattScaling platt) =>
        graph.Node("Sigmoid", new[]
        {
            graph.Node("Add", new[] { graph.Node("Mul", new[] { score, graph.Scalar("platt_minus_a", (float)-platt.A) }, "platt_scaled"), graph.Scalar("platt_minus_b", (float)-platt.B) },
                "platt_logit"),
        }, "platt_probability");

    /// <summary>
    /// The isotonic step function in double, as <see cref="IsotonicCalibration.Calibrate"/> computes it: the score clipped
    /// to the fitted range, the segment <c>[xₗ, xᵤ]</c> holding it found by counting the points at or below it, and
    /// <c>yₗ + (s − xₗ) / (xᵤ − xₗ) · (yᵤ − yₗ)</c>; the last point's probability at or above it, NaN for NaN. Points
    /// inside a flat run are left out: interpolating between equal probabilities gives that probability either way.
    /// </summary>
    private static string Isotonic(GraphBuilder graph, string score, IsotonicCalibration isotonic)
    {
        (double[] x, double[] y) = Breakpoints(isotonic);
        int count = x.Length;
        string nan = graph.Node("IsNaN", new[] { score }, "score_missing");
        if (count == 1)
        {
            string constant = graph.Node("Expand", new[] { graph.Scalar("isotonic_probability", (float)y[0]), graph.Node("Shape", new[] { score }, "score_shape") }, "isotonic_constant");
            return graph.Node("Where", new[] { nan, score, constant }, "isotonic_probability");
        }

        string points = graph.DoubleConstant("isotonic_scores", x, count);
        string probabilities = graph.DoubleConstant("isotonic_probabilities", y, count);
        string wide = graph.Node("Cast", new[] { score }, "score_in_double", Attribute("to", (long)TensorProto.Types.DataType.Double));
        string highest = graph.DoubleConstant("highest_score", new[] { x[^1] });
        string clipped = graph.Node("Clip", new[] { wide, graph.DoubleConstant("lowest_score", new[] { x[0] }), highest }, "clipped_score");
        string column = graph.Node("Unsqueeze", new[] { clipped, graph.Int64Constant("score_axis", new[] { 1L }, 1) }, "score_column");
        string below = graph.Node("Cast", new[] { graph.Node("LessOrEqual", new[] { points, column }, "point_at_or_below") }, "points_below",
            Attribute("to", (long)TensorProto.Types.DataType.Int64));
        string reached = graph.Node("ReduceSum", new[] { below, graph.Int64Constant("point_axis", new[] { 1L }, 1) }, "points_reached", Attribute("keepdims", 0L));
        string lower = graph.Node("Clip", new[] { graph.Node("Sub", new[] { reached, graph.Int64Constant("one", new[] { 1L }) }, "last_reached"),
            graph.Int64Constant("first_segment", new[] { 0L }), graph.Int64Constant("last_segment", new[] { (long)count - 2 }) }, "segment");
        string upper = graph.Node("Add", new[] { lower, graph.Int64Constant("next", new[] { 1L }) }, "segment_end");
        string xLower = graph.Node("Gather", new[] { points, lower }, "segment_low_score");
        string yLower = graph.Node("Gather", new[] { probabilities, lower }, "segment_low_probability");
        string fraction = graph.Node("Div", new[]
        {
            graph.Node("Sub", new[] { clipped, xLower }, "into_segment"),
            graph.Node("Sub", new[] { graph.Node("Gather", new[] { points, upper }, "segment_high_score"), xLower }, "segment_width"),
        }, "segment_fraction");
        string rise = graph.Node("Sub", new[] { graph.Node("Gather", new[] { probabilities, upper }, "segment_high_probability"), yLower }, "segment_rise");
        string interpolated = graph.Node("Add", new[] { yLower, graph.Node("Mul", new[] { fraction, rise }, "rise_so_far") }, "interpolated");
        string top = graph.Node("Where", new[]
        {
            graph.Node("GreaterOrEqual", new[] { clipped, highest }, "at_top"),
            graph.DoubleConstant("last_probability", new[] { y[^1] }), interpolated,
        }, "isotonic_double");
        string probability = graph.Node("Cast", new[] { top }, "isotonic_float", Attribute("to", (long)TensorProto.Types.DataType.Float));
        return graph.Node("Where", new[] { nan, score, probability }, "isotonic_probability");
    }

    /// <summary>The fitted points without those strictly inside a run of equal probabilities.</summary>
    private static (double[] Scores, double[] Probabilities) Breakpoints(IsotonicCalibration isotonic)
    {
        IReadOnlyList<double> x = isotonic.Scores, y = isotonic.Probabilities;
        var scores = new List<double>();
        var probabilities = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            if (i == 0 || i == x.Count - 1 || y[i - 1] != y[i] || y[i] != y[i + 1])
            {
                scores.Add(x[i]);
                probabilities.Add(y[i]);
            }
        }

        return (scores.ToArray(), probabilities.ToArray());
    }
}
