using System.Globalization;

namespace ModelGen.Training.Callbacks;

/// <summary>
/// Stops at the first batch whose loss is NaN or infinite and puts back the last parameters known to be good: those
/// before the last step whose loss was finite. Keras's <c>TerminateOnNaN</c> only stops; keeping the weights costs one
/// copy of the parameters per step into buffers allocated once.
/// </summary>
public sealed class TerminateOnNaN : Callback
{
    private ParameterSnapshot _beforeStep = new();
    private ParameterSnapshot _lastGood = new();

    /// <summary>The epoch in which a non-finite loss appeared, 0 when none did.</summary>
    public int FailedEpoch { get; private set; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingContext context)
    {
        FailedEpoch = 0;
        _lastGood.Take(context.Model);
    }

    /// <inheritdoc />
    public override void OnBatchBegin(TrainingContext context) => _beforeStep.Take(context.Model);

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingContext context, float loss)
    {
        if (float.IsFinite(loss))
        {
            // The parameters before this step gave a finite loss: they are the newest known-good ones.
            (_beforeStep, _lastGood) = (_lastGood, _beforeStep);
            return;
        }

        FailedEpoch = context.Epoch;
        _lastGood.Restore(context.Model);
        context.Stop(string.Create(CultureInfo.InvariantCulture, $"TerminateOnNaN: the loss became {loss} in epoch {context.Epoch}; the last finite-loss weights were restored"));
        context.Report(string.Create(CultureInfo.InvariantCulture, $"Epoch {context.Epoch}: invalid loss {loss}, terminating training and restoring the last good weights."));
    }
}
