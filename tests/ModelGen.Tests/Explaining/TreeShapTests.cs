using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Explaining;
using ModelGen.Training;
using ModelGen.Trees;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Explaining;

/// <summary>
/// TreeSHAP against Shapley values computed from their definition: every subset S of six features, the path-dependent
/// conditional expectation f_S(x) (splits on features in S follow x, the others average their branches by the background's
/// shares), weighted by |S|!(M − |S| − 1)!/M!; and local accuracy on breast cancer's 30 features.
/// </summary>
public sealed class TreeShapTests(ITestOutputHelper output)
{
    private static Dataset Cancer() => Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");

    private static Dataset FirstColumns(Dataset data, int count)
    {
        var features = new float[data.Count * count];
        for (int n = 0; n < data.Count; n++)
        {
            data.Row(n)[..count].CopyTo(features.AsSpan(n * count));
        }

        return new Dataset(features, data.Labels.ToArray(), data.FeatureNames.Take(count).ToArray());
    }

    [Theory]
    [InlineData(TreeAlgorithm.RandomForest)]
    [InlineData(TreeAlgorithm.GradientBoostedTrees)]
    public void The_attributions_are_the_shapley_values_of_the_path_dependent_expectation(TreeAlgorithm algorithm)
    {
        Dataset data = FirstColumns(Cancer(), 6);
        var model = new TreeModel(6, new TreeOptions { Algorithm = algorithm, Trees = 5, MaxDepth = 4, MaxFeatures = FeatureSampling.All }, seed: 2);
        model.Fit(data, new FitOptions());
        TreeShap shap = TreeShap.Create(model, data);
        TreeNode[][] trees = Enumerable.Range(0, model.Ensemble.TreeCount).Select(t => model.Ensemble.Nodes(t).ToArray()).ToArray();
        double[][] covers = trees.Select(tree => Covers(tree, data)).ToArray();
        bool boosting = algorithm == TreeAlgorithm.GradientBoostedTrees;
        double Value(int mask, ReadOnlySpan<float> x)
        {
            double sum = 0;
            for (int t = 0; t < trees.Length; t++)
            {
                sum += Conditional(trees[t], covers[t], 0, mask, x);
            }

            return boosting ? model.Ensemble.BaseScore + sum : sum / trees.Length;
        }

        double worst = 0;
        foreach (int r in new[] { 0, 7, 100, 300 })
        {
            float[] x = data.Row(r).ToArray();
            Attribution attribution = shap.Explain(x);
            for (int i = 0; i < 6; i++)
            {
                double exact = 0;
                for (int mask = 0; mask < 64; mask++)
                {
                    if ((mask & (1 << i)) != 0)
                    {
                        continue;
                    }

                    int size = System.Numerics.BitOperations.PopCount((uint)mask);
                    double weight = Factorial(size) * Factorial(6 - size - 1) / Factorial(6);
                    exact += weight * (Value(mask | (1 << i), x) - Value(mask, x));
                }

                worst = Math.Max(worst, Math.Abs(exact - attribution.Values[i]));
            }

            Assert.Equal(Value(63, x), attribution.Logit, 1e-9);
            Assert.Equal(Value(0, x), attribution.BaselineLogit, 1e-9);
            Assert.Equal(0, attribution.CompletenessGap, 1e-9);
        }

        output.WriteLine($"{algorithm}: largest difference from the Shapley definition {worst:E2}");
        Assert.True(worst < 1e-9, $"TreeSHAP differs from the Shapley values by {worst}");
    }

    [Fact]
    public void On_thirty_features_the_attributions_add_up_to_the_margin()
    {
        Dataset data = Cancer();
        var model = new TreeModel(30, new TreeOptions { Algorithm = TreeAlgorithm.GradientBoostedTrees, Trees = 50, MaxDepth = 6 }, seed: 1);
        model.Fit(data, new FitOptions());
        TreeShap shap = TreeShap.Create(model, data);
        for (int r = 0; r < data.Count; r += 57)
        {
            Attribution attribution = shap.Explain(data.Row(r));
            double margin = Math.Log(model.Predict(data.Row(r)) / (1 - model.Predict(data.Row(r))));
            Assert.Equal(margin, attribution.Logit, 1e-4);
            Assert.Equal(0, attribution.CompletenessGap, 1e-9);
        }

        Assert.Contains("trained trees", Assert.Throws<ArgumentException>(() => TreeShap.Create(new TreeModel(30, new TreeOptions { Algorithm = TreeAlgorithm.RandomForest }), data)).Message);
    }

    private static double Conditional(TreeNode[] tree, double[] covers, int node, int mask, ReadOnlySpan<float> x)
    {
        TreeNode n = tree[node];
        if (n.Feature < 0)
        {
            return n.Value;
        }

        if ((mask & (1 << n.Feature)) != 0)
        {
            float v = x[n.Feature];
            int next = v <= n.Threshold ? n.Left : float.IsNaN(v) ? (n.MissingLeft ? n.Left : n.Right) : n.Right;
            return Conditional(tree, covers, next, mask, x);
        }

        double left = covers[node] > 0 ? covers[n.Left] / covers[node] : 0.5;
        double right = covers[node] > 0 ? covers[n.Right] / covers[node] : 0.5;
        return left * Conditional(tree, covers, n.Left, mask, x) + right * Conditional(tree, covers, n.Right, mask, x);
    }

    private static double[] Covers(TreeNode[] tree, Dataset data)
    {
        var covers = new double[tree.Length];
        for (int r = 0; r < data.Count; r++)
        {
            int node = 0;
            covers[0]++;
            while (tree[node].Feature >= 0)
            {
                float v = data.Row(r)[tree[node].Feature];
                node = v <= tree[node].Threshold ? tree[node].Left : float.IsNaN(v) ? (tree[node].MissingLeft ? tree[node].Left : tree[node].Right) : tree[node].Right;
                covers[node]++;
            }
        }

        return covers;
    }

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
