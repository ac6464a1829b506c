using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Evaluation;

/// <summary>
/// Where a group's true rate lies with 95% confidence given the rows it has: the Wilson score interval (scipy's
/// <c>binomtest(k, n).proportion_ci(method="wilson")</c>), which stays inside [0, 1] and is honest for small groups and
/// rates near 0 or 1. A group of 20 with a selection rate of 0.25 lies anywhere from 0.11 to 0.47: a gap between
/// groups narrower than their intervals may be chance.
/// </summary>
/// <param name="Low">The lower bound (NaN when the rate is undefined).</param>
/// <param name="High">The upper bound (NaN when the rate is undefined).</param>
public readonly record struct RateInterval(double Low, double High)
{
    /// <summary>z for 95%: the standard normal's 0.975 quantile.</summary>
    private const double Z = 1.959963984540054;

    /// <summary>The interval of <paramref name="successes"/> out of <paramref name="trials"/>; NaN bounds without trials.</summary>
    internal static RateInterval Wilson(int successes, int trials)
    {
        if (trials == 0)
        {
            return new RateInterval(double.NaN, double.NaN);
        }

        double n = trials, p = successes / n, z2 = Z * Z;
        double center = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new RateInterval(Math.Max(0, center - half), Math.Min(1, center + half));
    }

    /// <summary>The bounds as <c>[low, high]</c> with two decimals, or <c>n/a</c>.</summary>
    public override string ToString() =>
        double.IsNaN(Low) ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"[{Low:F2}, {High:F2}]");
}

/// <summary>One group's decisions at the threshold: its size and the rates a fairness review compares.</summary>
/// <param name="Group">The sensitive column's value.</param>
/// <param name="Count">Rows of the group.</param>
/// <param name="SelectionRate">The share predicted positive.</param>
/// <param name="TruePositiveRate">Recall within the group (NaN without positives).</param>
/// <param name="FalsePositiveRate">The share of its negatives predicted positive (NaN without negatives).</param>
/// <param name="Precision">The share of its positive predictions that are right (NaN without any).</param>
/// <param name="SelectionInterval">The selection rate's 95% interval over the group's rows.</param>
/// <param name="TruePositiveInterval">The true-positive rate's, over the group's positives.</param>
/// <param name="FalsePositiveInterval">The false-positive rate's, over the group's negatives.</param>
public sealed record GroupRates(string Group, int Count, double SelectionRate, double TruePositiveRate, double FalsePositiveRate, double Precision,
    RateInterval SelectionInterval, RateInterval TruePositiveInterval, RateInterval FalsePositiveInterval);

/// <summary>
/// Metrics per group of a sensitive column at the model's threshold, and the gaps between groups as Fairlearn defines
/// them: demographic parity difference and ratio (selection rates), equalized-odds difference (the larger of the TPR and
/// FPR gaps) and equal-opportunity difference (the TPR gap). A gap of 0 (a ratio of 1) is parity.
/// </summary>
public sealed class FairnessReport
{
    private FairnessReport(IReadOnlyList<GroupRates> groups, float threshold)
    {
        Groups = groups;
        Threshold = threshold;
        DemographicParityDifference = Spread(g => g.SelectionRate);
        double lowest = groups.Min(g => g.SelectionRate), highest = groups.Max(g => g.SelectionRate);
        DemographicParityRatio = highest > 0 ? lowest / highest : double.NaN;
        EqualOpportunityDifference = Spread(g => g.TruePositiveRate);
        EqualizedOddsDifference = Math.Max(EqualOpportunityDifference, Spread(g => g.FalsePositiveRate));
    }

    /// <summary>Every group, in ordinal order of its name.</summary>
    public IReadOnlyList<GroupRates> Groups { get; }

    /// <summary>The decision threshold the rates are taken at.</summary>
    public float Threshold { get; }

    /// <summary>The largest minus the smallest selection rate (Fairlearn's <c>demographic_parity_difference</c>).</summary>
    public double DemographicParityDifference { get; }

    /// <summary>The smallest over the largest selection rate (Fairlearn's <c>demographic_parity_ratio</c>; the four-fifths rule asks for at least 0.8).</summary>
    public double DemographicParityRatio { get; }

    /// <summary>The larger of the TPR and FPR spreads between groups (Fairlearn's <c>equalized_odds_difference</c>).</summary>
    public double EqualizedOddsDifference { get; }

