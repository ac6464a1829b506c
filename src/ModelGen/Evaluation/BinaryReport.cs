using System.Globalization;
using System.Text;

namespace ModelGen.Evaluation;

/// <summary>
/// A binary classifier's quality on one dataset. Precision, recall and F1 are 0 where their denominator is
/// (scikit-learn's <c>zero_division=0</c>); ROC-AUC is NaN when the data hold only one class.
/// </summary>
public sealed record BinaryReport(ConfusionMatrix Matrix, float Threshold, double RocAuc)
{
    /// <summary>The share of correct decisions.</summary>
    public double Accuracy => (double)(Matrix.TruePositives + Matrix.TrueNegatives) / Matrix.Total;

    /// <summary>Of the samples called positive, the share that are.</summary>
    public double Precision => Ratio(Matrix.TruePositives, Matrix.TruePositives + Matrix.FalsePositives);

    /// <summary>Of the positive samples, the share called positive (sensitivity).</summary>
    public double Recall => Ratio(Matrix.TruePositives, Matrix.TruePositives + Matrix.FalseNegatives);

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => Ratio(2 * Matrix.TruePositives, 2 * Matrix.TruePositives + Matrix.FalsePositives + Matrix.FalseNegatives);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        CultureInfo invariant = CultureInfo.InvariantCulture;
        text.AppendLine(string.Create(invariant, $"samples   {Matrix.Total} (threshold {Threshold:G4})"));
        text.AppendLine(string.Create(invariant, $"accuracy  {Accuracy:F4}"));
        text.AppendLine(string.Create(invariant, $"precision {Precision:F4}"));
        text.AppendLine(string.Create(invariant, $"recall    {Recall:F4}"));
        text.AppendLine(string.Create(invariant, $"F1        {F1:F4}"));
        text.AppendLine(string.Create(invariant, $"ROC-AUC   {RocAuc:F4}"));
        text.AppendLine("confusion matrix (rows: actual, columns: predicted)");
        text.AppendLine("            negative  positive");
        text.AppendLine(string.Create(invariant, $"negative  {Matrix.TrueNegatives,9} {Matrix.FalsePositives,9}"));
        text.Append(string.Create(invariant, $"positive  {Matrix.FalseNegatives,9} {Matrix.TruePositives,9}"));
        return text.ToString();
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
