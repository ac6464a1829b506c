using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Training;

/// <summary>
/// What one epoch measured, keyed as Keras's logs: <c>loss</c>, each metric (<c>accuracy</c>, <c>auc</c>, ...),
/// the same with a <c>val_</c> prefix for validation data, and <c>lr</c>, the learning rate the epoch trained with.
/// </summary>
public sealed class EpochResult
{
    private readonly Dictionary<string, double> _logs;

    internal EpochResult(int epoch, Dictionary<string, double> logs)
    {
        Epoch = epoch;
        _logs = logs;
    }

    /// <summary>The 1-based epoch number.</summary>
    public int Epoch { get; }

    /// <summary>The mean training loss over the epoch's batches, weighted by batch size.</summary>
    public double Loss => _logs["loss"];

    /// <summary>The mean loss on the validation data after the epoch, when there is any.</summary>
    public double? ValidationLoss => _logs.TryGetValue("val_loss", out double value) ? value : null;

    /// <summary>The learning rate the epoch trained with.</summary>
    public double LearningRate => _logs["lr"];

    /// <summary>Every logged value by name.</summary>
    public IReadOnlyDictionary<string, double> Logs => _logs;

    /// <summary>One logged value.</summary>
    /// <exception cref="KeyNotFoundException">Nothing of that name was logged; the message lists what was.</exception>
    public double this[string name] => _logs.TryGetValue(name, out double value)
        ? value
        : throw new KeyNotFoundException($"No '{name}' was logged this epoch; the logs hold {string.Join(", ", _logs.Keys.Select(k => $"'{k}'"))}.");

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(" - ", _logs.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}: {pair.Value:G4}")));
}

/// <summary>The per-epoch record of a training run, as Keras's <c>History</c>.</summary>
public sealed class History
{
    private readonly List<EpochResult> _epochs = new();
    private readonly List<string> _warnings = new();

    /// <summary>Every completed epoch, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs => _epochs;

    /// <summary>Why training ended before its last epoch (a callback's reason), or <see langword="null"/> when it ran them all.</summary>
    public string? StopReason { get; internal set; }

    /// <summary>
    /// The thread count the fit's last training step ran with: <see cref="FitOptions.Threads"/>, the model's own
    /// <see cref="IGradientModel.Threads"/>, or whichever of it, its halves and one thread timed fastest during the fit (see
    /// <see cref="FitOptions.Threads"/>), to pin with <see cref="FitOptions.Threads"/> in later fits on this machine;
    /// <see langword="null"/> for training that does not step a network (full-batch solvers, trees).
    /// </summary>
    public int? Threads { get; internal set; }

    /// <summary>One logged value per epoch, as Keras's <c>history.history["val_loss"]</c>.</summary>
    public IReadOnlyList<double> this[string name] => _epochs.Select(epoch => epoch[name]).ToArray();

    /// <summary>
    /// What went wrong without ending training: a solver that stopped at its iteration limit before its tolerance, a
    /// Hessian regularized to be solved. Each is also written to the fit's log.
    /// </summary>
    public IReadOnlyList<string> Warnings => _warnings;

    internal void Add(EpochResult epoch) => _epochs.Add(epoch);

    internal void Warn(string warning) => _warnings.Add(warning);
}
