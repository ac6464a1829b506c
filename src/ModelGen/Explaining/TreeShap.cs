using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Data;
using ModelGen.Trees;

namespace ModelGen.Explaining;

/// <summary>
/// Exact Shapley values of a tree ensemble's prediction (path-dependent TreeSHAP, Lundberg et al., 2018/2020, the
/// polynomial-time algorithm of the <c>shap</c> package's <c>tree_path_dependent</c> mode): feature i's attribution is
/// its Shapley value for the game <c>f_S(x) = E[f(x) | x_S]</c>, the expectation taken down the trees with each split's
/// branches weighted by the share of the background rows that reach them (the training data, as the trees' own
/// covers). The attributions add up to the explained output minus its expectation over the background, exactly.
/// The output explained is the margin (log-odds) of boosting, the averaged leaf probability of a forest or tree.
/// </summary>
public sealed class TreeShap
{
    private readonly TreeEnsemble _ensemble;
    private readonly TreeNode[][] _trees;
    private readonly double[][] _covers;
    private readonly double _scale;
    private readonly double _offset;

    private readonly IReadOnlyList<string> _names;

    private TreeShap(TreeEnsemble ensemble, TreeNode[][] trees, double[][] covers, IReadOnlyList<string> names)
    {
        _names = names;
        _ensemble = ensemble;
        _trees = trees;
        _covers = covers;
        (_scale, _offset) = ensemble.Combination == TreeCombination.LogisticSum ? (1.0, ensemble.BaseScore) : (1.0 / trees.Length, 0.0);
        ExpectedValue = _offset + _scale * Enumerable.Range(0, trees.Length).Sum(t => Expectation(t, 0));
    }

    /// <summary>The explained output's mean over the background (shap's <c>expected_value</c>).</summary>
    public double ExpectedValue { get; }

    /// <summary>An explainer of <paramref name="model"/>'s trees, covers counted from <paramref name="background"/> (the training rows).</summary>
    /// <exception cref="ArgumentException">The model is an isolation forest (its score is not a sum of leaves), untrained, or the background's width differs.</exception>
    public static TreeShap Create(TreeModel model, Dataset background)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(background);
        TreeEnsemble ensemble = model.Ensemble;
        if (ensemble.TreeCount == 0 || ensemble.Combination == TreeCombination.IsolationScore)
        {
            throw new ArgumentException("TreeSHAP explains trained trees whose output is a sum or mean of leaves (forests, boosting); an isolation forest's score is not.", nameof(model));
        }

        if (background.FeatureCount != ensemble.InputSize || background.Count == 0)
        {
            throw new ArgumentException($"The background must hold rows of the model's {ensemble.InputSize} features.", nameof(background));
        }

        var trees = new TreeNode[ensemble.TreeCount][];
        var covers = new double[ensemble.TreeCount][];
        for (int t = 0; t < trees.Length; t++)
        {
            trees[t] = ensemble.Nodes(t).ToArray();
            covers[t] = new double[trees[t].Length];
            for (int r = 0; r < background.Count; r++)
            {
                ReadOnlySpan<float> row = background.Row(r);
                int node = 0;
                covers[t][0]++;
                while (trees[t][node].Feature >= 0)
                {
                    node = Hot(trees[t][node], row);
                    covers[t][node]++;
                }
            }
        }

