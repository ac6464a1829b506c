using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace ModelGen.Training;

/// <summary>
/// Keras-style console output of <see cref="Trainer.Fit"/>: a progress bar redrawn in place (at most every 100 ms, so a
/// fast epoch does not spend its time printing), or one line per epoch, or nothing. Silent mode touches nothing per batch.
/// </summary>
internal sealed class ProgressReporter
{
    private const int BarWidth = 30;
    private static readonly long RedrawInterval = Stopwatch.Frequency / 10;

    private readonly TextWriter? _log;
    private readonly bool _bar;
    private int _epochs;
    private int _steps;
    private long _epochStart;
    private long _lastDraw;

    public ProgressReporter(TextWriter? log, Verbosity verbosity)
    {
        _log = verbosity == Verbosity.Silent ? null : log;
        _bar = verbosity == Verbosity.ProgressBar
            || (verbosity == Verbosity.Auto && ReferenceEquals(log, Console.Out) && !Console.IsOutputRedirected);
    }

    public void TrainBegin(int epochs, int steps)
    {
        _epochs = epochs;
        _steps = steps;
    }

    public void EpochBegin(int epoch)
    {
        _epochStart = _lastDraw = Stopwatch.GetTimestamp();
        if (_bar)
        {
            _log!.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}/{_epochs}"));
        }
    }

    public void BatchEnd(int step, double meanLoss)
    {
        if (!_bar)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        if (now - _lastDraw < RedrawInterval)
        {
            return;
        }

        _lastDraw = now;
        double elapsed = Stopwatch.GetElapsedTime(_epochStart, now).TotalSeconds;
        double eta = elapsed / step * (_steps - step);
        _log!.Write(string.Create(CultureInfo.InvariantCulture, $"\r{Bar(step)} - ETA: {eta:F0}s - loss: {meanLoss:F4}"));
    }

    public void EpochEnd(EpochResult result)
    {
        if (_log is null)
        {
            return;
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(_epochStart);
        var line = new StringBuilder();
        line.Append(_bar ? "\r" + Bar(_steps) : string.Create(CultureInfo.InvariantCulture, $"Epoch {result.Epoch}/{_epochs}"));
        line.Append(string.Create(CultureInfo.InvariantCulture, $" - {elapsed.TotalSeconds:F0}s {elapsed.TotalMilliseconds / _steps:F0}ms/step"));
        foreach (var (name, value) in result.Logs)
        {
            line.Append(" - ").Append(name).Append(": ")
                .Append(value.ToString(name == "lr" ? "G4" : "F4", CultureInfo.InvariantCulture));
        }

        _log.WriteLine(line.ToString());
    }

    public void Message(string message) => _log?.WriteLine(message);

    private string Bar(int step)
    {
        int filled = (int)((long)BarWidth * step / _steps);
        string arrow = filled >= BarWidth ? new string('=', BarWidth) : new string('=', filled) + ">" + new string('.', BarWidth - filled - 1);
        string count = step.ToString(CultureInfo.InvariantCulture).PadLeft(_steps.ToString(CultureInfo.InvariantCulture).Length);
        return string.Create(CultureInfo.InvariantCulture, $"{count}/{_steps} [{arrow}]");
    }
}
