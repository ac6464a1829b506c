using System;

namespace ModelGen.Evaluation;

/// <summary>
/// Counts of a binary classifier's decisions against the true labels, and every metric of those decisions.
/// Ratios whose denominator is 0 are 0, as scikit-learn's <c>zero_division=0</c>.
/// </summary>
public readonly record struct ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>All samples counted.</summary>
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Samples whose label is positive.</summary>
    public int Positives => TruePositives + FalseNegatives;

    /// <summary>Samples whose label is negative.</summary>
    public int Negatives => TrueNegatives + FalsePositives;

    /// <summary>The share of correct decisions.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>Of the samples called positive, the share that are.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Of the positive samples, the share called positive (sensitivity, true-positive rate).</summary>
    public double Recall => Ratio(TruePositives, Positives);

    /// <summary>Of the negative samples, the share called negative (true-negative rate).</summary>
    public double Specificity => Ratio(TrueNegatives, Negatives);

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => FBeta(1);

    /// <summary>The mean of recall and specificity over the classes present (scikit-learn drops an absent class).</summary>
    public double BalancedAccuracy => Positives == 0 ? Specificity : Negatives == 0 ? Recall : (Recall + Specificity) / 2;

    /// <summary>Matthews correlation coefficient; 0 when any margin of the matrix is empty, as scikit-learn.</summary>
    public double MatthewsCorrelation
    {
        get
        {
            double denominator = Math.Sqrt((double)(TruePositives + FalsePositives) * Positives * Negatives * (TrueNegatives + FalseNegatives));
            return denominator == 0 ? 0 : ((double)TruePositives * TrueNegatives - (double)FalsePositives * FalseNegatives) / denominator;
        }
    }

    /// <summary>The F-beta score: recall weighted <paramref name="beta"/> times as much as precision.</summary>
    public double FBeta(double beta)
    {
        if (!(beta > 0) || double.IsInfinity(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Beta must be a positive, finite number.");
        }

        double b2 = beta * beta;
        double denominator = (1 + b2) * TruePositives + b2 * FalseNegatives + FalsePositives;
        return denominator == 0 ? 0 : (1 + b2) * TruePositives / denominator;
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
