namespace ModelGen.Evaluation;

/// <summary>Counts of a binary classifier's decisions against the true labels.</summary>
public readonly record struct ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>All samples counted.</summary>
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
}
