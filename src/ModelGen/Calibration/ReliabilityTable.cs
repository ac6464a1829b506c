using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ModelGen.Evaluation;

namespace ModelGen.Calibration;

/// <summary>One bin of a reliability table: probabilities in (Lower, Upper] (the first bin includes 0).</summary>
/// <param name="Lower">The bin's lower edge.</param>
/// <param name="Upper">The bin's upper edge.</param>
/// <param name="Count">Samples whose probability falls in the bin.</param>
/// <param name="MeanPredicted">Their mean predicted probability.</param>
/// <param name="FractionPositive">The fraction of them that are positive.</param>
public readonly record struct ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double FractionPositive);

/// <summary>
/// Predicted probability against observed frequency in equal-width bins (scikit-learn's <c>calibration_curve</c> with
/// <c>strategy="uniform"</c>, which lists the non-empty bins), with the Brier score and log loss of the same probabilities.
/// </summary>
public sealed class ReliabilityTable
{
    private ReliabilityTable(IReadOnlyList<ReliabilityBin> bins, double brier, double logLoss)
    {
        Bins = bins;
        BrierScore = brier;
        LogLoss = logLoss;
    }

    /// <summary>The non-empty bins, from low to high probability.</summary>
    public IReadOnlyList<ReliabilityBin> Bins { get; }

    /// <summary>The Brier score of the probabilities.</summary>
    public double BrierScore { get; }

    /// <summary>The log loss of the probabilities.</summary>
    public double LogLoss { get; }

    /// <summary>
    /// The weighted mean gap between predicted and observed frequency, <c>Σ count·|mean − fraction| / n</c>
    /// (the expected calibration error over these bins).
    /// </summary>
    public double ExpectedCalibrationError
    {
        get
        {
            double sum = 0;
            int total = 0;
            foreach (ReliabilityBin bin in Bins)
            {
                sum += bin.Count * Math.Abs(bin.MeanPredicted - bin.FractionPositive);
                total += bin.Count;
            }

            return sum / total;
        }
    }

    /// <summary>Bins <paramref name="probabilities"/> against 0/1 <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, there are no samples, or a probability lies outside [0, 1].</exception>
    public static ReliabilityTable Create(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (probabilities.Length != labels.Length || probabilities.Length == 0)
        {
            throw new ArgumentException($"A reliability table needs as many labels as probabilities, and at least one: got {probabilities.Length} and {labels.Length}.", nameof(labels));
        }

        var counts = new int[bins];
        var predicted = new double[bins];
        var positives = new double[bins];
        for (int i = 0; i < probabilities.Length; i++)
        {
            float p = probabilities[i];
            if (!(p >= 0f && p <= 1f))
            {
                throw new ArgumentException($"Probability {i} is {p}; a reliability table needs probabilities in [0, 1]. Hinge margins need calibration first.", nameof(probabilities));
            }

            // The bin is the number of inner edges strictly below p, as NumPy's searchsorted(edges, p, side="left").
            int bin = 0;
            while (bin < bins - 1 && (double)(bin + 1) / bins < p)
            {
                bin++;
            }

            counts[bin]++;
            predicted[bin] += p;
            positives[bin] += labels[i];
        }

        var rows = new List<ReliabilityBin>();
        for (int bin = 0; bin < bins; bin++)
        {
            if (counts[bin] > 0)
            {
                rows.Add(new ReliabilityBin((double)bin / bins, (double)(bin + 1) / bins, counts[bin], predicted[bin] / counts[bin], positives[bin] / counts[bin]));
            }
        }

        return new ReliabilityTable(rows, Metrics.BrierScore(probabilities, labels), Metrics.LogLoss(probabilities, labels));
    }

    /// <summary>The bins as an aligned text table, then the Brier score and log loss.</summary>
    public override string ToString()
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder("bin            count  mean predicted  fraction positive\n");
        foreach (ReliabilityBin bin in Bins)
        {
            text.Append(string.Create(invariant, $"({bin.Lower:F2}, {bin.Upper:F2}]  {bin.Count,6}  {bin.MeanPredicted,14:F4}  {bin.FractionPositive,17:F4}\n"));
        }

        text.Append(string.Create(invariant, $"Brier score {BrierScore:F4}  log loss {LogLoss:F4}  ECE {ExpectedCalibrationError:F4}\n"));
        return text.ToString();
    }
}

/// <summary>A calibrator's effect on held-out data: the reliability table before and after.</summary>
/// <param name="Before">The model's own scores.</param>
/// <param name="After">The calibrated probabilities.</param>
public sealed record CalibrationReport(ReliabilityTable Before, ReliabilityTable After)
{
    /// <summary>Calibrates <paramref name="scores"/> with <paramref name="calibrator"/> and tabulates both against <paramref name="labels"/>.</summary>
    public static CalibrationReport Create(ICalibrator calibrator, ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(calibrator);
        var calibrated = new float[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            calibrated[i] = calibrator.Calibrate(scores[i]);
        }

        return new CalibrationReport(ReliabilityTable.Create(scores, labels, bins), ReliabilityTable.Create(calibrated, labels, bins));
    }

    /// <inheritdoc />
    public override string ToString() => "before calibration\n" + Before + "\nafter calibration\n" + After;
}
