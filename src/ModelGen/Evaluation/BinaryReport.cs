using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelGen.Evaluation;

/// <summary>
/// A binary classifier's quality on one dataset: the decisions at <see cref="Threshold"/> (the confusion matrix and
/// its metrics) and the ranking of the scores (ROC-AUC, average precision). Ranking metrics are NaN when the data
/// hold only one class; log loss and the Brier score are NaN when the scores are not probabilities.
/// </summary>
public sealed record BinaryReport(
    ConfusionMatrix Matrix,
    float Threshold,
    double RocAuc,
    double AveragePrecision,
    double LogLoss,
    double BrierScore,
    string NegativeClass = "negative",
    string PositiveClass = "positive")
{
    /// <inheritdoc cref="ConfusionMatrix.Accuracy"/>
    public double Accuracy => Matrix.Accuracy;

    /// <inheritdoc cref="ConfusionMatrix.Precision"/>
    public double Precision => Matrix.Precision;

    /// <inheritdoc cref="ConfusionMatrix.Recall"/>
    public double Recall => Matrix.Recall;

    /// <inheritdoc cref="ConfusionMatrix.Specificity"/>
    public double Specificity => Matrix.Specificity;

    /// <inheritdoc cref="ConfusionMatrix.F1"/>
    public double F1 => Matrix.F1;

    /// <inheritdoc cref="ConfusionMatrix.BalancedAccuracy"/>
    public double BalancedAccuracy => Matrix.BalancedAccuracy;

    /// <inheritdoc cref="ConfusionMatrix.MatthewsCorrelation"/>
    public double MatthewsCorrelation => Matrix.MatthewsCorrelation;

    /// <summary>Scores every metric of <paramref name="scores"/> against <paramref name="labels"/> at <paramref name="threshold"/>.</summary>
    public static BinaryReport Create(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, float threshold, bool probabilities,
        string negativeClass = "negative", string positiveClass = "positive")
    {
        var ranked = new RankedScores(scores, labels);
        bool bothClasses = ranked.Positives > 0 && ranked.Negatives > 0;
        return new BinaryReport(
            ranked.Confusion(threshold),
            threshold,
            bothClasses ? ranked.RocAuc() : double.NaN,
            ranked.Positives > 0 ? ranked.AveragePrecision() : double.NaN,
            probabilities ? Metrics.LogLoss(scores, labels) : double.NaN,
            probabilities ? Metrics.BrierScore(scores, labels) : double.NaN,
            negativeClass,
            positiveClass);
    }

    /// <summary>
    /// The headline values in display order, for tables and reports: threshold, accuracy, precision, recall,
    /// specificity, F1, balanced accuracy, MCC, ROC-AUC, average precision, log loss and Brier score (NaN where undefined).
    /// </summary>
    public IReadOnlyList<(string Name, double Value)> NamedValues() => new[]
    {
        ("threshold", (double)Threshold), ("accuracy", Accuracy), ("precision", Precision), ("recall", Recall),
        ("specificity", Specificity), ("F1", F1), ("balanced accuracy", BalancedAccuracy), ("MCC", MatthewsCorrelation),
        ("ROC-AUC", RocAuc), ("average precision", AveragePrecision), ("log loss", LogLoss), ("Brier score", BrierScore),
    };

    /// <summary>
    /// Per-class precision, recall, F1 and support, then accuracy and the macro and support-weighted averages,
    /// laid out as scikit-learn's <c>classification_report</c>.
    /// </summary>
    public string ClassificationReport(int digits = 2)
    {
        var negative = new ConfusionMatrix(Matrix.TrueNegatives, Matrix.FalseNegatives, Matrix.TruePositives, Matrix.FalsePositives);
        (string Name, double Precision, double Recall, double F1, int Support)[] rows =
        {
            (NegativeClass, negative.Precision, negative.Recall, negative.F1, Matrix.Negatives),
            (PositiveClass, Matrix.Precision, Matrix.Recall, Matrix.F1, Matrix.Positives),
        };
        int total = Matrix.Total;
        int width = Math.Max(Math.Max(NegativeClass.Length, PositiveClass.Length), Math.Max("weighted avg".Length, digits));
        string format = "F" + digits.ToString(CultureInfo.InvariantCulture);
        string Cell(double value) => " " + value.ToString(format, CultureInfo.InvariantCulture).PadLeft(9);
        string Count(int value) => " " + value.ToString(CultureInfo.InvariantCulture).PadLeft(9);
        string Row(string name, double p, double r, double f, int support) => name.PadLeft(width) + " " + Cell(p) + Cell(r) + Cell(f) + Count(support) + "\n";

        var text = new StringBuilder();
        text.Append(new string(' ', width)).Append(' ')
            .Append(" precision".PadLeft(10)).Append(" recall".PadLeft(10)).Append(" f1-score".PadLeft(10)).Append(" support".PadLeft(10)).Append("\n\n");
        foreach (var row in rows)
        {
            text.Append(Row(row.Name, row.Precision, row.Recall, row.F1, row.Support));
        }

        text.Append('\n');
        text.Append("accuracy".PadLeft(width)).Append(' ').Append(new string(' ', 20)).Append(Cell(Accuracy)).Append(Count(total)).Append('\n');
        text.Append(Row("macro avg", (rows[0].Precision + rows[1].Precision) / 2, (rows[0].Recall + rows[1].Recall) / 2, (rows[0].F1 + rows[1].F1) / 2, total));
        double Weighted(Func<(string, double, double, double, int), double> metric) =>
            total == 0 ? 0 : (metric(rows[0]) * rows[0].Support + metric(rows[1]) * rows[1].Support) / total;
        text.Append(Row("weighted avg", Weighted(r => r.Item2), Weighted(r => r.Item3), Weighted(r => r.Item4), total));
        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(string.Create(invariant, $"samples            {Matrix.Total} (threshold {Threshold:G4})"));
        text.AppendLine(string.Create(invariant, $"accuracy           {Accuracy:F4}"));
        text.AppendLine(string.Create(invariant, $"precision          {Precision:F4}"));
        text.AppendLine(string.Create(invariant, $"recall             {Recall:F4}"));
        text.AppendLine(string.Create(invariant, $"specificity        {Specificity:F4}"));
        text.AppendLine(string.Create(invariant, $"F1                 {F1:F4}"));
        text.AppendLine(string.Create(invariant, $"balanced accuracy  {BalancedAccuracy:F4}"));
        text.AppendLine(string.Create(invariant, $"MCC                {MatthewsCorrelation:F4}"));
        text.AppendLine(string.Create(invariant, $"ROC-AUC            {RocAuc:F4}"));
        text.AppendLine(string.Create(invariant, $"average precision  {AveragePrecision:F4}"));
        if (!double.IsNaN(LogLoss))
        {
            text.AppendLine(string.Create(invariant, $"log loss           {LogLoss:F4}"));
            text.AppendLine(string.Create(invariant, $"Brier score        {BrierScore:F4}"));
        }

        text.AppendLine("confusion matrix (rows: actual, columns: predicted)");
        int width = Math.Max(9, Math.Max(NegativeClass.Length, PositiveClass.Length));
        text.AppendLine(new string(' ', width) + " " + NegativeClass.PadLeft(width) + " " + PositiveClass.PadLeft(width));
        text.AppendLine(NegativeClass.PadLeft(width) + " " + Matrix.TrueNegatives.ToString(invariant).PadLeft(width) + " " + Matrix.FalsePositives.ToString(invariant).PadLeft(width));
        text.AppendLine(PositiveClass.PadLeft(width) + " " + Matrix.FalseNegatives.ToString(invariant).PadLeft(width) + " " + Matrix.TruePositives.ToString(invariant).PadLeft(width));
        text.AppendLine();
        text.Append(ClassificationReport());
        return text.ToString();
    }
}
