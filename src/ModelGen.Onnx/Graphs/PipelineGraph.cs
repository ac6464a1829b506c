using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Data;
using ModelGen.Preprocessing;
using Onnx;
using static ModelGen.Onnx.Graphs.GraphBuilder;

namespace ModelGen.Onnx.Graphs;

/// <summary>
/// A classifier's <see cref="FittedTabularPipeline"/> as graph inputs and the nodes that turn them into the model's
/// features, in the pipeline's feature order. The numeric columns come in as float <c>input</c> <c>[N, numeric columns]</c>
/// (NaN for a missing value) and the categorical ones as string <c>categories</c> <c>[N, categorical columns]</c> (the
/// cells' text, as a CSV holds them), each in the pipeline's column order.
/// </summary>
internal static class PipelineGraph
{
    /// <summary>Declares the pipeline's inputs and adds its steps; returns the model's features, <c>[N, OutputSize]</c>.</summary>
    public static string Transform(GraphBuilder graph, FittedTabularPipeline pipeline)
    {
        ColumnStep[] numeric = pipeline.Steps.Where(s => s.Kind == ColumnKind.Numeric).ToArray();
        int categorical = pipeline.Steps.Count - numeric.Length;
        string? numbers = numeric.Length == 0 ? null : Numbers(graph, pipeline, numeric,
            graph.FloatInput("input", null, numeric.Length));
        if (categorical == 0)
        {
            return numbers!;
        }

        string cells = graph.Input("categories", TensorProto.Types.DataType.String,
            "The categorical columns' cells as text, in the pipeline's order; a missing token (\"\" among them) for a missing cell.",
            null, categorical);

        // The features in the pipeline's order: each run of numeric columns a slice of the scaled numbers, each
        // categorical column its one-hot block.
        var parts = new List<string>();
        int number = 0, category = 0;
        for (int s = 0; s < pipeline.Steps.Count;)
        {
            if (pipeline.Steps[s].Kind == ColumnKind.Categorical)
            {
                parts.Add(OneHot(graph, pipeline, pipeline.Steps[s], cells, category++));
                s++;
                continue;
            }

            int run = 0;
            while (s < pipeline.Steps.Count && pipeline.Steps[s].Kind == ColumnKind.Numeric)
            {
                run++;
                s++;
            }

            parts.Add(run == numeric.Length ? numbers! : graph.Slice(numbers!, number, number + run, axis: 1, "numeric_columns"));
            number += run;
        }

        return parts.Count == 1 ? parts[0] : graph.Node("Concat", parts, "features", Attribute("axis", 1L));
    }

    /// <summary>
    /// The numeric columns: the k-NN imputer when the pipeline has one, then each column's fill where a value is still
    /// missing, then <c>(x − offset) / scale</c>. A column without imputation keeps its NaN, which the score then carries.
    /// </summary>
    private static string Numbers(GraphBuilder graph, FittedTabularPipeline pipeline, ColumnStep[] numeric, string input)
    {
        long width = numeric.Length;
        string values = pipeline.NeighborsImputer is { } imputer ? NeighborsImputerGraph.Impute(graph, imputer, input) : input;
        float[] fills = numeric.Select(s => s.NumericFill).ToArray();
        if (!fills.All(float.IsNaN))
        {
            values = graph.Node("Where", new[] { graph.Node("IsNaN", new[] { values }, "missing"), graph.Constant("fill", fills, 1, width), values }, "imputed");
        }

        string centered = graph.Node("Sub", new[] { values, graph.Constant("offset", numeric.Select(s => s.Offset).ToArray(), 1, width) }, "centered");
        return graph.Node("Div", new[] { centered, graph.Constant("scale", numeric.Select(s => s.Scale).ToArray(), 1, width) }, "scaled");
    }

    /// <summary>
    /// One categorical column's one-hot block, <c>[N, categories]</c>. <c>ai.onnx.ml.LabelEncoder</c> maps each training
    /// category to its index, each missing token to the fill's index, and anything else to −1 (unseen);
    /// <c>ai.onnx.ml.OneHotEncoder</c> with <c>zeros = 0</c> then fails the run on a code it was not given, as
    /// <see cref="FittedTabularPipeline.TransformRow(IReadOnlyList{string?}, Span{float})"/> throws: an unseen category
    /// under <see cref="UnknownCategories.Error"/>, a missing cell with no categorical imputation (−2). Under
    /// <see cref="UnknownCategories.Ignore"/> −1 is one more category whose column is dropped, so an unseen category
    /// is all zeros.
    /// </summary>
    private static string OneHot(GraphBuilder graph, FittedTabularPipeline pipeline, ColumnStep step, string cells, int index)
    {
        IReadOnlyList<string> categories = step.Categories;
        if (categories.Count == 0)
        {
            throw new InvalidOperationException($"Column '{step.Name}' has no categories: the pipeline was fitted on no rows of it.");
        }

        const long Unseen = -1, Refused = -2;
        long missing = step.CategoryFill is not { } fill ? Refused
            : Math.Max(Unseen, Array.IndexOf(categories.ToArray(), fill));

        // A missing token is missing even where it is also a category's text, as TransformRow reads it.
        var keys = new List<string>(pipeline.MissingTokens);
        var codes = new List<long>(Enumerable.Repeat(missing, keys.Count));
        var tokens = new HashSet<string>(pipeline.MissingTokens, StringComparer.Ordinal);
        for (int c = 0; c < categories.Count; c++)
        {
            if (!tokens.Contains(categories[c]))
            {
                keys.Add(categories[c]);
                codes.Add(c);
            }
        }

        // Tensor names from the column's position, not its name: a column name may hold any character.
        string stem = "categorical_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string column = graph.Node("Gather", new[] { cells, graph.Int64Constant(stem + "_column", new long[] { index }) }, stem + "_cell", Attribute("axis", 1L));
        string code = graph.MachineLearningNode("LabelEncoder", new[] { column }, stem + "_code",
            Attribute("keys_strings", keys), Attribute("values_int64s", codes), Attribute("default_int64", Unseen));
        bool ignore = pipeline.UnknownCategories == UnknownCategories.Ignore;
        IEnumerable<long> known = Enumerable.Range(0, categories.Count).Select(c => (long)c);
        string hot = graph.MachineLearningNode("OneHotEncoder", new[] { code }, stem + "_one_hot",
            Attribute("cats_int64s", ignore ? known.Prepend(Unseen) : known), Attribute("zeros", 0L));
        // ONNX 1.12 gives OneHotEncoder no shape inference.
        graph.Declare(hot, TensorProto.Types.DataType.Float, null, categories.Count + (ignore ? 1 : 0));
        return ignore ? graph.Slice(hot, 1, categories.Count + 1, axis: 1, stem + "_known") : hot;
    }
}
