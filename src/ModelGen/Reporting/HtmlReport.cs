using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using ModelGen.Evaluation;
using ModelGen.Training;

namespace ModelGen.Reporting;

/// <summary>
/// A self-contained HTML page of an evaluation: the metrics table, the confusion matrix, the ROC and precision-recall
/// curves, given a training history the loss per epoch, and given feature importances a bar chart of them — plots as inline SVG, no script, style sheet or image
/// from anywhere else, so the file opens offline and can be attached to a ticket. The markup is well-formed XML
/// (XHTML), so tools and tests can read it back.
/// </summary>
public static class HtmlReport
{
    private const int Width = 360;
    private const int Height = 280;
    private const int Margin = 40;

    /// <summary>The page for <paramref name="report"/> on the scores behind it, with the optional <paramref name="history"/>.</summary>
    /// <param name="title">The page title, such as the model's name.</param>
    /// <param name="report">The evaluation at the chosen threshold.</param>
    /// <param name="ranked">The same scores and labels, for the curves.</param>
    /// <param name="history">The training run, for the loss plot; <see langword="null"/> leaves it out.</param>
    /// <param name="importances">Feature importances (<see cref="PermutationImportance"/>), drawn as bars of the ten largest; <see langword="null"/> leaves them out.</param>
    /// <param name="fairness">Rates per sensitive group and their gaps (<see cref="FairnessReport"/>), as a table; <see langword="null"/> leaves it out.</param>
    /// <param name="drift">New data's drift from training (<see cref="Monitoring.DriftReport"/>), as a table of what moved; <see langword="null"/> leaves it out.</param>
    /// <param name="explanation">One row's attributions (<see cref="Explaining.IntegratedGradients"/>), as a table of the ten largest; <see langword="null"/> leaves it out.</param>
    public static string Create(string title, BinaryReport report, RankedScores ranked, History? history = null, IReadOnlyList<FeatureImportance>? importances = null,
        FairnessReport? fairness = null, Monitoring.DriftReport? drift = null, Explaining.Attribution? explanation = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(ranked);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>")
            .Append(Encode(title)).Append("</title>\n<style>")
            .Append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #bbb;padding:.3em .7em;text-align:right}th{background:#eee}")
            .Append(".plots{display:flex;flex-wrap:wrap;gap:1.5em}svg{background:#fafafa;border:1px solid #ddd}")
            .Append("</style>\n</head>\n<body>\n<h1>").Append(Encode(title)).Append("</h1>\n");

        html.Append("<h2>Metrics</h2>\n<table id=\"metrics\">\n<tr><th>metric</th><th>value</th></tr>\n");
        foreach ((string name, double value) in report.NamedValues())
        {
            html.Append("<tr><td style=\"text-align:left\">").Append(Encode(name)).Append("</td><td>")
                .Append(double.IsNaN(value) ? "n/a" : value.ToString("F4", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<h2>Confusion matrix</h2>\n<table id=\"confusion\">\n<tr><th>actual \\ predicted</th><th>")
            .Append(Encode(report.NegativeClass)).Append("</th><th>").Append(Encode(report.PositiveClass)).Append("</th></tr>\n")
            .Append(string.Create(CultureInfo.InvariantCulture, $"<tr><th>{Encode(report.NegativeClass)}</th><td>{report.Matrix.TrueNegatives}</td><td>{report.Matrix.FalsePositives}</td></tr>\n"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"<tr><th>{Encode(report.PositiveClass)}</th><td>{report.Matrix.FalseNegatives}</td><td>{report.Matrix.TruePositives}</td></tr>\n"))
            .Append("</table>\n");
        if (fairness is not null)
        {
            AppendFairness(html, fairness);
        }

        if (drift is not null)
        {
            AppendDrift(html, drift);
        }

        if (explanation is not null)
        {
            AppendExplanation(html, explanation);
        }

        html.Append("<div class=\"plots\">\n");

        if (ranked.Positives > 0 && ranked.Negatives > 0)
        {
            var roc = ranked.RocCurve().Select(p => (p.X, p.Y)).ToList();
            html.Append(Plot("roc", string.Create(CultureInfo.InvariantCulture, $"ROC curve (AUC {report.RocAuc:F4})"), "false-positive rate", "true-positive rate",
                new[] { ("model", "#1f77b4", roc), ("chance", "#aaa", new List<(double, double)> { (0, 0), (1, 1) }) }, 0, 1));
        }

        if (ranked.Positives > 0)
        {
            var pr = ranked.PrecisionRecallCurve().Select(p => (p.X, p.Y)).Prepend((0.0, 1.0)).ToList();
            html.Append(Plot("pr", string.Create(CultureInfo.InvariantCulture, $"Precision-recall (AP {report.AveragePrecision:F4})"), "recall", "precision",
                new[] { ("model", "#d62728", pr) }, 0, 1));
        }

        if (history is { Epochs.Count: > 0 })
        {
            var series = new List<(string, string, List<(double, double)>)>
            {
                ("training loss", "#1f77b4", history.Epochs.Select(e => ((double)e.Epoch, e.Loss)).ToList()),
            };
            if (history.Epochs.All(e => e.ValidationLoss.HasValue))
            {
                series.Add(("validation loss", "#ff7f0e", history.Epochs.Select(e => ((double)e.Epoch, e.ValidationLoss!.Value)).ToList()));
            }

            double top = series.SelectMany(s => s.Item3).Max(p => p.Item2);
            html.Append(Plot("loss", "Loss per epoch", "epoch", "loss", series, 0, double.IsFinite(top) && top > 0 ? top * 1.05 : 1));
        }

        if (importances is { Count: > 0 })
        {
            html.Append(Bars(importances.OrderByDescending(i => i.Mean).Take(10).ToArray()));
        }

        html.Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendFairness(StringBuilder html, FairnessReport fairness)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("F4", invariant);
        html.Append("<h2>Fairness</h2>\n<table id=\"fairness\">\n<tr><th>group</th><th>n</th><th>selection rate (95% interval)</th><th>TPR (95% interval)</th><th>FPR (95% interval)</th><th>precision</th></tr>\n");
        foreach (GroupRates g in fairness.Groups)
        {
            html.Append("<tr><td style=\"text-align:left\">").Append(Encode(g.Group)).Append("</td>")
                .Append(string.Create(invariant, $"<td>{g.Count}</td><td>{F(g.SelectionRate)} {g.SelectionInterval}</td><td>{F(g.TruePositiveRate)} {g.TruePositiveInterval}</td><td>{F(g.FalsePositiveRate)} {g.FalsePositiveInterval}</td><td>{F(g.Precision)}</td></tr>\n"));
        }

        html.Append("</table>\n<table id=\"fairness-gaps\">\n<tr><th>gap</th><th>value</th></tr>\n");
        foreach ((string name, double value) in new[]
                 {
                     ("demographic parity difference", fairness.DemographicParityDifference), ("demographic parity ratio", fairness.DemographicParityRatio),
                     ("equalized odds difference", fairness.EqualizedOddsDifference), ("equal opportunity difference", fairness.EqualOpportunityDifference),
                 })
        {
            html.Append("<tr><td style=\"text-align:left\">").Append(name).Append("</td><td>").Append(F(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendExplanation(StringBuilder html, Explaining.Attribution explanation)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        html.Append(string.Create(invariant, $"<h2>Why this row: logit {explanation.Logit:F4} against the baseline's {explanation.BaselineLogit:F4}</h2>\n"))
            .Append("<table id=\"explanation\">\n<tr><th>feature</th><th>attribution</th></tr>\n");
        foreach (int i in Enumerable.Range(0, explanation.Values.Count).OrderByDescending(i => Math.Abs(explanation.Values[i])).Take(10))
        {
            string name = explanation.FeatureNames?[i] ?? "x" + i.ToString(invariant);
            html.Append("<tr><td style=\"text-align:left\">").Append(Encode(name)).Append("</td>")
                .Append(string.Create(invariant, $"<td>{explanation.Values[i]:+0.0000;-0.0000;0.0000}</td></tr>\n"));
        }

        html.Append("</table>\n");
    }

    private static void AppendDrift(StringBuilder html, Monitoring.DriftReport drift)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        html.Append(string.Create(invariant, $"<h2>Drift ({drift.Rows} rows, worst band {drift.Level})</h2>\n"))
            .Append("<table id=\"drift\">\n<tr><th>feature</th><th>PSI</th><th>noise floor</th><th>band</th><th>KS</th><th>missing</th></tr>\n");
        IReadOnlyList<Monitoring.FeatureDrift> shown = drift.Drifted.Count > 0 ? drift.Drifted : drift.Features.OrderByDescending(f => f.PopulationStabilityIndex).Take(5).ToArray();
        foreach (Monitoring.FeatureDrift f in shown)
        {
            html.Append("<tr><td style=\"text-align:left\">").Append(Encode(f.Name)).Append("</td>")
                .Append(string.Create(invariant, $"<td>{f.PopulationStabilityIndex:F4}</td><td>{(double.IsFinite(f.NoiseFloor) ? f.NoiseFloor.ToString("F4", invariant) : "too few rows")}</td><td>{f.Level}</td><td>{f.KolmogorovSmirnov:F4}</td><td>{f.MissingRate:F4}</td></tr>\n"));
        }

        html.Append("</table>\n");
    }

    /// <summary>Horizontal bars of feature importances, each labelled with its feature and value.</summary>
    private static string Bars(IReadOnlyList<FeatureImportance> importances)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        const int Row = 20, Label = 150;
        int height = 40 + Row * importances.Count;
        double largest = Math.Max(importances.Max(i => i.Mean), 1e-12);
        var svg = new StringBuilder();
        svg.Append(string.Create(invariant, $"<svg id=\"importance\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\">\n"));
        svg.Append("<title>Feature importance</title>\n");
        svg.Append(string.Create(invariant, $"<text x=\"{Width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">Feature importance (score drop when shuffled)</text>\n"));
        for (int k = 0; k < importances.Count; k++)
        {
            FeatureImportance importance = importances[k];
            double length = Math.Max(0, importance.Mean) / largest * (Width - Label - 60);
            int y = 30 + Row * k;
            svg.Append(string.Create(invariant, $"<text x=\"{Label - 4}\" y=\"{y + 13}\" text-anchor=\"end\" font-size=\"11\">{Encode(importance.Name)}</text>\n"));
            svg.Append(string.Create(invariant, $"<rect class=\"bar\" data-name=\"{Encode(importance.Name)}\" x=\"{Label}\" y=\"{y + 2}\" width=\"{length:F1}\" height=\"{Row - 6}\" fill=\"#2ca02c\" />\n"));
            svg.Append(string.Create(invariant, $"<text x=\"{Label + length + 4:F1}\" y=\"{y + 13}\" font-size=\"10\">{importance.Mean:F4}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>One line chart: x from the data's range (or [0, 1] for rates), y from <paramref name="yMin"/> to <paramref name="yMax"/>.</summary>
    private static string Plot(string id, string title, string xLabel, string yLabel,
        IReadOnlyList<(string Name, string Color, List<(double X, double Y)> Points)> series, double yMin, double yMax)
    {
        double xMin = series.SelectMany(s => s.Points).Min(p => p.X);
        double xMax = series.SelectMany(s => s.Points).Max(p => p.X);
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        CultureInfo invariant = CultureInfo.InvariantCulture;
        string X(double x) => (Margin + (x - xMin) / (xMax - xMin) * (Width - 2 * Margin)).ToString("F1", invariant);
        string Y(double y) => (Height - Margin - (Math.Clamp(y, yMin, yMax) - yMin) / (yMax - yMin) * (Height - 2 * Margin)).ToString("F1", invariant);

        var svg = new StringBuilder();
        svg.Append(string.Create(invariant, $"<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">\n"));
        svg.Append("<title>").Append(Encode(title)).Append("</title>\n");
        svg.Append(string.Create(invariant, $"<text x=\"{Width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">{Encode(title)}</text>\n"));
        svg.Append(string.Create(invariant, $"<line x1=\"{Margin}\" y1=\"{Height - Margin}\" x2=\"{Width - Margin}\" y2=\"{Height - Margin}\" stroke=\"#333\" />\n"));
        svg.Append(string.Create(invariant, $"<line x1=\"{Margin}\" y1=\"{Margin}\" x2=\"{Margin}\" y2=\"{Height - Margin}\" stroke=\"#333\" />\n"));
        svg.Append(string.Create(invariant, $"<text x=\"{Width / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\">{Encode(xLabel)}</text>\n"));
        svg.Append(string.Create(invariant, $"<text x=\"12\" y=\"{Height / 2}\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 12 {Height / 2})\">{Encode(yLabel)}</text>\n"));
        foreach ((double tick, string anchor) in new[] { (xMin, "start"), (xMax, "end") })
        {
            svg.Append(string.Create(invariant, $"<text x=\"{X(tick)}\" y=\"{Height - Margin + 14}\" text-anchor=\"{anchor}\" font-size=\"10\">{tick:G4}</text>\n"));
        }

        svg.Append(string.Create(invariant, $"<text x=\"{Margin - 4}\" y=\"{Y(yMin)}\" text-anchor=\"end\" font-size=\"10\">{yMin:G4}</text>\n"));
        svg.Append(string.Create(invariant, $"<text x=\"{Margin - 4}\" y=\"{Y(yMax)}\" text-anchor=\"end\" font-size=\"10\">{yMax:G4}</text>\n"));
        int legend = 0;
        foreach ((string name, string color, List<(double X, double Y)> points) in series)
        {
            string coordinates = string.Join(" ", points.Select(p => X(p.X) + "," + Y(p.Y)));
            svg.Append(string.Create(invariant, $"<polyline class=\"series\" data-name=\"{Encode(name)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{coordinates}\" />\n"));
            svg.Append(string.Create(invariant, $"<text x=\"{Width - Margin}\" y=\"{Margin + 14 * legend++}\" text-anchor=\"end\" font-size=\"11\" fill=\"{color}\">{Encode(name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
