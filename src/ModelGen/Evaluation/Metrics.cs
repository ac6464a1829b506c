using System;

namespace ModelGen.Evaluation;

/// <summary>
/// Exact binary classification metrics over scores and 0/1 labels, with scikit-learn's definitions. Metrics of
/// decisions come from a <see cref="ConfusionMatrix"/>; metrics of rankings sort once through <see cref="RankedScores"/>.
/// </summary>
public static class Metrics
{
    /// <summary>Counts decisions <c>score ≥ threshold</c> against the labels.</summary>
    public static ConfusionMatrix Confusion(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, float threshold)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool predicted = scores[i] >= threshold;
            bool actual = labels[i] == 1f;
            tp += predicted && actual ? 1 : 0;
            fp += predicted && !actual ? 1 : 0;
            fn += !predicted && actual ? 1 : 0;
            tn += !predicted && !actual ? 1 : 0;
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /// <inheritdoc cref="RankedScores.RocAuc"/>
    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels) => new RankedScores(scores, labels).RocAuc();

    /// <inheritdoc cref="RankedScores.AveragePrecision"/>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels) => new RankedScores(scores, labels).AveragePrecision();

    /// <summary>
    /// Mean binary cross-entropy of probabilities, clipped to [ε, 1 − ε] with ε the float epsilon
    /// (scikit-learn's <c>log_loss</c> on float32 probabilities).
    /// </summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        RequireProbabilities(probabilities, labels);
        const double Epsilon = 1.1920928955078125e-07;
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= labels[i] == 1f ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / probabilities.Length;
    }

    /// <summary>Mean squared difference between probabilities and labels (scikit-learn's <c>brier_score_loss</c>).</summary>
    public static double BrierScore(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        RequireProbabilities(probabilities, labels);
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double d = (double)probabilities[i] - labels[i];
            sum += d * d;
        }

        return sum / probabilities.Length;
    }

    private static void RequireProbabilities(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        if (probabilities.Length != labels.Length || probabilities.Length == 0)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities and {labels.Length} labels: both must be the same, non-zero length.", nameof(labels));
        }

        foreach (float p in probabilities)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"{p} is not a probability; this metric needs scores in [0, 1] (a sigmoid or softmax output).", nameof(probabilities));
            }
        }
    }
}
