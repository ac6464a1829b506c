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
    /// <summary>A table of every <see cref="BinaryReport.NamedValues"/> row, one column per classifier.</summary>
    public static string Table(params (string Name, BinaryReport Report)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int width = Math.Max(10, columns.Max(c => c.Name.Length));
        var text = new StringBuilder(new string(' ', 18));
        foreach (var column in columns)
        {
            text.Append("  ").Append(column.Name.PadLeft(width));
        }

        text.Append('\n');
        var values = columns.Select(c => c.Report.NamedValues()).ToArray();
        for (int row = 0; row < values[0].Count; row++)
        {
            text.Append(values[0][row].Name.PadRight(18));
            foreach (var column in values)
            {
                double value = column[row].Value;
                text.Append("  ").Append((double.IsNaN(value) ? "n/a" : value.ToString("F4", CultureInfo.InvariantCulture)).PadLeft(width));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
