using System;
using System.Globalization;

namespace ModelGen.Training.Callbacks;

/// <summary>
/// Sets the learning rate before each epoch from a schedule of the 0-based epoch index and the current rate
/// (Keras's <c>LearningRateScheduler</c>). <see cref="Step"/>, <see cref="Exponential"/> and <see cref="Cosine"/>
/// build the usual ones.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, double, double> _schedule;

    /// <summary>Uses <paramref name="schedule"/>(epoch index, current rate) → new rate.</summary>
    public LearningRateScheduler(Func<int, double, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
    }

    /// <summary><c>initial · factor^⌊epoch / every⌋</c>: drops by <paramref name="factor"/> every <paramref name="every"/> epochs.</summary>
    public static LearningRateScheduler Step(double initial, double factor, int every)
    {
        RequireRate(initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        return new LearningRateScheduler((epoch, _) => initial * Math.Pow(factor, epoch / every));
    }

    /// <summary><c>initial · rate^(epoch / decayEpochs)</c>, Keras's <c>ExponentialDecay</c> counted in epochs.</summary>
    public static LearningRateScheduler Exponential(double initial, double rate, double decayEpochs = 1)
    {
        RequireRate(initial);
        if (!(rate > 0) || !(decayEpochs > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), "The decay rate and the decay epochs must be positive.");
        }

        return new LearningRateScheduler((epoch, _) => initial * Math.Pow(rate, epoch / decayEpochs));
    }

    /// <summary>
    /// Cosine annealing from <paramref name="initial"/> to <paramref name="minimum"/> over <paramref name="epochs"/> epochs,
    /// <c>min + (initial − min)(1 + cos(π·epoch/epochs))/2</c>, then held at the minimum (Keras's <c>CosineDecay</c> in epochs).
    /// With the default minimum of 0, training for more epochs than <paramref name="epochs"/> reaches a rate of 0, which
    /// is rejected: give a positive minimum to train longer.
    /// </summary>
    public static LearningRateScheduler Cosine(double initial, int epochs, double minimum = 0)
    {
        RequireRate(initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        return new LearningRateScheduler((epoch, _) =>
            minimum + (initial - minimum) * (1 + Math.Cos(Math.PI * Math.Min(epoch, epochs) / epochs)) / 2);
    }

    /// <inheritdoc />
    public override void OnEpochBegin(TrainingContext context)
    {
        double rate = _schedule(context.Epoch - 1, context.Model.LearningRate);
        if (!double.IsFinite(rate) || !((float)rate > 0f))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The learning-rate schedule returned {rate} for epoch {context.Epoch}; a learning rate must be positive and finite (as MG0018 requires of the declared one)."));
        }

        context.Model.LearningRate = (float)rate;
    }

    private static void RequireRate(double initial)
    {
        if (!(initial > 0) || !double.IsFinite(initial))
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "The initial learning rate must be positive and finite.");
        }
    }
}
