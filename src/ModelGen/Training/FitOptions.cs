using System.Collections.Generic;
using System.IO;
using ModelGen.Data;
using ModelGen.Sampling;

namespace ModelGen.Training;

/// <summary>How <see cref="Trainer.Fit"/> trains: Keras's <c>model.fit</c> arguments, plus resampling.</summary>
public sealed record FitOptions
{
    /// <summary>Passes over the training data (default 1).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Samples per gradient step (default 32, as Keras); the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether to shuffle the samples before each epoch (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the validation split, the resampling and the shuffles: the same seed and data give the same training, bit for bit.</summary>
    public int Seed { get; init; }

    /// <summary>Data whose loss and metrics are reported after each epoch, never trained on.</summary>
    public Dataset? ValidationData { get; init; }

    /// <summary>
    /// The fraction of the training data held out as validation data (0 for none). Unlike Keras, which takes the
    /// last rows, the hold-out is a seeded stratified split, so both parts keep the class balance.
    /// </summary>
    public double ValidationSplit { get; init; }

    /// <summary>Per-class loss weights (Keras's <c>class_weight</c>): explicit, or <see cref="ClassWeights.Balanced"/>.</summary>
    public ClassWeights? ClassWeights { get; init; }

    /// <summary>One loss weight per training sample (Keras's <c>sample_weight</c>), multiplied with the class weight.</summary>
    public IReadOnlyList<float>? SampleWeights { get; init; }

    /// <summary>
    /// Rebalances the training part after the validation split (random over- or undersampling, SMOTE), so no
    /// synthetic or duplicated sample reaches validation.
    /// </summary>
    public IResampler? Resampler { get; init; }

    /// <summary>The metrics logged for training and validation data each epoch, besides the loss (default: accuracy).</summary>
    public IReadOnlyList<EpochMetric> Metrics { get; init; } = new[] { EpochMetric.Accuracy };

    /// <summary>Called around every epoch and batch, in order: early stopping, checkpoints, schedules.</summary>
    public IReadOnlyList<Callback> Callbacks { get; init; } = System.Array.Empty<Callback>();

    /// <summary>
    /// What a NaN or infinite batch loss does (default <see cref="NonFiniteLoss.Stop"/>: a
    /// <see cref="TrainingDivergedException"/> naming the epoch and batch). A <c>TerminateOnNaN</c> callback, when
    /// given, handles it first by stopping and restoring its weights.
    /// </summary>
    public NonFiniteLoss OnNonFiniteLoss { get; init; } = NonFiniteLoss.Stop;

    /// <summary>
    /// The threads each training step may use, set on the model (<see cref="IGradientModel.Threads"/>) for this fit
    /// and restored after it. <see langword="null"/> (the default) starts from the model's own setting, which is every
    /// core unless changed; when that is above 1 and the model trains to the same bits on any thread count
    /// (<see cref="TrainingParallelism.ByLayerOutputs"/>: networks of Dense layers), the fit times steps on it, on its
    /// halves and on one thread (after a tenth of a second of training, again a second later when the JIT has optimized
    /// its code, then every 10 seconds) and trains on the fastest (<see cref="History.Threads"/> tells which). The same seed, data and thread count give the same training, bit for bit.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Where progress is written; <see langword="null"/> (the default) is silent.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>How much is written to <see cref="Log"/> (Keras's <c>verbose</c>).</summary>
    public Verbosity Verbosity { get; init; } = Verbosity.Auto;
}

/// <summary>How much <see cref="Trainer.Fit"/> reports.</summary>
public enum Verbosity
{
    /// <summary>A progress bar when the log is the console of an interactive terminal, one line per epoch otherwise.</summary>
    Auto,

    /// <summary>Nothing (Keras's <c>verbose=0</c>).</summary>
    Silent,

    /// <summary>A progress bar per epoch, redrawn in place (Keras's <c>verbose=1</c>).</summary>
    ProgressBar,

    /// <summary>One line per epoch (Keras's <c>verbose=2</c>).</summary>
    EpochLines,
}

/// <summary>A metric logged each epoch, named in the history as Keras names it.</summary>
public enum EpochMetric
{
    /// <summary><c>accuracy</c> at the model's decision threshold.</summary>
    Accuracy,

    /// <summary><c>precision</c> at the model's decision threshold.</summary>
    Precision,

    /// <summary><c>recall</c> at the model's decision threshold.</summary>
    Recall,

    /// <summary><c>f1</c> at the model's decision threshold.</summary>
    F1,

    /// <summary><c>auc</c>: the exact ROC-AUC (NaN while the data hold one class).</summary>
    RocAuc,

    /// <summary><c>pr_auc</c>: average precision (NaN without positives).</summary>
    AveragePrecision,
}
