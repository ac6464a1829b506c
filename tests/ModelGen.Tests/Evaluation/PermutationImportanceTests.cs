using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Selection;
using ModelGen.Training;
using ModelGen.Trees;
using Xunit;

namespace ModelGen.Tests.Evaluation;

/// <summary>Permutation importance by its definition: the score's drop when one column is shuffled, for any model.</summary>
public sealed class PermutationImportanceTests
{
    [Fact]
    public void A_stump_depends_on_its_one_feature_only()
    {
        Dataset data = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        var stump = new TreeModel(30, new TreeOptions { Algorithm = TreeAlgorithm.DecisionTree, MaxDepth = 1 });
        stump.Fit(data, new FitOptions());
        int used = stump.Ensemble.Nodes(0).First().Feature;

        var importances = PermutationImportance.Compute(stump, data, Scoring.RocAuc, repeats: 3, seed: 1);

        Assert.Equal(used, importances[0].Feature);
        Assert.Equal(data.FeatureNames[used], importances[0].Name);
        Assert.True(importances[0].Mean > 0.2, $"{importances[0]}");
        Assert.All(importances.Skip(1), i => Assert.Equal(0, i.Mean));     // a column the model never reads changes nothing
        Assert.Equal(importances.Select(i => i.Mean), PermutationImportance.Compute(stump, data, Scoring.RocAuc, repeats: 3, seed: 1).Select(i => i.Mean));
        Assert.Contains(data.FeatureNames[used], PermutationImportance.ToTable(importances));
    }
}

/// <summary>
/// Permutation importance against scikit-learn 1.2's <c>permutation_importance</c> (Reference/make_permutation_references.py):
/// the same logistic regression on four breast-cancer columns, ROC-AUC, 300 repeats each side. Shuffles are random on
/// both sides, so each mean must agree within four standard errors of the two estimates.
/// </summary>
public sealed class PermutationImportanceReferenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void The_mean_drops_are_scikit_learns()
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(ModelGen.Tests.Infrastructure.ReferenceCases.File("Evaluation", "Reference", "permutation_references.json")));
        var root = document.RootElement;
        string[] columns = root.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        double[] mean = ModelGen.Tests.Infrastructure.ReferenceCases.Doubles(root, "scalerMean"), scale = ModelGen.Tests.Infrastructure.ReferenceCases.Doubles(root, "scalerScale");
        Dataset all = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        int[] at = columns.Select(c => all.FeatureNames.ToList().IndexOf(c)).ToArray();
        var features = new float[all.Count * 4];
        for (int n = 0; n < all.Count; n++)
        {
            for (int c = 0; c < 4; c++)
            {
                features[n * 4 + c] = (float)((all.Row(n)[at[c]] - mean[c]) / scale[c]);
            }
        }

        var data = new Dataset(features, all.Labels.ToArray(), columns);
        var model = new ModelGen.Tests.Models.NewtonUnregularized();
        double[] weights = ModelGen.Tests.Infrastructure.ReferenceCases.Doubles(root, "weights");
        for (int c = 0; c < 4; c++)
        {
            model.Parameters[c] = (float)weights[c];
        }

        model.Parameters[4] = (float)root.GetProperty("bias").GetDouble();
        int repeats = root.GetProperty("repeats").GetInt32();
        var importances = PermutationImportance.Compute(model, data, Scoring.RocAuc, repeats, seed: 2).OrderBy(i => i.Feature).ToArray();
        double[] expected = ModelGen.Tests.Infrastructure.ReferenceCases.Doubles(root, "mean"), spread = ModelGen.Tests.Infrastructure.ReferenceCases.Doubles(root, "std");
        for (int c = 0; c < 4; c++)
        {
            double standardError = Math.Sqrt((spread[c] * spread[c] + importances[c].StandardDeviation * importances[c].StandardDeviation) / repeats);
            output.WriteLine($"{columns[c]}: {importances[c].Mean:F5} ± {importances[c].StandardDeviation:F5} (scikit-learn {expected[c]:F5} ± {spread[c]:F5}), {Math.Abs(importances[c].Mean - expected[c]) / standardError:F1} standard errors apart");
            Assert.True(Math.Abs(importances[c].Mean - expected[c]) <= 4 * standardError, $"{columns[c]}: {importances[c].Mean} against scikit-learn's {expected[c]}");
            Assert.Equal(spread[c], importances[c].StandardDeviation, 0.3 * spread[c]);
        }

        Assert.Equal("worst_area", importances.MaxBy(i => i.Mean)!.Name);
    }
}
