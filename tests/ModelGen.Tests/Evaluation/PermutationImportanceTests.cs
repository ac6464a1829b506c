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
