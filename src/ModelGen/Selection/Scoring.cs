using System;
using ModelGen.Evaluation;

namespace ModelGen.Selection;

/// <summary>
/// A named score of one evaluation, higher is better (scikit-learn's <c>scoring</c> strings: losses are negated,
/// as <c>neg_log_loss</c>). Use a predefined one or build your own from any <see cref="BinaryReport"/> value.
/// </summary>
/// <param name="Name">The name shown in tables, as scikit-learn spells it.</param>
/// <param name="Score">Reads the score from a report.</param>
public sealed record Scoring(string Name, Func<BinaryReport, double> Score)
{
    /// <summary><c>accuracy</c>.</summary>
    public static Scoring Accuracy { get; } = new("accuracy", r => r.Accuracy);

    /// <summary><c>precision</c>.</summary>
    public static Scoring Precision { get; } = new("precision", r => r.Precision);

    /// <summary><c>recall</c>.</summary>
    public static Scoring Recall { get; } = new("recall", r => r.Recall);

    /// <summary><c>f1</c>.</summary>
    public static Scoring F1 { get; } = new("f1", r => r.F1);

    /// <summary><c>balanced_accuracy</c>.</summary>
    public static Scoring BalancedAccuracy { get; } = new("balanced_accuracy", r => r.BalancedAccuracy);

    /// <summary><c>matthews_corrcoef</c>.</summary>
    public static Scoring MatthewsCorrelation { get; } = new("matthews_corrcoef", r => r.MatthewsCorrelation);

    /// <summary><c>roc_auc</c>.</summary>
    public static Scoring RocAuc { get; } = new("roc_auc", r => r.RocAuc);

    /// <summary><c>average_precision</c>.</summary>
    public static Scoring AveragePrecision { get; } = new("average_precision", r => r.AveragePrecision);

    /// <summary><c>neg_log_loss</c> (probability outputs only).</summary>
    public static Scoring NegativeLogLoss { get; } = new("neg_log_loss", r => -r.LogLoss);

    /// <summary><c>neg_brier_score</c> (probability outputs only).</summary>
    public static Scoring NegativeBrierScore { get; } = new("neg_brier_score", r => -r.BrierScore);
}
