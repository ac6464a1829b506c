namespace ModelGen.Training;

/// <summary>
/// Hooks into <see cref="Trainer.Fit"/>, as a Keras callback. Overrides run in the order the callbacks are listed;
/// setting <see cref="TrainingContext.StopTraining"/> ends training after the current batch or epoch.
/// </summary>
public abstract class Callback
{
    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin(TrainingContext context)
    {
    }

    /// <summary>Before each epoch; <see cref="TrainingContext.Epoch"/> is the coming one.</summary>
    public virtual void OnEpochBegin(TrainingContext context)
    {
    }

    /// <summary>Before each gradient step.</summary>
    public virtual void OnBatchBegin(TrainingContext context)
    {
    }

    /// <summary>After each gradient step, with the batch's mean loss.</summary>
    public virtual void OnBatchEnd(TrainingContext context, float loss)
    {
    }

    /// <summary>After each epoch's validation, with everything it logged.</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochResult result)
    {
    }

    /// <summary>After the last epoch, or after a stop.</summary>
    public virtual void OnTrainEnd(TrainingContext context)
    {
    }
}

/// <summary>What a <see cref="Callback"/> sees of the run, and how it steers it.</summary>
public sealed class TrainingContext
{
    private readonly ProgressReporter _reporter;

    internal TrainingContext(IGradientModel model, int epochs, History history, ProgressReporter reporter)
    {
        Model = model;
        Epochs = epochs;
        History = history;
        _reporter = reporter;
    }

    /// <summary>The model being trained; callbacks may read and write its parameters and learning rate.</summary>
    public IGradientModel Model { get; }

    /// <summary>The current 1-based epoch.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The number of epochs asked for.</summary>
    public int Epochs { get; }

    /// <summary>The epochs completed so far.</summary>
    public History History { get; }

    /// <summary>Whether training ends after the current batch (when set during a batch) or epoch.</summary>
    public bool StopTraining { get; private set; }

    /// <summary>Ends training and records why; the first reason given is kept.</summary>
    public void Stop(string reason)
    {
        if (!StopTraining)
        {
            StopTraining = true;
            History.StopReason = reason;
        }
    }

    /// <summary>Writes a message to the training log unless it is silent (Keras callbacks' <c>verbose</c> messages).</summary>
    public void Report(string message) => _reporter.Message(message);
}
