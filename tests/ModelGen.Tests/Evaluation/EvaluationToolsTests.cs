using System;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Evaluation;

public sealed class EvaluationToolsTests
{
    [Fact]
    public void Majority_baseline_reaches_the_majority_share_with_no_recall()
    {
        Dataset data = Imbalanced(400, seed: 3);
        BinaryReport baseline = MajorityClassBaseline.Fit(data).Evaluate(data);

        double majority = 1 - (double)data.PositiveCount / data.Count;
        Assert.Equal(majority, baseline.Accuracy, 12);
        Assert.Equal(0, baseline.Recall);
        Assert.Equal(0.5, baseline.RocAuc);
        Assert.Equal(0.5, baseline.BalancedAccuracy);
        string table = ReportComparison.Table(("model", baseline), ("never positive", baseline));
        Assert.Contains("never positive", table);
        Assert.Contains("recall", table);
    }

    [Fact]
    public void A_tuned_threshold_predicts_exactly_the_decisions_it_was_evaluated_with()
    {
        Dataset data = Imbalanced(300, seed: 4);
        var model = new Mlp30(seed: 2);
        model.Fit(data, new FitOptions { Epochs = 5 });
        float threshold = ThresholdTuning.ForRecall(new RankedScores(Evaluator.Scores(model, data), data.Labels), 0.95);

        BinaryReport report = model.Evaluate(data, threshold);
        int predictedPositive = 0;
        for (int i = 0; i < data.Count; i++)
        {
            predictedPositive += model.PredictClass(data.Row(i), threshold) ? 1 : 0;
        }

        Assert.Equal(report.Matrix.TruePositives + report.Matrix.FalsePositives, predictedPositive);
        Assert.True(report.Recall >= 0.95);
    }

    [Fact]
    public void Walking_every_threshold_allocates_nothing()
    {
        var random = new ModelGen.Numerics.SeededRandom(1);
        var scores = new float[10_000];
        var labels = new float[10_000];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = (float)Math.Round(random.NextDouble(), 3);
            labels[i] = random.NextInt(2);
        }

        var ranked = new RankedScores(scores, labels);
        ranked.RocAuc();
        long before = GC.GetAllocatedBytesForCurrentThread();
        double auc = ranked.RocAuc();
        double ap = ranked.AveragePrecision();
        ranked.Confusion(0.5f);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.InRange(auc, 0.45, 0.55);
        Assert.InRange(ap, 0.4, 0.6);
    }
}
