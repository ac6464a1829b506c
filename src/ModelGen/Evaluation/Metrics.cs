using System;

namespace ModelGen.Evaluation;

/// <summary>Exact binary classification metrics over scores and 0/1 labels.</summary>
public static class Metrics
{
    /// <summary>Counts decisions <c>score ≥ threshold</c> against the labels.</summary>
    public static ConfusionMatrix Confusion(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, float threshold)
    {
        RequireSameLength(scores, labels);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool predicted = scores[i] >= threshold;
            bool actual = labels[i] == 1f;
            if (predicted)
            {
                if (actual)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }
            else if (actual)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /// <summary>
    /// The exact area under the ROC curve: the probability that a random positive scores above a random negative,
    /// ties counting one half (scikit-learn's <c>roc_auc_score</c>). Sorts once: O(n log n).
    /// </summary>
    /// <exception cref="InvalidOperationException">Only one class is present: the curve is undefined.</exception>
    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        RequireSameLength(scores, labels);
        float[] keys = scores.ToArray();
        float[] sortedLabels = labels.ToArray();
        foreach (float score in keys)
        {
            if (float.IsNaN(score))
            {
                throw new ArgumentException("A score is NaN; ROC-AUC needs comparable scores.", nameof(scores));
            }
        }

        Array.Sort(keys, sortedLabels);
        double positives = 0, negatives = 0;
        foreach (float label in sortedLabels)
        {
            if (label == 1f)
            {
                positives++;
            }
            else
            {
                negatives++;
            }
        }

        if (positives == 0 || negatives == 0)
        {
            throw new InvalidOperationException($"ROC-AUC is undefined when only one class is present ({positives} positive, {negatives} negative samples).");
        }

        // Walk from the highest score down, one group of tied scores at a time; each group adds a trapezoid.
        double truePositives = 0, falsePositives = 0, area = 0;
        for (int end = keys.Length; end > 0;)
        {
            int start = end - 1;
            while (start > 0 && keys[start - 1] == keys[end - 1])
            {
                start--;
            }

            double groupPositives = 0;
            for (int i = start; i < end; i++)
            {
                groupPositives += sortedLabels[i];
            }

            double groupNegatives = (end - start) - groupPositives;
            area += groupNegatives * (truePositives + groupPositives / 2);
            truePositives += groupPositives;
            falsePositives += groupNegatives;
            end = start;
        }

        return area / (positives * negatives);
    }

    private static void RequireSameLength(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }

        if (scores.Length == 0)
        {
            throw new ArgumentException("There are no samples to evaluate.", nameof(scores));
        }
    }
}
