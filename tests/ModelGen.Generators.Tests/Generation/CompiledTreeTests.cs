using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ModelGen.Data;
using ModelGen.Generators.Tests.Infrastructure;
using ModelGen.Persistence;
using ModelGen.Training;
using ModelGen.Trees;
using Xunit;

namespace ModelGen.Generators.Tests.Generation;

/// <summary>
/// Tree files compiled into code: small trees as branches, large ones as walks over constant arrays, both scoring bit for
/// bit as the runtime's arrays; a file of another model or a damaged one is an MG diagnostic and no generator crash.
/// </summary>
public sealed class CompiledTreeTests
{
    private const string Declaration = """
        using ModelGen;
        namespace Compiled;
        [Model(Trees = "trees.mgtt")]
        [Input(6)]
        [DecisionTree(MaxBins = 255)]
        public partial class Deep { }
        [Model(Trees = "boost.mgtt")]
        [Input(6)]
        [GradientBoostedTrees(Trees = 20, MaxDepth = 4)]
        public partial class Shallow { }
        """;

    /// <summary>Noisy labels on random features: an unlimited tree grows hundreds of nodes, past the branch limit.</summary>
    private static Dataset Noise(int rows, int seed)
    {
        var random = new Random(seed);
        float[] features = Enumerable.Range(0, rows * 6).Select(i => i % 11 == 0 ? float.NaN : (float)random.NextDouble()).ToArray();
        float[] labels = Enumerable.Range(0, rows).Select(i => features[i * 6 + 1] + random.NextDouble() * 0.8 > 0.9 ? 1f : 0f).ToArray();
        return new Dataset(features, labels, Enumerable.Range(0, 6).Select(i => $"x{i}").ToArray(), allowMissing: true);
    }

    private static string Saved(TreeModel model)
    {
        string path = System.IO.Path.GetTempFileName();
        TreeModelFile.Save(model, path);
        string text = System.IO.File.ReadAllText(path);
        System.IO.File.Delete(path);
        return text;
    }

    [Fact]
    public void Branches_and_walks_score_bit_for_bit_as_the_arrays()
    {
        Dataset data = Noise(3000, seed: 1);
        var deep = new TreeModel(6, new TreeOptions { Algorithm = TreeAlgorithm.DecisionTree, MaxBins = 255 });
        deep.Fit(data, new FitOptions());
        var shallow = new TreeModel(6, new TreeOptions { Algorithm = TreeAlgorithm.GradientBoostedTrees, Trees = 20, MaxDepth = 4, MinChildWeight = 1 });
        shallow.Fit(data, new FitOptions());
        Assert.True(deep.Ensemble.NodeCount > 255, $"the deep tree has only {deep.Ensemble.NodeCount} nodes");

        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { Declaration }, new AdditionalText[]
        {
            new InMemoryAdditionalText("/p/trees.mgtt", Saved(deep)),
            new InMemoryAdditionalText("/p/boost.mgtt", Saved(shallow)),
        });
        Assert.Contains("Walk(ref x,", outcome.Source("Compiled.Deep.g.cs"));
        Assert.DoesNotContain("Walk(ref x,", outcome.Source("Compiled.Shallow.g.cs"));
        Assembly assembly = GeneratorHarness.Load(outcome);

        foreach ((string name, TreeModel reference) in new[] { ("Deep", deep), ("Shallow", shallow) })
        {
            var compiled = (TreeModel)assembly.GetType("Compiled." + name)!.GetMethod("CreateTrained")!.Invoke(null, null)!;
            Assert.True(compiled.PredictsCompiled);
            Dataset test = Noise(500, seed: 2);
            for (int n = 0; n < test.Count; n++)
            {
                ReadOnlySpan<float> row = test.Features.Slice(n * 6, 6);
                Assert.Equal(BitConverter.SingleToInt32Bits(reference.Predict(row)), BitConverter.SingleToInt32Bits(compiled.Predict(row)));
            }
        }
    }

    [Fact]
    public void Trees_of_another_model_or_a_damaged_file_cost_only_the_baked_members()
    {
        Dataset data = Noise(400, seed: 3);
        var forest = new TreeModel(6, new TreeOptions { Algorithm = TreeAlgorithm.RandomForest, Trees = 5 });
        forest.Fit(data, new FitOptions());
        string other = Saved(forest);
        foreach (string text in new[] { other, other[..(other.Length / 2)], "not a tree file" })
        {
            GeneratorOutcome outcome = GeneratorHarness.Run(new[] { Declaration }, new AdditionalText[]
            {
                new InMemoryAdditionalText("/p/trees.mgtt", text),
                new InMemoryAdditionalText("/p/boost.mgtt", text),
            });
            Assert.Empty(outcome.GeneratorDiagnostics);
            Assert.Empty(outcome.CompilationErrors);
            Assert.DoesNotContain("CreateTrained", outcome.Source("Compiled.Deep.g.cs"));
        }
    }
}
