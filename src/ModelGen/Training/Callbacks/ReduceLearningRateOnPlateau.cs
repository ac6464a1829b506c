using System;
using System.Globalization;

namespace ModelGen.Training.Callbacks;

/// <summary>
/// Multiplies the learning rate by <c>factor</c> when the monitored quantity has not improved for <c>patience</c>
/// epochs, then waits <c>cooldown</c> epochs before watching again (Keras's <c>ReduceLROnPlateau</c>).
/// </summary>
public sealed class ReduceLearningRateOnPlateau : Callback
{
    private readonly MetricMonitor _monitor;
    private int _wait;
    private int _cooldownLeft;

    /// <summary>Creates the callback, with Keras's defaults.</summary>
    public ReduceLearningRateOnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, double minDelta = 1e-4,
        int cooldown = 0, double minLearningRate = 0, MonitorMode mode = MonitorMode.Auto)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be between 0 and 1 (exclusive): it multiplies the learning rate.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ArgumentOutOfRangeException.ThrowIfNegative(minLearningRate);
        _monitor = new MetricMonitor(monitor, mode, minDelta);
        Factor = factor;
        Patience = patience;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
    }

    /// <summary>What the learning rate is multiplied by on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; }

    /// <summary>Epochs after a reduction during which plateaus are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>The learning rate is never reduced below this.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        _monitor.Reset();
        _wait = 0;
        _cooldownLeft = 0;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        bool improved = _monitor.Improved(result);
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _wait = 0;
        }

        if (improved)
        {
            _wait = 0;
            return;
        }

        if (_cooldownLeft > 0 || ++_wait <= Patience)
        {
            return;
        }

        float old = context.Model.LearningRate;
        float reduced = (float)Math.Max(old * Factor, MinLearningRate);
        if (reduced < old && reduced > 0f) // a rate that underflowed to 0 would be rejected: stay at the smallest positive one
        {
            context.Model.LearningRate = reduced;
            context.Report(string.Create(CultureInfo.InvariantCulture, $"Epoch {result.Epoch}: ReduceLROnPlateau reducing learning rate to {reduced:G6}."));
        }

        _cooldownLeft = Cooldown;
        _wait = 0;
    }
}
