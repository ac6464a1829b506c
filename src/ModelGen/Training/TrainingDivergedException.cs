using System;
using System.Globalization;

namespace ModelGen.Training;

/// <summary>
/// Thrown by <see cref="Trainer.Fit"/> when a batch's loss is NaN or infinite and <see cref="FitOptions.OnNonFiniteLoss"/>
/// is <see cref="NonFiniteLoss.Stop"/> (the default). The model keeps the last finite weights: those before the batch,
/// or the epoch's starting weights when an earlier update had already overflowed.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    internal TrainingDivergedException(int epoch, int batch, float loss, bool restoredEpochStart, History history)
        : base(Describe(epoch, batch, loss, restoredEpochStart))
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
        RestoredEpochStart = restoredEpochStart;
        History = history;
    }

    private static string Describe(int epoch, int batch, float loss, bool restoredEpochStart)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string kept = restoredEpochStart
            ? string.Create(invariant, $"An earlier update of epoch {epoch} had made weights non-finite, so the model holds the weights it had when epoch {epoch} began. ")
            : "The model holds the finite weights it had before that batch. ";
        return string.Create(invariant, $"Training diverged: the loss of batch {batch} in epoch {epoch} is {loss}. ") + kept +
            "Lower the learning rate, scale the features (TabularPipeline with Scaling.Standard), or look for extreme values in the data; " +
            "FitOptions.OnNonFiniteLoss = NonFiniteLoss.SkipBatch trains on past such batches instead.";
    }

    /// <summary>The 1-based epoch of the diverged batch.</summary>
    public int Epoch { get; }

    /// <summary>The 1-based batch within <see cref="Epoch"/>.</summary>
    public int Batch { get; }

    /// <summary>The non-finite loss.</summary>
    public float Loss { get; }

    /// <summary>Whether the model was put back to its weights at the start of <see cref="Epoch"/> (an earlier update had overflowed).</summary>
    public bool RestoredEpochStart { get; }

    /// <summary>The epochs completed before the divergence.</summary>
    public History History { get; }
}

/// <summary>What <see cref="Trainer.Fit"/> does when a batch's loss is NaN or infinite (the step itself never applies such a batch).</summary>
public enum NonFiniteLoss
{
    /// <summary>Throw <see cref="TrainingDivergedException"/>, naming the epoch and batch; the model keeps its last finite weights.</summary>
    Stop,

    /// <summary>Leave the batch out and go on; the epoch's log counts it as <c>skipped_batches</c>.</summary>
    SkipBatch,
}
