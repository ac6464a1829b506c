using System;
using System.Linq;
using System.IO;
using BreastCancer;
using Xunit;

namespace ModelGen.Tests.Samples;

/// <summary>The BreastCancer sample, run exactly as its program runs it, reaches the quality the README promises.</summary>
public sealed class BreastCancerSampleTests
{
    [Fact]
    public void Sample_reaches_the_stated_quality_on_its_shipped_data()
    {
        string csv = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
        BreastCancerExperiment.Result result = BreastCancerExperiment.Run(csv);

        Assert.Equal(113, result.Test.Matrix.Total);
        Assert.True(result.Test.RocAuc >= 0.98, $"ROC-AUC {result.Test.RocAuc}");
        Assert.True(result.Test.Accuracy >= 0.95, $"accuracy {result.Test.Accuracy}");
        Assert.Equal(new[] { "CancerBoost", "CancerForest", "CancerNet" }, result.Comparison.Trials.Select(t => t.Model).Order());
        Assert.All(result.Comparison.Trials, t => Assert.True(t.Result.Mean >= 0.97, $"{t.Model}: {t.Result}"));
    }
}