        return new TreeShap(ensemble, trees, covers, background.FeatureNames);
    }

    /// <summary>The attributions of one row (NaN features follow each split's missing-value branch, as prediction does).</summary>
    /// <exception cref="ArgumentException">The row has another width.</exception>
    public Attribution Explain(ReadOnlySpan<float> row)
    {
        if (row.Length != _ensemble.InputSize)
        {
            throw new ArgumentException($"The model reads {_ensemble.InputSize} features; the row has {row.Length}.", nameof(row));
        }

        var phi = new double[row.Length];
        double output = _offset;
        for (int t = 0; t < _trees.Length; t++)
        {
            var tree = new double[row.Length];
            var path = new Element[(MaxDepth(_trees[t], 0) + 2) * (MaxDepth(_trees[t], 0) + 3) / 2 + 4];
            Recurse(t, row, 0, 0, path, 0, 1, 1, -1, tree);
            for (int i = 0; i < phi.Length; i++)
            {
                phi[i] += _scale * tree[i];
            }

            int leaf = 0;
            while (_trees[t][leaf].Feature >= 0)
            {
                leaf = Hot(_trees[t][leaf], row);
            }

            output += _scale * _trees[t][leaf].Value;
        }

        return new Attribution(phi, output, ExpectedValue) { FeatureNames = _names };
    }

    /// <summary>The child a row follows at <paramref name="node"/>: left at or below the threshold, a NaN by the missing-value branch.</summary>
    private static int Hot(TreeNode node, ReadOnlySpan<float> row)
    {
        float value = row[node.Feature];
        return value <= node.Threshold ? node.Left : float.IsNaN(value) ? (node.MissingLeft ? node.Left : node.Right) : node.Right;
    }

    /// <summary>A child's share of its parent's background rows; an empty parent shares evenly (no row says otherwise).</summary>
    private double Share(int tree, int parent, int child) => _covers[tree][parent] > 0 ? _covers[tree][child] / _covers[tree][parent] : 0.5;

    private double Expectation(int tree, int node)
    {
        TreeNode n = _trees[tree][node];
        return n.Feature < 0 ? n.Value : Share(tree, node, n.Left) * Expectation(tree, n.Left) + Share(tree, node, n.Right) * Expectation(tree, n.Right);
    }

    private static int MaxDepth(TreeNode[] tree, int node) =>
        tree[node].Feature < 0 ? 0 : 1 + Math.Max(MaxDepth(tree, tree[node].Left), MaxDepth(tree, tree[node].Right));

    /// <summary>One feature on the path: the fractions of the paths where it is absent (zero) and present (one), and the path weight.</summary>
    private struct Element
    {
        public int Feature;
        public double Zero;
        public double One;
        public double Weight;
    }

    /// <summary>shap's <c>tree_shap_recursive</c>: the path so far lives at <paramref name="parent"/>, this node's copy right after it.</summary>
    private void Recurse(int tree, ReadOnlySpan<float> row, int node, int depth, Element[] path, int parent, double zero, double one, int feature, double[] phi)
    {
        int at = parent + depth + 1;
        Array.Copy(path, parent, path, at, depth + 1);
        Extend(path, at, depth, zero, one, feature);
        TreeNode n = _trees[tree][node];
        if (n.Feature < 0)
        {
            for (int i = 1; i <= depth; i++)
            {
                double w = UnwoundSum(path, at, depth, i);
                phi[path[at + i].Feature] += w * (path[at + i].One - path[at + i].Zero) * n.Value;
            }

            return;
        }

        int hot = Hot(n, row), cold = hot == n.Left ? n.Right : n.Left;
        double incomingZero = 1, incomingOne = 1;
        int index = 0;
        while (index <= depth && path[at + index].Feature != n.Feature)
        {
            index++;
        }

        if (index <= depth)
        {
            (incomingZero, incomingOne) = (path[at + index].Zero, path[at + index].One);
            Unwind(path, at, depth, index);
            depth--;
        }

        Recurse(tree, row, hot, depth + 1, path, at, Share(tree, node, hot) * incomingZero, incomingOne, n.Feature, phi);
        Recurse(tree, row, cold, depth + 1, path, at, Share(tree, node, cold) * incomingZero, 0, n.Feature, phi);
    }

    private static void Extend(Element[] path, int at, int depth, double zero, double one, int feature)
    {
        path[at + depth] = new Element { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1 : 0 };
        for (int i = depth - 1; i >= 0; i--)
        {
            path[at + i + 1].Weight += one * path[at + i].Weight * (i + 1) / (depth + 1);
            path[at + i].Weight = zero * path[at + i].Weight * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(Element[] path, int at, int depth, int index)
    {
        double one = path[at + index].One, zero = path[at + index].Zero, next = path[at + depth].Weight;
        for (int i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                double kept = path[at + i].Weight;
                path[at + i].Weight = next * (depth + 1) / ((i + 1) * one);
                next = kept - path[at + i].Weight * zero * (depth - i) / (depth + 1);
            }
            else
            {
                path[at + i].Weight = path[at + i].Weight * (depth + 1) / (zero * (depth - i));
            }
        }

        for (int i = index; i < depth; i++)
        {
            (path[at + i].Feature, path[at + i].Zero, path[at + i].One) = (path[at + i + 1].Feature, path[at + i + 1].Zero, path[at + i + 1].One);
        }
    }

    private static double UnwoundSum(Element[] path, int at, int depth, int index)
    {
        double one = path[at + index].One, zero = path[at + index].Zero, next = path[at + depth].Weight, total = 0;
        if (one != 0)
        {
            for (int i = depth - 1; i >= 0; i--)
            {
                double share = next / ((i + 1) * one);
                total += share;
                next = path[at + i].Weight - share * zero * (depth - i);
            }
        }
        else
        {
            for (int i = depth - 1; i >= 0; i--)
            {
                total += path[at + i].Weight / (zero * (depth - i));
            }
        }

        return total * (depth + 1);
    }
}
