using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Training.Callbacks;

/// <summary>Whether a monitored value improves by going down or up.</summary>
public enum MonitorMode
{
    /// <summary>Up for accuracy-like names (<c>accuracy</c>, <c>auc</c>, <c>precision</c>, <c>recall</c>, <c>f1</c>), down otherwise, as Keras's <c>"auto"</c>.</summary>
    Auto,

    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}

/// <summary>Tracks the best value of one logged quantity, the shared rule of early stopping, checkpoints and plateaus.</summary>
internal sealed class MetricMonitor
{
    private static readonly string[] HigherIsBetter = { "accuracy", "auc", "precision", "recall", "f1" };

    public MetricMonitor(string name, MonitorMode mode, double minDelta)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(minDelta >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "The minimum improvement must be zero or positive.");
        }

        Name = name;
        Maximize = mode == MonitorMode.Max || (mode == MonitorMode.Auto && HigherIsBetter.Any(name.Contains));
        MinDelta = minDelta;
        Reset();
    }

    public string Name { get; }

    public bool Maximize { get; }

    public double MinDelta { get; }

    public double Best { get; private set; }

    /// <summary>The epoch of <see cref="Best"/>, 0 before any.</summary>
    public int BestEpoch { get; private set; }

    public void Reset()
    {
        Best = Maximize ? double.NegativeInfinity : double.PositiveInfinity;
        BestEpoch = 0;
    }

    /// <summary>The monitored value of <paramref name="result"/>.</summary>
    /// <exception cref="InvalidOperationException">The quantity was not logged, with the names that were.</exception>
    public double Read(EpochResult result)
    {
        if (result.Logs.TryGetValue(Name, out double value))
        {
            return value;
        }

        string hint = Name.StartsWith("val_", StringComparison.Ordinal) ? " Validation values need ValidationData or ValidationSplit." : string.Empty;
        throw new InvalidOperationException(
            $"The monitored quantity '{Name}' was not logged; the logs hold {string.Join(", ", result.Logs.Keys.Select(k => $"'{k}'"))}.{hint}");
    }

    /// <summary>Records <paramref name="result"/>'s value and says whether it beat the best by more than the minimum delta.</summary>
    public bool Improved(EpochResult result)
    {
        double value = Read(result);
        bool better = !double.IsNaN(value) && (Maximize ? value > Best + MinDelta : value < Best - MinDelta);
        if (better)
        {
            Best = value;
            BestEpoch = result.Epoch;
        }

        return better;
    }
}

/// <summary>A copy of a model's parameters, taken and put back without allocating after the first.</summary>
internal sealed class ParameterSnapshot
{
    private float[] _values = Array.Empty<float>();

    public bool IsEmpty { get; private set; } = true;

    public void Take(IGradientModel model)
    {
        if (_values.Length != model.ParameterCount)
        {
            _values = new float[model.ParameterCount];
        }

        model.Parameters.CopyTo(_values);
        IsEmpty = false;
    }

    public void Restore(IGradientModel model) => _values.CopyTo(model.Parameters);
}
