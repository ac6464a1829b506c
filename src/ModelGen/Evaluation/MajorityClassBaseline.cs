using System;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Data;

namespace ModelGen.Evaluation;

/// <summary>
/// The classifier that ignores the features: it predicts the training majority class for every sample and scores each
/// with the training positive rate (scikit-learn's <c>DummyClassifier(strategy="prior")</c>). On imbalanced data it
/// reaches the majority share in accuracy with zero recall — the yardstick every model must beat.
/// </summary>
public sealed class MajorityClassBaseline
{
    private MajorityClassBaseline(float positiveRate) => PositiveRate = positiveRate;

    /// <summary>The fraction of positives in the training data, the score of every sample.</summary>
    public float PositiveRate { get; }

    /// <summary>Learns the class prior of <paramref name="training"/>.</summary>
    public static MajorityClassBaseline Fit(Dataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return new MajorityClassBaseline((float)training.PositiveCount / training.Count);
    }

    /// <summary>Its report on <paramref name="data"/> at threshold 0.5: all negative when positives are the minority (all positive from a rate of exactly 0.5 up).</summary>
    public BinaryReport Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var scores = new float[data.Count];
        Array.Fill(scores, PositiveRate);

        return BinaryReport.Create(scores, data.Labels, 0.5f, probabilities: true, data.NegativeClass, data.PositiveClass);
    }
}

/// <summary>Several reports side by side, one column per classifier, one row per metric.</summary>
public static class ReportComparison
{
    /// <summary>A table of accuracy, precision, recall, specificity, F1, balanced accuracy, MCC, ROC-AUC, average precision and the Brier score.</summary>
    public static string Table(params (string Name, BinaryReport Report)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var rows = new (string Metric, Func<BinaryReport, double> Value)[]
        {
            ("accuracy", r => r.Accuracy), ("precision", r => r.Precision), ("recall", r => r.Recall),
            ("specificity", r => r.Specificity), ("F1", r => r.F1), ("balanced accuracy", r => r.BalancedAccuracy),
            ("MCC", r => r.MatthewsCorrelation), ("ROC-AUC", r => r.RocAuc), ("average precision", r => r.AveragePrecision),
            ("Brier score", r => r.BrierScore), ("threshold", r => r.Threshold),
        };
        int width = Math.Max(10, columns.Max(c => c.Name.Length));
        var text = new StringBuilder(new string(' ', 18));
        foreach (var column in columns)
        {
            text.Append("  ").Append(column.Name.PadLeft(width));
        }

        text.Append('\n');
        foreach (var row in rows)
        {
            text.Append(row.Metric.PadRight(18));
            foreach (var column in columns)
            {
                double value = row.Value(column.Report);
                text.Append("  ").Append((double.IsNaN(value) ? "n/a" : value.ToString("F4", CultureInfo.InvariantCulture)).PadLeft(width));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
