using ModelGen.Data;

namespace ModelGen.Sampling;

/// <summary>
/// Rebalances a training set (imbalanced-learn's samplers). Apply it to training data only — <see cref="Training.FitOptions.Resampler"/>
/// and <see cref="Selection.CrossValidation"/> do so after splitting — so validation and test data keep the true class balance.
/// </summary>
public interface IResampler
{
    /// <summary>A rebalanced copy of <paramref name="training"/>; the same seed gives the same samples.</summary>
    Dataset Resample(Dataset training, int seed);
}
