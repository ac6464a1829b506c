using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Monitoring;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Monitoring;

/// <summary>
/// Drift and fairness against the committed references (Reference/make_monitoring_references.py): scipy's two-sample
/// Kolmogorov–Smirnov statistic, the PSI formula, and Fairlearn's definitions of group rates and gaps.
/// </summary>
public sealed class MonitoringTests(ITestOutputHelper output)
{
    private static readonly JsonElement s_root = Load();

    private static Dataset Cancer() => Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");

    private static (Dataset Train, Dataset Batch) Split()
    {
        Dataset all = Cancer();
        Dataset train = all.Select(Enumerable.Range(0, 400).ToArray());
        float[] batch = s_root.GetProperty("batch").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? float.NaN : (float)v.GetDouble()).ToArray();
        return (train, new Dataset(batch, all.Labels[400..].ToArray(), all.FeatureNames, allowMissing: true));
    }

    [Fact]
    public void A_batch_drift_report_matches_scipy_and_the_psi_formula()
    {
        (Dataset train, Dataset batch) = Split();
        DriftReport report = DriftMonitor.Fit(train).Check(batch);
        output.WriteLine(report.ToString());
        JsonElement[] expected = s_root.GetProperty("features").EnumerateArray().ToArray();
        for (int f = 0; f < expected.Length; f++)
        {
            FeatureDrift drift = report.Features[f];
            Assert.Equal(expected[f].GetProperty("ks").GetDouble(), drift.KolmogorovSmirnov, 1e-12);
            Assert.Equal(expected[f].GetProperty("psi").GetDouble(), drift.PopulationStabilityIndex, 1e-9);
            Assert.Equal(expected[f].GetProperty("missing").GetDouble(), drift.MissingRate, 1e-12);
            Assert.Equal(expected[f].GetProperty("p").GetDouble(), drift.PValue, 0.02);
        }

        Assert.Equal(DriftLevel.Significant, report.Features[0].Level);
        Assert.Equal("mean_radius", report.Drifted[0].Name);
        Assert.Equal(DriftLevel.Significant, report.Level);
    }

    [Fact]
    public void A_stream_in_bounded_memory_reports_what_the_batch_does()
    {
        (Dataset train, Dataset batch) = Split();
        var model = new Mlp30();
        Dataset scaledTrain = ModelGen.Preprocessing.StandardScaler.Fit(train).Transform(train);
        model.Fit(scaledTrain, new FitOptions { Epochs = 5 });
        DriftMonitor monitor = DriftMonitor.Fit(train);
        DriftReport exact = monitor.Check(batch);
        DriftMonitor.DriftStream stream = monitor.Start();
        for (int n = 0; n < batch.Count; n++)
        {
            stream.Add(batch.Row(n));
        }

        DriftReport streamed = stream.Report();
        Assert.Equal(batch.Count, streamed.Rows);
        for (int f = 0; f < exact.Features.Count; f++)
        {
            Assert.Equal(exact.Features[f].PopulationStabilityIndex, streamed.Features[f].PopulationStabilityIndex, 1e-12);
            Assert.Equal(exact.Features[f].MissingRate, streamed.Features[f].MissingRate, 1e-12);
            Assert.True(Math.Abs(exact.Features[f].KolmogorovSmirnov - streamed.Features[f].KolmogorovSmirnov) <= 2e-3 + 1.0 / 400,
                $"feature {f}: KS {streamed.Features[f].KolmogorovSmirnov} streamed, {exact.Features[f].KolmogorovSmirnov} exact");
        }

        // The score: a monitor with the model compares its score distribution too; the training rows against themselves do not drift.
        DriftMonitor scored = DriftMonitor.Fit(scaledTrain, model);
        DriftReport self = scored.Check(scaledTrain);
        Assert.NotNull(self.Score);
        Assert.Equal(0, self.Score!.KolmogorovSmirnov, 1e-12);
        Assert.Equal(DriftLevel.Stable, self.Level);
        Assert.Throws<InvalidOperationException>(() => monitor.Start().Report());
        Assert.Throws<ArgumentException>(() => monitor.Start().Add(new float[3]));
    }

    /// <summary>
    /// Rows drawn from the training data itself are no drift at any count: too few to tell at first (one row used to
    /// read as significant drift on every feature, its PSI 8), stable once there are enough. A real shift is a band
    /// as soon as there are ten rows a decile.
    /// </summary>
    [Fact]
    public void Drift_bands_wait_for_rows_enough_to_rise_above_sampling_noise()
    {
        (Dataset train, _) = Split();
        DriftMonitor monitor = DriftMonitor.Fit(train);
        var random = new Random(3);
        DriftReport Sampled(int rows)
        {
            DriftMonitor.DriftStream stream = monitor.Start();
            for (int n = 0; n < rows; n++)
            {
                stream.Add(train.Row(random.Next(train.Count)));
            }

            return stream.Report();
        }

        foreach (int rows in new[] { 1, 40, 150 })
        {
            DriftReport few = Sampled(rows);
            output.WriteLine(few.ToString());
            Assert.Empty(few.Drifted);
            Assert.Equal(DriftLevel.Undetermined, few.Level);
        }

        DriftReport many = Sampled(2000);
        Assert.All(many.Features, f => Assert.Equal(DriftLevel.Stable, f.Level));
        Assert.All(many.Features, f => Assert.InRange(f.NoiseFloor, 0.01, 0.02));

        // A hundred training rows whose radius lies beyond the training's largest: a shift this size is a band at once.
        DriftMonitor.DriftStream shifted = monitor.Start();
        float largest = Enumerable.Range(0, train.Count).Max(n => train.Row(n)[0]);
        for (int n = 0; n < 100; n++)
        {
            float[] row = train.Row(random.Next(train.Count)).ToArray();
            row[0] = largest + 1 + n;
            shifted.Add(row);
        }

        DriftReport report = shifted.Report();
        Assert.Equal(DriftLevel.Significant, report.Features[0].Level);
        Assert.Equal("mean_radius", Assert.Single(report.Drifted).Name);
    }

    [Fact]
    public void A_classifier_file_carries_its_drift_monitor()
    {
        (Dataset train, Dataset batch) = Split();
        Dataset scaled = ModelGen.Preprocessing.StandardScaler.Fit(train).Transform(train);
        var model = new Mlp30();
        model.Fit(scaled, new FitOptions { Epochs = 3 });
        var classifier = new Classifier(model) { Monitor = DriftMonitor.Fit(scaled, model) };
        string path = Path.Combine(Path.GetTempPath(), $"monitored-{Guid.NewGuid():N}.mgc");
        try
        {
            classifier.Save(path);
            Classifier loaded = Classifier.Load(path, new Mlp30());
            Assert.NotNull(loaded.Monitor);
            Dataset scaledBatch = scaled.Select(Enumerable.Range(0, 120).ToArray());
            DriftReport before = classifier.Monitor!.Check(scaledBatch), after = loaded.Monitor!.Check(scaledBatch);
            Assert.Equal(before.Features.Select(f => (f.PopulationStabilityIndex, f.KolmogorovSmirnov, f.MissingRate)), after.Features.Select(f => (f.PopulationStabilityIndex, f.KolmogorovSmirnov, f.MissingRate)));
            Assert.Equal(before.Score!.KolmogorovSmirnov, after.Score!.KolmogorovSmirnov);
            Assert.Equal(train.FeatureNames, loaded.Monitor.FeatureNames);
            Assert.Null(Classifier.Load(path, new Mlp30()).Preprocessing);
        }
        finally
        {
            File.Delete(path);
        }

        byte[] state = DriftMonitor.Fit(scaled).SaveState();
        Assert.Throws<InvalidDataException>(() => DriftMonitor.LoadState(state.AsSpan(0, state.Length / 2), null));
    }

    /// <summary>Each group's rates carry 95% Wilson intervals, to scipy's (Reference/make_wilson_references.py).</summary>
    [Fact]
    public void Group_rate_intervals_are_scipys_wilson_intervals()
    {
        // Per group: true positives, false negatives, false positives, true negatives.
        var groups = new (string Name, int Tp, int Fn, int Fp, int Tn)[] { ("a", 2, 2, 1, 2), ("b", 10, 10, 2, 18), ("c", 0, 0, 7, 0), ("d", 0, 0, 0, 5) };
        var scores = new System.Collections.Generic.List<float>();
        var labels = new System.Collections.Generic.List<float>();
        var names = new System.Collections.Generic.List<string>();
        foreach ((string name, int tp, int fn, int fp, int tn) in groups)
        {
            foreach ((int count, float score, float label) in new[] { (tp, 0.9f, 1f), (fn, 0.1f, 1f), (fp, 0.9f, 0f), (tn, 0.1f, 0f) })
            {
                scores.AddRange(Enumerable.Repeat(score, count));
                labels.AddRange(Enumerable.Repeat(label, count));
                names.AddRange(Enumerable.Repeat(name, count));
            }
        }

        FairnessReport report = FairnessReport.Create(scores.ToArray(), labels.ToArray(), names, 0.5f);
        output.WriteLine(report.ToString());
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Monitoring", "Reference", "wilson_references.json")));
        void AssertWilson(string pair, RateInterval interval)
        {
            double[] expected = reference.RootElement.GetProperty(pair).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(expected[0], interval.Low, 1e-12);
            Assert.Equal(expected[1], interval.High, 1e-12);
        }

        GroupRates a = report.Groups[0], b = report.Groups[1], c = report.Groups[2], d = report.Groups[3];
        AssertWilson("3/7", a.SelectionInterval);
        AssertWilson("2/4", a.TruePositiveInterval);
        AssertWilson("1/3", a.FalsePositiveInterval);
        AssertWilson("12/40", b.SelectionInterval);
        AssertWilson("10/20", b.TruePositiveInterval);
        AssertWilson("2/20", b.FalsePositiveInterval);
        AssertWilson("7/7", c.SelectionInterval);
        AssertWilson("7/7", c.FalsePositiveInterval);
        AssertWilson("0/5", d.SelectionInterval);
        Assert.True(double.IsNaN(c.TruePositiveInterval.Low) && double.IsNaN(c.TruePositiveInterval.High));
        Assert.Equal("n/a", c.TruePositiveInterval.ToString());
        Assert.Equal("[0.16, 0.75]", a.SelectionInterval.ToString());
    }

    [Fact]
    public void Group_rates_and_gaps_are_fairlearns()
    {
        JsonElement reference = s_root.GetProperty("fairness");
        float[] scores = reference.GetProperty("scores").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        float[] labels = reference.GetProperty("labels").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        string[] groups = reference.GetProperty("groups").EnumerateArray().Select(v => v.GetString()!).ToArray();
        FairnessReport report = FairnessReport.Create(scores, labels, groups, 0.5f);
        output.WriteLine(report.ToString());
        Assert.Equal(new[] { "a", "b", "c" }, report.Groups.Select(g => g.Group));
        foreach (GroupRates group in report.Groups)
        {
            JsonElement expected = reference.GetProperty("perGroup").GetProperty(group.Group);
            Assert.Equal(expected.GetProperty("selection").GetDouble(), group.SelectionRate, 1e-12);
            Assert.Equal(expected.GetProperty("tpr").GetDouble(), group.TruePositiveRate, 1e-12);
            Assert.Equal(expected.GetProperty("fpr").GetDouble(), group.FalsePositiveRate, 1e-12);
            Assert.Equal(expected.GetProperty("precision").GetDouble(), group.Precision, 1e-12);
        }

        Assert.Equal(reference.GetProperty("demographicParityDifference").GetDouble(), report.DemographicParityDifference, 1e-12);
        Assert.Equal(reference.GetProperty("demographicParityRatio").GetDouble(), report.DemographicParityRatio, 1e-12);
        Assert.Equal(reference.GetProperty("equalizedOddsDifference").GetDouble(), report.EqualizedOddsDifference, 1e-12);
        Assert.Equal(reference.GetProperty("truePositiveRateDifference").GetDouble(), report.EqualOpportunityDifference, 1e-12);
        Assert.Contains("demographic parity difference", report.ToString());
        Assert.Contains("two groups", Assert.Throws<ArgumentException>(() => FairnessReport.Create(scores, labels, groups.Select(_ => "a").ToArray(), 0.5f)).Message.Replace("compares groups", "two groups"));
    }

    [Fact]
    public void A_model_reports_its_fairness_by_a_sensitive_column()
    {
        Dataset data = ModelGen.Preprocessing.StandardScaler.Fit(Cancer()).Transform(Cancer());
        var model = new Mlp30();
        model.Fit(data, new FitOptions { Epochs = 5 });
        string[] groups = Enumerable.Range(0, data.Count).Select(n => data.Row(n)[0] > 0 ? "large" : "small").ToArray();
        FairnessReport report = model.Fairness(data, groups);
        Assert.Equal(model.DecisionThreshold, report.Threshold);
        Assert.Equal(data.Count, report.Groups.Sum(g => g.Count));
    }

    private static JsonElement Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(ReferenceCases.File("Monitoring", "Reference", "monitoring_references.json")));
        return document.RootElement.Clone();
    }
}
