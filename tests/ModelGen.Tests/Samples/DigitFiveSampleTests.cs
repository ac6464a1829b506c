using System;
using System.IO;
using System.Linq;
using DigitFive;
using Xunit;

namespace ModelGen.Tests.Samples;

/// <summary>The DigitFive sample, run exactly as its program runs it, shows what its README says it shows.</summary>
public sealed class DigitFiveSampleTests
{
    private static readonly Lazy<(DigitFiveExperiment.Result Result, string Log)> s_run = new(() =>
    {
        var log = new StringWriter();
        DigitFiveExperiment.Result result = DigitFiveExperiment.Run(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv"), log);
        return (result, log.ToString());
    });

    [Fact]
    public void Accuracy_alone_flatters_the_never_5_baseline()
    {
        DigitFiveExperiment.Result result = s_run.Value.Result;
        Assert.InRange(result.BaselineAccuracy.Mean, 0.89, 0.91);
        Assert.Equal(0, result.Baseline.Recall);
        Assert.True(result.ModelAccuracy.Mean > 0.97, result.ModelAccuracy.ToString());
        Assert.True(result.ModelF1.Mean > 0.9, result.ModelF1.ToString());
        Assert.Equal(3, result.ModelAccuracy.Scores.Count);
    }

    [Fact]
    public void Weighting_and_resampling_the_training_folds_raise_recall()
    {
        var recall = s_run.Value.Result.Imbalance.ToDictionary(x => x.Name, x => x.Recall.Mean);
        Assert.True(recall["balanced class weights"] > recall["as is"] + 0.3, string.Join(", ", recall));
        Assert.True(recall["random oversampling"] > recall["as is"] + 0.3, string.Join(", ", recall));
        Assert.True(recall["SMOTE"] > recall["as is"] + 0.3, string.Join(", ", recall));
    }

    [Fact]
    public void The_tuned_model_is_reported_beside_the_baseline_with_its_classification_report()
    {
        (DigitFiveExperiment.Result result, string log) = s_run.Value;
        Assert.True(result.Test.F1 > 0.9, result.Test.ToString());
        Assert.True(result.Test.RocAuc > 0.99, result.Test.ToString());
        Assert.Equal(result.Threshold, result.Test.Threshold);
        Assert.Equal(450, result.Test.Matrix.Total);
        Assert.Equal(7, result.Comparison.Trials.Count);
        Assert.All(result.Comparison.Trials.Where(t => t.Model is "FiveForest" or "FiveBoost" or "FiveSvm" or "FiveLbfgsNet"),
            t => Assert.True(t.Result.Mean > 0.95, $"{t.Model} cross-validated average precision {t.Result}"));
        Assert.True(result.CnnTest.RocAuc > 0.99, result.CnnTest.ToString());
        Assert.Matches(@"FiveCnn's test ROC-AUC 0\.\d{4} (beats|ties|falls short of) FiveNet's 0\.\d{4} by 0\.\d{4}\.", log);
        Assert.Contains("never 5", log);
        Assert.Contains("weighted avg", log);
        Assert.Contains("after calibration", log);
    }
}
