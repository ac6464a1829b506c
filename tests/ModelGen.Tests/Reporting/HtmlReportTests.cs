using System.Linq;
using System.Xml.Linq;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Reporting;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Reporting;

public sealed class HtmlReportTests
{
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_page_is_self_contained_xhtml_with_every_plot_and_table()
    {
        Dataset train = Separable(200, seed: 1);
        Dataset test = Separable(80, seed: 2);
        var model = new Mlp30(seed: 1);
        History history = model.Fit(train, new FitOptions { Epochs = 12, ValidationData = test });
        float[] scores = Evaluator.Scores(model, test);
        var ranked = new RankedScores(scores, test.Labels);
        BinaryReport report = model.Evaluate(test);

        string html = HtmlReport.Create("Mlp30 <test> & report", report, ranked, history);
        XDocument page = XDocument.Parse(html.Replace("<!DOCTYPE html>", string.Empty));

        Assert.Equal("Mlp30 <test> & report", page.Descendants(Xhtml + "title").Single().Value);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "script" or "img" or "link" or "iframe");
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href");
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);

        XElement[] plots = page.Descendants(Svg + "svg").ToArray();
        Assert.Equal(new[] { "roc", "pr", "loss" }, plots.Select(p => (string)p.Attribute("id")!));
        int Points(string plot, string series) => ((string)page.Descendants(Svg + "svg").Single(p => (string)p.Attribute("id")! == plot)
            .Descendants(Svg + "polyline").Single(l => (string)l.Attribute("data-name")! == series).Attribute("points")!).Split(' ').Length;
        Assert.Equal(ranked.RocCurve().Count, Points("roc", "model"));
        Assert.Equal(ranked.PrecisionRecallCurve().Count + 1, Points("pr", "model"));
        Assert.Equal(12, Points("loss", "training loss"));
        Assert.Equal(12, Points("loss", "validation loss"));

        string[] confusion = page.Descendants(Xhtml + "table").Single(t => (string?)t.Attribute("id") == "confusion").Descendants(Xhtml + "td").Select(td => td.Value).ToArray();
        Assert.Equal(new[] { report.Matrix.TrueNegatives, report.Matrix.FalsePositives, report.Matrix.FalseNegatives, report.Matrix.TruePositives }.Select(v => v.ToString()), confusion);
        Assert.Contains(page.Descendants(Xhtml + "td"), td => td.Value == report.RocAuc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_forests_feature_importances_are_drawn_largest_first()
    {
        Dataset train = Separable(300, seed: 1);
        var forest = new CancerForest(seed: 1);
        forest.Fit(train, new FitOptions());
        var importances = PermutationImportance.Compute(forest, train, ModelGen.Selection.Scoring.RocAuc, repeats: 2, seed: 1);
        BinaryReport report = forest.Evaluate(train);

        string html = HtmlReport.Create("forest", report, new RankedScores(Evaluator.Scores(forest, train), train.Labels), importances: importances);
        XDocument page = XDocument.Parse(html.Replace("<!DOCTYPE html>", string.Empty));

        XElement[] bars = page.Descendants(Svg + "svg").Single(p => (string)p.Attribute("id")! == "importance").Descendants(Svg + "rect").ToArray();
        Assert.Equal(10, bars.Length);
        Assert.Equal(importances.Take(10).Select(i => i.Name), bars.Select(b => (string)b.Attribute("data-name")!));
        double[] widths = bars.Select(b => double.Parse((string)b.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(widths.OrderByDescending(w => w), widths);
        Assert.True(widths[0] > widths[^1], "the largest importance draws the longest bar");
    }

    [Fact]
    public void One_class_data_leave_out_the_curves_they_cannot_draw()
    {
        var scores = new[] { 0.2f, 0.7f, 0.4f };
        var labels = new[] { 0f, 0f, 0f };
        BinaryReport report = BinaryReport.Create(scores, labels, 0.5f, probabilities: true);
        string html = HtmlReport.Create("negatives only", report, new RankedScores(scores, labels));
        XDocument page = XDocument.Parse(html.Replace("<!DOCTYPE html>", string.Empty));
        Assert.Empty(page.Descendants(Svg + "svg"));
        Assert.Contains("n/a", html);
    }

    [Fact]
    public void Fairness_drift_and_a_rows_explanation_are_part_of_the_page()
    {
        Dataset train = Separable(200, seed: 1);
        Dataset test = Separable(80, seed: 2);
        var model = new Mlp30(seed: 1);
        model.Fit(train, new FitOptions { Epochs = 5 });
        float[] scores = Evaluator.Scores(model, test);
        string[] groups = Enumerable.Range(0, test.Count).Select(n => n % 3 == 0 ? "north" : "south").ToArray();
        FairnessReport fairness = model.Fairness(test, groups);
        float[] shifted = test.Features.ToArray();
        for (int n = 0; n < test.Count; n++)
        {
            shifted[n * 30 + 4] += 3;
        }

        ModelGen.Monitoring.DriftReport drift = ModelGen.Monitoring.DriftMonitor.Fit(train).Check(new Dataset(shifted, test.Labels.ToArray(), test.FeatureNames));
        ModelGen.Explaining.Attribution why = ModelGen.Explaining.IntegratedGradients.Explain(model, test, row: 3);
        string html = HtmlReport.Create("drift and fairness", model.Evaluate(test), new RankedScores(scores, test.Labels), fairness: fairness, drift: drift, explanation: why);
        XDocument page = XDocument.Parse(html.Replace("<!DOCTYPE html>", string.Empty));
        XElement Table(string id) => page.Descendants(Xhtml + "table").Single(t => (string?)t.Attribute("id") == id);
        Assert.Equal(new[] { "north", "south" }, Table("fairness").Descendants(Xhtml + "tr").Skip(1).Select(r => r.Elements(Xhtml + "td").First().Value));
        Assert.Equal(fairness.DemographicParityDifference.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
            Table("fairness-gaps").Descendants(Xhtml + "tr").Skip(1).Single(r => r.Elements(Xhtml + "td").First().Value == "demographic parity difference").Elements(Xhtml + "td").Last().Value);
        Assert.Equal("f4", Table("drift").Descendants(Xhtml + "tr").Skip(1).First().Elements(Xhtml + "td").First().Value);
        int largest = Enumerable.Range(0, 30).OrderByDescending(i => System.Math.Abs(why.Values[i])).First();
        Assert.Equal(test.FeatureNames[largest], Table("explanation").Descendants(Xhtml + "tr").Skip(1).First().Elements(Xhtml + "td").First().Value);
        Assert.Equal(10, Table("explanation").Descendants(Xhtml + "tr").Count() - 1);
    }
}
