using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Preprocessing;
using ModelGen.Selection;
using ModelGen.Tests.Models;
using Xunit;

namespace ModelGen.Tests.Selection;

/// <summary>
/// The README's cross-validation one-liner gives a sensible score on raw data: each training fold is standardized (or
/// run through the whole tabular pipeline) on its own statistics, and training runs long enough to learn.
/// </summary>
public sealed class OneLinerTests
{
    private static readonly string s_csv = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");

    [Fact]
    public void Cross_validating_unscaled_breast_cancer_data_scores_like_the_sample()
    {
        Dataset data = Dataset.FromCsv(s_csv, label: "diagnosis", positive: "M");

        var scores = CrossValidation.Score(seed => new Mlp30(seed), data, Scoring.RocAuc, folds: 5);

        Assert.Equal(5, scores.Count);
        Assert.All(scores, auc => Assert.True(auc >= 0.95, $"fold ROC-AUCs {string.Join(", ", scores)}"));
    }

    [Fact]
    public void Without_the_default_scaling_the_same_data_scores_far_worse()
    {
        // The check that the default matters: the same one-liner with scaling turned off is what the issue reported.
        Dataset data = Dataset.FromCsv(s_csv, label: "diagnosis", positive: "M");
        var result = CrossValidation.Run(seed => new Mlp30(seed), data, new CrossValidationOptions { Scaler = null, Folds = new StratifiedKFold(5) });
        Assert.True(result.Mean < 0.95, $"unscaled mean ROC-AUC {result.Mean}");
    }

    [Fact]
    public void Raw_tables_fit_the_whole_pipeline_inside_each_training_fold()
    {
        TabularData table = TabularData.FromCsv(s_csv, label: "diagnosis", positive: "M");
        // Gaps in one feature: imputation must be fitted per fold too, or the pipeline would fail on NaN.
        float[] radius = table["mean_radius"].Numbers!;
        for (int i = 0; i < radius.Length; i += 7)
        {
            radius[i] = float.NaN;
        }

        var options = new CrossValidationOptions { Pipeline = new TabularPipeline { NumericImputation = NumericImputation.Median }, Folds = new StratifiedKFold(4, seed: 1) };
        CrossValidationResult result = CrossValidation.Run(seed => new Mlp30(seed), table, options);
        Assert.All(result.Scores, auc => Assert.True(auc >= 0.95, $"fold ROC-AUCs {string.Join(", ", result.Scores)}"));

        SearchResult search = ModelSearch.Compare(new (string, Func<int, IModel>)[] { ("Mlp30", s => new Mlp30(s)) }, table, options);
        Assert.Equal(result.Scores, search.Best.Result.Scores);
    }
}
