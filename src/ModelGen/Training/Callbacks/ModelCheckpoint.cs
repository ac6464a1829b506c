using System;
using System.Globalization;
using ModelGen.Persistence;

namespace ModelGen.Training.Callbacks;

/// <summary>
/// Saves the model's parameters with <see cref="WeightsFile"/> after epochs (Keras's <c>ModelCheckpoint</c>): every
/// epoch, or with <c>saveBestOnly</c> only when the monitored quantity improves. Each write is atomic, so the file
/// on disk is always a complete checkpoint. <c>{epoch}</c> in the path is replaced by the epoch number.
/// </summary>
public sealed class ModelCheckpoint : Callback
{
    private readonly MetricMonitor _monitor;

    /// <summary>Creates the callback.</summary>
    public ModelCheckpoint(string path, string monitor = "val_loss", bool saveBestOnly = false, MonitorMode mode = MonitorMode.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        SaveBestOnly = saveBestOnly;
        _monitor = new MetricMonitor(monitor, mode, 0);
    }

    /// <summary>The file written; <c>{epoch}</c> is replaced by the epoch number.</summary>
    public string Path { get; }

    /// <summary>Whether only improving epochs are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>The last file written, or <see langword="null"/>.</summary>
    public string? LastSaved { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        _monitor.Reset();
        LastSaved = null;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        if (SaveBestOnly && !_monitor.Improved(result))
        {
            return;
        }

        string path = Path.Replace("{epoch}", result.Epoch.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        WeightsFile.Save(context.Model, path);
        LastSaved = path;
        if (SaveBestOnly)
        {
            context.Report(string.Create(CultureInfo.InvariantCulture, $"Epoch {result.Epoch}: {_monitor.Name} improved to {_monitor.Best:G6}, saving model to {path}"));
        }
    }
}
