using System.IO;
using ModelGen.Data;

namespace ModelGen.Training;

/// <summary>How <see cref="Trainer.Fit"/> trains: Keras's <c>model.fit</c> arguments.</summary>
public sealed record FitOptions
{
    /// <summary>Passes over the training data (default 1).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Samples per gradient step (default 32, as Keras); the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether to shuffle the samples before each epoch (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffles: the same seed and data give the same training, bit for bit.</summary>
    public int Seed { get; init; }

    /// <summary>Data whose loss is reported after each epoch, never trained on.</summary>
    public Dataset? ValidationData { get; init; }

    /// <summary>Where one line per epoch is written (Keras's <c>verbose=2</c>); <see langword="null"/> is silent.</summary>
    public TextWriter? Log { get; init; }
}
