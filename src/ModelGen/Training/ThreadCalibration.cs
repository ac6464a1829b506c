using System;
using System.Diagnostics;

namespace ModelGen.Training;

/// <summary>
/// Chooses, while a fit runs, between the model's <see cref="IGradientModel.Threads"/> and one thread for a model whose
/// training gives the same bits on any thread count (<see cref="TrainingParallelism.ByLayerOutputs"/>): whether a
/// second core pays depends on the machine at that moment as much as on the model (on a shared VM the same 784-wide
/// step ran 0.86× to 1.34× its one-thread time on two threads within one morning), so it is timed rather than guessed.
/// A round times <see cref="Pairs"/> pairs of steps, one on each count in alternating order so that a drift in speed
/// falls on both, and keeps the count with the lower median ratio; rounds start after <see cref="FirstDelays"/>, then
/// every <see cref="Interval"/>.
/// </summary>
internal sealed class ThreadCalibration
{
    /// <summary>
    /// Training time before the first round, and between the first and the second: the first round chooses early, for
    /// short fits, and may still time the JIT's first-tier code, which the second round, a second later, no longer does.
    /// </summary>
    private static readonly TimeSpan[] FirstDelays = [TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(1)];

    /// <summary>How often the choice is timed again after that: a machine shared with other work changes speed.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Pairs of steps a round times: enough for a median that one preempted step does not move.</summary>
    private const int Pairs = 8;

    private readonly int _many;
    private readonly double[] _ratios = new double[Pairs];
    private readonly long[] _pair = new long[2];
    private long _nextRound;
    private int _rounds;
    private int _timedSteps = -1; // steps timed in the current round; -1 between rounds
    private bool _timing;
    private int _stepThreads;
    private long _stepStart;

    /// <summary>Starts choosing between <paramref name="many"/> threads (above 1) and one, with <paramref name="many"/> until the first round ends.</summary>
    public ThreadCalibration(int many)
    {
        _many = many;
        Threads = many;
        _nextRound = Stopwatch.GetTimestamp() + Ticks(FirstDelays[0]);
    }

    /// <summary>The thread count chosen by the last round (the model's own before the first).</summary>
    public int Threads { get; private set; }

    /// <summary>
    /// Sets the thread count <paramref name="model"/> trains its next step with and starts timing it, unless the step is
    /// an epoch's last, shorter batch (<paramref name="fullBatch"/> false), whose time would not compare with a full one's.
    /// </summary>
    public void BeginStep(IGradientModel model, bool fullBatch)
    {
        _stepStart = Stopwatch.GetTimestamp();
        if (_timedSteps < 0 && _stepStart >= _nextRound)
        {
            _timedSteps = 0;
        }

        _timing = _timedSteps >= 0 && fullBatch;
        if (!_timing)
        {
            _stepThreads = Threads;
        }
        else
        {
            bool firstOfPair = (_timedSteps & 1) == 0;
            bool evenPair = ((_timedSteps >> 1) & 1) == 0;
            _stepThreads = firstOfPair == evenPair ? _many : 1; // even pairs time many threads first, odd pairs one
        }

        model.Threads = _stepThreads;
    }

    /// <summary>Records the step <see cref="BeginStep"/> started; ends the round after its last pair.</summary>
    public void EndStep()
    {
        if (!_timing)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        _pair[_stepThreads == 1 ? 1 : 0] = Math.Max(1, now - _stepStart);
        _timedSteps++;
        if ((_timedSteps & 1) == 0)
        {
            _ratios[(_timedSteps >> 1) - 1] = (double)_pair[0] / _pair[1];
        }

        if (_timedSteps == 2 * Pairs)
        {
            Array.Sort(_ratios);
            double median = (_ratios[Pairs / 2 - 1] + _ratios[Pairs / 2]) / 2;
            Threads = median <= 1 ? _many : 1;
            _timedSteps = -1;
            _rounds++;
            _nextRound = now + Ticks(_rounds < FirstDelays.Length ? FirstDelays[_rounds] : Interval);
        }
    }

    private static long Ticks(TimeSpan delay) => (long)(delay.TotalSeconds * Stopwatch.Frequency);
}
