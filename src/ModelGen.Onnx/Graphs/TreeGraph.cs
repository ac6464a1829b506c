using System;
using System.Collections.Generic;
using ModelGen.Trees;
using static ModelGen.Onnx.Graphs.GraphBuilder;

namespace ModelGen.Onnx.Graphs;

/// <summary>
/// A trained ensemble as <c>ai.onnx.ml.TreeEnsembleRegressor</c>: every node with <c>BRANCH_LEQ</c> (<c>x ≤
/// threshold</c> goes to the true, left, child), missing values sent where training sent them
/// (<c>nodes_missing_value_tracks_true</c>), each leaf's value its weight; then the ensemble's combination in plain
/// operators. The regressor form gives the exact score ModelGen computes; the classifier operator's binary outputs
/// depend on the runtime's conventions, and its label on a fixed 0.5, where the graph applies the model's threshold.
/// </summary>
internal static class TreeGraph
{
    /// <summary>Adds the ensemble over <paramref name="input"/>; returns the score, <c>[N, 1]</c>.</summary>
    public static string Forward(GraphBuilder graph, TreeModel model, string input)
    {
        TreeEnsemble ensemble = model.Ensemble;
        if (ensemble.TreeCount == 0)
        {
            throw new InvalidOperationException("The tree model is not trained: fit it, or load a trained state, before exporting it.");
        }

        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var features = new List<long>();
        var thresholds = new List<float>();
        var modes = new List<string>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var missingTrue = new List<long>();
        var leafTrees = new List<long>();
        var leafNodes = new List<long>();
        var leafWeights = new List<float>();
        for (int tree = 0; tree < ensemble.TreeCount; tree++)
        {
            int id = 0;
            foreach (TreeNode node in ensemble.Nodes(tree))
            {
                bool leaf = node.Feature < 0;
                treeIds.Add(tree);
                nodeIds.Add(id);
                features.Add(leaf ? 0 : node.Feature);
                thresholds.Add(leaf ? 0f : node.Threshold);
                modes.Add(leaf ? "LEAF" : "BRANCH_LEQ");
                trueIds.Add(leaf ? 0 : node.Left);
                falseIds.Add(leaf ? 0 : node.Right);
                missingTrue.Add(!leaf && node.MissingLeft ? 1 : 0);
                if (leaf)
                {
                    leafTrees.Add(tree);
                    leafNodes.Add(id);
                    leafWeights.Add(node.Value);
                }

                id++;
            }
        }

        bool sum = ensemble.Combination == TreeCombination.LogisticSum;
        string leaves = graph.MachineLearningNode("TreeEnsembleRegressor", new[] { input }, "tree_sum",
            Attribute("n_targets", 1L),
            Attribute("aggregate_function", sum ? "SUM" : "AVERAGE"),
            Attribute("base_values", new[] { sum ? ensemble.BaseScore : 0f }),
            Attribute("post_transform", "NONE"),
            Attribute("nodes_treeids", treeIds),
            Attribute("nodes_nodeids", nodeIds),
            Attribute("nodes_featureids", features),
            Attribute("nodes_values", thresholds),
            Attribute("nodes_modes", modes),
            Attribute("nodes_truenodeids", trueIds),
            Attribute("nodes_falsenodeids", falseIds),
            Attribute("nodes_missing_value_tracks_true", missingTrue),
            Attribute("target_treeids", leafTrees),
            Attribute("target_nodeids", leafNodes),
            Attribute("target_ids", new long[leafTrees.Count]),
            Attribute("target_weights", leafWeights));
        return ensemble.Combination switch
        {
            TreeCombination.Average => leaves,
            TreeCombination.LogisticSum => graph.Node("Sigmoid", new[] { leaves }, "probability_of_sum"),
            // 2^(−mean path length / c(ψ)), the isolation score.
            _ => graph.Node("Pow", new[] { graph.Scalar("two", 2f), graph.Node("Mul", new[] { leaves, graph.Scalar("minus_inverse_normalizer", -1f / ensemble.Normalizer) }, "exponent") },
                "isolation_score"),
        };
    }
}
