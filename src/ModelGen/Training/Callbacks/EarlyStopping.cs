using System;
using System.Globalization;

namespace ModelGen.Training.Callbacks;

/// <summary>
/// Stops training when the monitored quantity has not improved for <c>patience</c> epochs (Keras's <c>EarlyStopping</c>).
/// With <c>restoreBestWeights</c> the model ends with the parameters of its best epoch, whether training stopped early or
/// ran out of epochs.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly MetricMonitor _monitor;
    private readonly ParameterSnapshot _best = new();
    private int _wait;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged quantity to watch, such as <c>val_loss</c> or <c>val_auc</c>.</param>
    /// <param name="patience">Epochs without improvement before stopping.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    /// <param name="mode">Whether lower or higher is better.</param>
    /// <param name="restoreBestWeights">Whether to end with the parameters of the best epoch.</param>
    public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, MonitorMode mode = MonitorMode.Auto, bool restoreBestWeights = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        _monitor = new MetricMonitor(monitor, mode, minDelta);
        Patience = patience;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>Whether the best epoch's parameters are restored at the end.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The epoch with the best monitored value, 0 before training.</summary>
    public int BestEpoch => _monitor.BestEpoch;

    /// <summary>The epoch after which training stopped, 0 when it did not stop early.</summary>
    public int StoppedEpoch { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        _monitor.Reset();
        _wait = 0;
        StoppedEpoch = 0;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        if (_monitor.Improved(result))
        {
            _wait = 0;
            if (RestoreBestWeights)
            {
                _best.Take(context.Model);
            }

            return;
        }

        _wait++;
        if (_wait > Patience)
        {
            StoppedEpoch = result.Epoch;
            context.Stop(string.Create(CultureInfo.InvariantCulture,
                $"early stopping: {_monitor.Name} did not improve for {_wait} epochs (best {_monitor.Best:G6} at epoch {_monitor.BestEpoch})"));
        }
    }

    /// <inheritdoc />
    public override void OnTrainEnd(TrainingContext context)
    {
        if (StoppedEpoch > 0)
        {
            context.Report(string.Create(CultureInfo.InvariantCulture, $"Epoch {StoppedEpoch}: early stopping"));
        }

        if (RestoreBestWeights && !_best.IsEmpty && _monitor.BestEpoch != context.Epoch)
        {
            _best.Restore(context.Model);
            context.Report(string.Create(CultureInfo.InvariantCulture, $"Restoring model weights from the end of the best epoch: {_monitor.BestEpoch}."));
        }
    }
}
