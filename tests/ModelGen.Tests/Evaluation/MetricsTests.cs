using System;
using ModelGen.Evaluation;
using Xunit;

namespace ModelGen.Tests.Evaluation;

/// <summary>ROC-AUC and the confusion matrix on cases small enough to count by hand.</summary>
public sealed class MetricsTests
{
    [Fact]
    public void Roc_auc_counts_ordered_pairs()
    {
        // Positives 0.8, 0.4; negatives 0.5, 0.1: pairs (0.8>0.5, 0.8>0.1, 0.4<0.5, 0.4>0.1) → 3 of 4.
        Assert.Equal(0.75, Metrics.RocAuc(new[] { 0.8f, 0.5f, 0.4f, 0.1f }, new[] { 1f, 0f, 1f, 0f }), 12);
    }

    [Fact]
    public void Roc_auc_counts_ties_as_one_half()
    {
        // Positives 0.5, 0.9; negatives 0.5, 0.2, 0.5: (0.5 vs 0.5: ½, ½ twice; 0.5>0.2: 1) + (0.9: 3) = 5 of 6.
        double auc = Metrics.RocAuc(new[] { 0.5f, 0.9f, 0.5f, 0.2f, 0.5f }, new[] { 1f, 1f, 0f, 0f, 0f });
        Assert.Equal(5.0 / 6.0, auc, 12);
    }

    [Fact]
    public void Roc_auc_of_constant_scores_is_one_half_and_of_perfect_order_is_one()
    {
        Assert.Equal(0.5, Metrics.RocAuc(new[] { 0.3f, 0.3f, 0.3f }, new[] { 1f, 0f, 0f }), 12);
        Assert.Equal(1.0, Metrics.RocAuc(new[] { 0.9f, 0.2f, 0.1f }, new[] { 1f, 0f, 0f }), 12);
        Assert.Equal(0.0, Metrics.RocAuc(new[] { 0.1f, 0.2f, 0.9f }, new[] { 1f, 0f, 0f }), 12);
    }

    [Fact]
    public void Roc_auc_with_one_class_is_an_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Metrics.RocAuc(new[] { 0.3f, 0.7f }, new[] { 1f, 1f }));
        Assert.Contains("only one class", error.Message);
    }

    [Fact]
    public void Confusion_matrix_and_derived_metrics()
    {
        float[] scores = { 0.9f, 0.6f, 0.4f, 0.3f, 0.7f, 0.1f };
        float[] labels = { 1f, 1f, 1f, 0f, 0f, 0f };
        ConfusionMatrix m = Metrics.Confusion(scores, labels, 0.5f);
        Assert.Equal(new ConfusionMatrix(TruePositives: 2, FalsePositives: 1, TrueNegatives: 2, FalseNegatives: 1), m);

        var report = BinaryReport.Create(scores, labels, 0.5f, probabilities: true);
        Assert.Equal(m, report.Matrix);
        Assert.Equal(4.0 / 6, report.Accuracy, 12);
        Assert.Equal(2.0 / 3, report.Precision, 12);
        Assert.Equal(2.0 / 3, report.Recall, 12);
        Assert.Equal(2.0 / 3, report.F1, 12);
        Assert.Equal(7.0 / 9, report.RocAuc, 12);
    }

    [Fact]
    public void Precision_without_positive_predictions_is_zero_as_in_scikit_learn()
    {
        var matrix = new ConfusionMatrix(0, 0, 3, 2);
        Assert.Equal(0, matrix.Precision);
        Assert.Equal(0, matrix.F1);
        Assert.Equal(0, matrix.MatthewsCorrelation);
    }

    [Fact]
    public void Thresholds_are_tuned_on_the_ranked_scores()
    {
        // Descending: 0.9(1) 0.8(1) 0.7(0) 0.6(1) 0.4(0) 0.3(1) 0.2(0) 0.1(0).
        var ranked = new RankedScores(new[] { 0.1f, 0.9f, 0.4f, 0.8f, 0.3f, 0.7f, 0.6f, 0.2f }, new[] { 0f, 1f, 0f, 1f, 1f, 0f, 1f, 0f });

        // F1 = 2tp / (2tp + fp + fn): 0.8 → 4/6, 0.6 → 6/8, 0.3 → 8/10 (tp 4, fp 2), the best.
        Assert.Equal(0.3f, ThresholdTuning.MaximizeF1(ranked));
        // J = tpr − fpr: 0.8 → 2/4 − 0, 0.6 → 3/4 − 1/4, 0.3 → 4/4 − 2/4, all 0.5; the highest threshold wins ties.
        Assert.Equal(0.8f, ThresholdTuning.MaximizeYoudenJ(ranked));
        Assert.Equal(0.3f, ThresholdTuning.ForRecall(ranked, 1.0));
        Assert.Equal(0.6f, ThresholdTuning.ForRecall(ranked, 0.75));
        Assert.Equal(0.6f, ThresholdTuning.ForPrecision(ranked, 0.75));
        Assert.Equal(0.8f, ThresholdTuning.ForPrecision(ranked, 1.0));
        Assert.Equal(new ConfusionMatrix(3, 1, 3, 1), ranked.Confusion(0.6f));
    }

    [Fact]
    public void Tuning_without_positives_fails_clearly()
    {
        var ranked = new RankedScores(new[] { 0.1f, 0.2f }, new[] { 0f, 0f });
        var error = Assert.Throws<InvalidOperationException>(() => ThresholdTuning.MaximizeF1(ranked));
        Assert.Contains("positive samples", error.Message);
    }
}
