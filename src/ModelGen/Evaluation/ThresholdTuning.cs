using System;

namespace ModelGen.Evaluation;

/// <summary>
/// Chooses a decision threshold on validation scores. Every candidate is a score that occurs (decisions are
/// <c>score ≥ threshold</c>), so the threshold reproduces exactly the counts it was chosen for. Pass the result
/// to <c>Evaluate(data, threshold)</c> and compare predictions with it.
/// </summary>
public static class ThresholdTuning
{
    /// <summary>The threshold with the highest F1 (the highest threshold among ties).</summary>
    public static float MaximizeF1(RankedScores ranked) => Best(ranked, point =>
        2.0 * point.TruePositives / (point.TruePositives + point.FalsePositives + ranked.Positives));

    /// <summary>The threshold with the highest Youden's J = recall + specificity − 1 (the ROC point farthest above the diagonal).</summary>
    public static float MaximizeYoudenJ(RankedScores ranked)
    {
        RequireBothClasses(ranked);
        return Best(ranked, point => (double)point.TruePositives / ranked.Positives - (double)point.FalsePositives / ranked.Negatives);
    }

    /// <summary>The highest threshold whose recall reaches <paramref name="recall"/>: the fewest false alarms for that recall.</summary>
    public static float ForRecall(RankedScores ranked, double recall)
    {
        RequireFraction(recall, nameof(recall));
        RequirePositives(ranked);
        foreach (RankedScores.Operating point in ranked.Thresholds())
        {
            if ((double)point.TruePositives / ranked.Positives >= recall)
            {
                return point.Threshold;
            }
        }

        throw new InvalidOperationException("Unreachable: the lowest threshold has full recall.");
    }

    /// <summary>The lowest threshold whose precision reaches <paramref name="precision"/>: the most recall at that precision.</summary>
    /// <exception cref="InvalidOperationException">No threshold reaches the precision.</exception>
    public static float ForPrecision(RankedScores ranked, double precision)
    {
        RequireFraction(precision, nameof(precision));
        RequirePositives(ranked);
        float? chosen = null;
        foreach (RankedScores.Operating point in ranked.Thresholds())
        {
            if (point.Precision >= precision)
            {
                chosen = point.Threshold;
            }
        }

        return chosen ?? throw new InvalidOperationException($"No threshold reaches precision {precision}; the best this model achieves on these data is lower.");
    }

    private static float Best(RankedScores ranked, Func<RankedScores.Operating, double> score)
    {
        RequirePositives(ranked);
        double best = double.NegativeInfinity;
        float threshold = float.PositiveInfinity;
        foreach (RankedScores.Operating point in ranked.Thresholds())
        {
            double value = score(point);
            if (value > best)
            {
                best = value;
                threshold = point.Threshold;
            }
        }

        return threshold;
    }

    private static void RequireFraction(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "The target must be in (0, 1].");
        }
    }

    private static void RequirePositives(RankedScores ranked)
    {
        if (ranked.Positives == 0)
        {
            throw new InvalidOperationException("Tuning a threshold needs positive samples in the validation data.");
        }
    }

    private static void RequireBothClasses(RankedScores ranked)
    {
        if (ranked.Negatives == 0)
        {
            throw new InvalidOperationException("Youden's J needs negative samples in the validation data.");
        }

        RequirePositives(ranked);
    }
}
