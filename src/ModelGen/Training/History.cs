using System.Collections.Generic;

namespace ModelGen.Training;

/// <summary>What one epoch measured.</summary>
/// <param name="Epoch">The 1-based epoch number.</param>
/// <param name="Loss">The mean training loss over the epoch's samples.</param>
/// <param name="ValidationLoss">The mean loss on the validation data after the epoch, when there is any.</param>
public readonly record struct EpochResult(int Epoch, double Loss, double? ValidationLoss);

/// <summary>The per-epoch record of a training run, as Keras's <c>History</c>.</summary>
public sealed class History
{
    private readonly List<EpochResult> _epochs = new();

    /// <summary>Every completed epoch, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs => _epochs;

    internal void Add(EpochResult epoch) => _epochs.Add(epoch);
}
