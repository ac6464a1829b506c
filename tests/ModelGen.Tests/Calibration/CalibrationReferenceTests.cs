using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ModelGen.Calibration;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Calibration;

/// <summary>
/// Platt scaling, isotonic regression and the reliability table against scikit-learn 1.2.1 on stored cases
/// (<c>Reference/make_calibration_references.py</c>): overconfident probabilities, tied scores, margins outside [0, 1].
/// </summary>
public sealed class CalibrationReferenceTests
{
    private static readonly JsonElement[] s_cases = ReferenceCases.Load("Calibration", "Reference", "calibration_references.json");

    public static IEnumerable<object[]> Cases() => s_cases.Select(c => new object[] { c.GetProperty("name").GetString()! });

    private static JsonElement Case(string name) => s_cases.Single(c => c.GetProperty("name").GetString() == name);

    private static float[] Labels(JsonElement c) => c.GetProperty("labels").EnumerateArray().Select(v => (float)v.GetInt32()).ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Platt_scaling_matches_scikit_learn(string name)
    {
        JsonElement c = Case(name);
        PlattScaling platt = PlattScaling.Fit(c.Floats("scores"), Labels(c));

        // scikit-learn stops BFGS at its own tolerance; the optimum agrees to about 1e-5.
        Assert.Equal(c.GetProperty("platt_a").GetDouble(), platt.A, 4);
        Assert.Equal(c.GetProperty("platt_b").GetDouble(), platt.B, 4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Isotonic_regression_matches_scikit_learn(string name)
    {
        JsonElement c = Case(name);
        IsotonicCalibration isotonic = IsotonicCalibration.Fit(c.Floats("scores"), Labels(c));
        float[] queries = c.Floats("queries");
        double[] expected = c.Doubles("isotonic");
        for (int i = 0; i < queries.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - isotonic.Calibrate(queries[i])) < 1e-6, $"at {queries[i]}: expected {expected[i]}, got {isotonic.Calibrate(queries[i])}");
        }

        Assert.True(isotonic.Probabilities.Zip(isotonic.Probabilities.Skip(1)).All(p => p.First <= p.Second), "not monotone");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reliability_table_matches_calibration_curve(string name)
    {
        JsonElement c = Case(name);
        if (!c.TryGetProperty("curve_fraction_positive", out _))
        {
            Assert.Throws<ArgumentException>(() => ReliabilityTable.Create(c.Floats("scores"), Labels(c)));
            return;
        }

        ReliabilityTable table = ReliabilityTable.Create(c.Floats("scores"), Labels(c), c.GetProperty("bins").GetInt32());
        double[] fraction = c.Doubles("curve_fraction_positive");
        double[] mean = c.Doubles("curve_mean_predicted");
        Assert.Equal(fraction.Length, table.Bins.Count);
        for (int i = 0; i < fraction.Length; i++)
        {
            Assert.Equal(fraction[i], table.Bins[i].FractionPositive, 9);
            Assert.Equal(mean[i], table.Bins[i].MeanPredicted, 6);
        }
    }

    [Fact]
    public void Calibrating_overconfident_scores_lowers_the_brier_score_on_fresh_data()
    {
        // True probability σ(z); the model reports σ(3z), far too sure of itself. Isotonic regression needs
        // thousands of samples not to overfit (as scikit-learn's guide warns), so both halves are large.
        var random = new ModelGen.Numerics.SeededRandom(11);
        var scores = new float[4000];
        var labels = new float[4000];
        for (int i = 0; i < scores.Length; i++)
        {
            double z = 6 * random.NextDouble() - 3;
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1f : 0f;
            scores[i] = (float)(1 / (1 + Math.Exp(-3 * z)));
        }

        // Fit on the first half, judge on the second: calibration is fitted on validation data, never the test data.
        ICalibrator[] calibrators = { PlattScaling.Fit(scores[..2000], labels[..2000]), IsotonicCalibration.Fit(scores[..2000], labels[..2000]) };
        foreach (ICalibrator calibrator in calibrators)
        {
            CalibrationReport report = CalibrationReport.Create(calibrator, scores[2000..], labels[2000..]);
            Assert.True(report.After.BrierScore < report.Before.BrierScore, $"{calibrator.GetType().Name}: {report}");
            Assert.True(report.After.ExpectedCalibrationError < report.Before.ExpectedCalibrationError / 2, $"{calibrator.GetType().Name}: {report}");
            Assert.Contains("after calibration", report.ToString());
        }
    }

    [Fact]
    public void One_class_validation_data_is_refused()
    {
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => PlattScaling.Fit(new[] { 0.1f, 0.2f }, new[] { 1f, 1f })).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => IsotonicCalibration.Fit(new[] { float.NaN, 0.2f }, new[] { 0f, 1f })).Message);
    }
}