    /// <summary>The TPR spread between groups (Fairlearn's <c>true_positive_rate_difference</c>, equal opportunity).</summary>
    public double EqualOpportunityDifference { get; }

    /// <summary>The report of <paramref name="scores"/> at <paramref name="threshold"/> (positive at or above it), by the group of each row.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, a label is not 0 or 1, a score is NaN, a group is null, or there are fewer than two groups.</exception>
    public static FairnessReport Create(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, IReadOnlyList<string> groups, float threshold)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (scores.Length != labels.Length || groups.Count != labels.Length)
        {
            throw new ArgumentException($"Scores ({scores.Length}), labels ({labels.Length}) and groups ({groups.Count}) must be one per row.", nameof(groups));
        }

        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal); // tp, fp, tn, fn
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0f or 1f))
            {
                throw new ArgumentException($"Label {i} is {labels[i]}; labels must be 0 or 1.", nameof(labels));
            }

            if (float.IsNaN(scores[i]))
            {
                throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            }

            string group = groups[i] ?? throw new ArgumentException($"Row {i} has no group; give every row its sensitive value (\"unknown\" is a group too).", nameof(groups));
            if (!counts.TryGetValue(group, out int[]? c))
            {
                counts[group] = c = new int[4];
            }

            bool predicted = scores[i] >= threshold, actual = labels[i] == 1f;
            c[predicted ? (actual ? 0 : 1) : (actual ? 3 : 2)]++;
        }

        if (counts.Count < 2)
        {
            throw new ArgumentException($"Fairness compares groups, but the sensitive column holds {counts.Count} value(s).", nameof(groups));
        }

        static double Ratio(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
        var rates = counts.Select(pair =>
        {
            (int tp, int fp, int tn, int fn) = (pair.Value[0], pair.Value[1], pair.Value[2], pair.Value[3]);
            int n = tp + fp + tn + fn;
            return new GroupRates(pair.Key, n, Ratio(tp + fp, n), Ratio(tp, tp + fn), Ratio(fp, fp + tn), Ratio(tp, tp + fp),
                RateInterval.Wilson(tp + fp, n), RateInterval.Wilson(tp, tp + fn), RateInterval.Wilson(fp, fp + tn));
        }).ToArray();
        return new FairnessReport(rates, threshold);
    }

    /// <summary>A table of the groups' rates and the gaps.</summary>
    public override string ToString()
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        int width = Math.Max("group".Length, Groups.Max(g => g.Group.Length));
        var text = new StringBuilder();
        text.Append("group".PadRight(width)).Append("      n  selection (95% interval)     TPR (95% interval)     FPR (95% interval)  precision\n");
        foreach (GroupRates g in Groups)
        {
            text.Append(g.Group.PadRight(width)).Append(g.Count.ToString(invariant).PadLeft(7))
                .Append(Format(g.SelectionRate, 11)).Append(' ').Append(g.SelectionInterval.ToString().PadRight(12))
                .Append(Format(g.TruePositiveRate, 8)).Append(' ').Append(g.TruePositiveInterval.ToString().PadRight(12))
                .Append(Format(g.FalsePositiveRate, 8)).Append(' ').Append(g.FalsePositiveInterval.ToString().PadRight(12))
                .Append(Format(g.Precision, 11)).Append('\n');
        }

        text.Append(string.Create(invariant, $"demographic parity difference {DemographicParityDifference:F4}, ratio {DemographicParityRatio:F4}; equalized odds difference {EqualizedOddsDifference:F4}; equal opportunity difference {EqualOpportunityDifference:F4} (threshold {Threshold:G4})\n"));
        return text.ToString();
    }

    private static string Format(double value, int width) =>
        (double.IsNaN(value) ? "n/a" : value.ToString("F4", CultureInfo.InvariantCulture)).PadLeft(width);

    /// <summary>The largest minus the smallest defined rate (NaN rates — a group without positives, say — are left out, as Fairlearn's <c>nanmax</c>/<c>nanmin</c> do).</summary>
    private double Spread(Func<GroupRates, double> rate)
    {
        double[] defined = Groups.Select(rate).Where(v => !double.IsNaN(v)).ToArray();
        return defined.Length == 0 ? double.NaN : defined.Max() - defined.Min();
    }
}
