using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelGen.Evaluation;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Evaluation;

/// <summary>
/// Every metric against scikit-learn on stored cases: tied scores, perfect and reversed rankings, all scores tied,
/// no positive prediction, one class only and saturated probabilities. The values and the script that produced
/// them (<c>Reference/make_metric_references.py</c>, Debian's python3-sklearn) are committed together.
/// </summary>
public sealed class MetricReferenceTests
{
    private static readonly JsonElement[] s_cases = ReferenceCases.Load("Evaluation", "Reference", "metric_references.json");

    public static IEnumerable<object[]> Cases() => s_cases.Select(c => new object[] { c.GetProperty("name").GetString()! });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn(string name)
    {
        JsonElement c = s_cases.Single(x => x.GetProperty("name").GetString() == name);
        float[] scores = c.GetProperty("scores").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        float[] labels = c.GetProperty("labels").EnumerateArray().Select(v => (float)v.GetInt32()).ToArray();
        float threshold = c.GetProperty("threshold").GetSingle();

        BinaryReport report = BinaryReport.Create(scores, labels, threshold, probabilities: true);

        JsonElement confusion = c.GetProperty("confusion");
        Assert.Equal(
            new ConfusionMatrix(confusion.GetProperty("tp").GetInt32(), confusion.GetProperty("fp").GetInt32(), confusion.GetProperty("tn").GetInt32(), confusion.GetProperty("fn").GetInt32()),
            report.Matrix);
        Close(c, "accuracy", report.Accuracy);
        Close(c, "precision", report.Precision);
        Close(c, "recall", report.Recall);
        Close(c, "specificity", report.Specificity);
        Close(c, "f1", report.F1);
        Close(c, "f2", report.Matrix.FBeta(2));
        Close(c, "f05", report.Matrix.FBeta(0.5));
        Close(c, "mcc", report.MatthewsCorrelation);
        Close(c, "brier", report.BrierScore);
        Close(c, "log_loss", report.LogLoss, tolerance: 1e-6);
        Optional(c, "roc_auc", report.RocAuc, () => Metrics.RocAuc(scores, labels));
        Optional(c, "average_precision", report.AveragePrecision, () => Metrics.AveragePrecision(scores, labels));
        if (c.TryGetProperty("balanced_accuracy", out _))
        {
            Close(c, "balanced_accuracy", report.BalancedAccuracy);
            double[] fpr = c.GetProperty("roc_fpr").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double[] tpr = c.GetProperty("roc_tpr").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            IReadOnlyList<CurvePoint> curve = new RankedScores(scores, labels).RocCurve();
            Assert.Equal(fpr.Length, curve.Count);
            for (int i = 0; i < fpr.Length; i++)
            {
                Assert.Equal(fpr[i], curve[i].X, 12);
                Assert.Equal(tpr[i], curve[i].Y, 12);
            }

            // scikit-learn 1.2 prints the supports as floats ("3.0") when every score in its report is 0; they are counts.
            string expected = Regex.Replace(c.GetProperty("report").GetString()!, @"(\d+)\.0\n", "  $1\n");
            Assert.Equal(expected, report.ClassificationReport());
        }
    }

    private static void Close(JsonElement c, string metric, double actual, double tolerance = 1e-9) =>
        Assert.True(Math.Abs(c.GetProperty(metric).GetDouble() - actual) <= tolerance,
            $"{metric}: scikit-learn {c.GetProperty(metric).GetDouble():R}, ModelGen {actual:R}");

    private static void Optional(JsonElement c, string metric, double reported, Func<double> direct)
    {
        if (c.GetProperty(metric).ValueKind == JsonValueKind.Null)
        {
            // scikit-learn refuses too: the report says NaN, the direct call explains why.
            Assert.True(double.IsNaN(reported), $"{metric} should be undefined");
            var error = Assert.Throws<InvalidOperationException>(() => direct());
            Assert.Contains("undefined", error.Message);
            return;
        }

        Close(c, metric, reported);
    }
}
