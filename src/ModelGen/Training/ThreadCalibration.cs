using System;
using System.Diagnostics;
using ModelGen.Numerics;

namespace ModelGen.Training;

/// <summary>
/// Chooses, while a fit runs, the thread count of a model whose training gives the same bits on any count
/// (<see cref="TrainingParallelism.ByLayerOutputs"/>) among the model's <see cref="IGradientModel.Threads"/>, its halves
/// and one thread: whether more cores pay depends on the machine at that moment as much as on the model (on a shared VM
/// the same 784-wide step ran 0.86× to 1.34× its one-thread time on two threads within one morning), so it is timed
/// rather than guessed. A round times <see cref="Turns"/> turns of one step on each count, each turn starting with
/// another count so that a drift in speed falls on all of them, and keeps the count whose time, as a ratio to the
/// model's count in the same turn, has the lowest median (ties keep more threads). Rounds start after
/// <see cref="FirstDelays"/>, then every <see cref="Interval"/>.
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

    /// <summary>Turns a round times: enough for a median that one preempted step does not move.</summary>
    private const int Turns = 8;

    private readonly int[] _counts; // the model's count, then halved down to 1
    private readonly long[] _turn; // this turn's step time on each count
    private readonly double[][] _ratios; // per count, per turn: its time ÷ the model's count's (rewritten every round)
    private long _nextRound;
    private int _rounds;
    private int _timedSteps = -1; // steps timed in the current round; -1 between rounds
    private bool _timing;
    private int _stepCount; // the index in _counts of the step being timed
    private long _stepStart;

    /// <summary>Starts choosing for a model of <paramref name="threads"/> threads (above 1), training on them until the first round ends.</summary>
    public ThreadCalibration(int threads)
    {
        int candidates = 1;
        for (int t = threads; t > 1; t /= 2)
        {
            candidates++;
        }

        _counts = new int[candidates];
        for (int c = 0, t = threads; c < candidates; c++, t /= 2)
        {
            _counts[c] = t;
        }

        _turn = new long[candidates];
        _ratios = new double[candidates][];
        for (int c = 0; c < candidates; c++)
        {
            _ratios[c] = new double[Turns];
        }

        Threads = threads;
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
        if (_timing)
        {
            int turn = _timedSteps / _counts.Length;
            _stepCount = (_timedSteps + turn) % _counts.Length; // turn k starts with count k
            model.Threads = _counts[_stepCount];
        }
        else
        {
            model.Threads = Threads;
        }
    }

    /// <summary>Records the step <see cref="BeginStep"/> started; ends the round after its last turn.</summary>
    public void EndStep()
    {
        if (!_timing)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        _turn[_stepCount] = Math.Max(1, now - _stepStart);
        _timedSteps++;
        if (_timedSteps % _counts.Length == 0)
        {
            int turn = _timedSteps / _counts.Length - 1;
            for (int c = 0; c < _counts.Length; c++)
            {
                _ratios[c][turn] = (double)_turn[c] / _turn[0];
            }
        }

        if (_timedSteps == Turns * _counts.Length)
        {
            Threads = _counts[Fastest()];
            _timedSteps = -1;
            _rounds++;
            _nextRound = now + Ticks(_rounds < FirstDelays.Length ? FirstDelays[_rounds] : Interval);
        }
    }

    /// <summary>The count whose ratios to the model's count have the lowest median; the first such, so ties keep more threads.</summary>
    private int Fastest()
    {
        int fastest = 0;
        double best = 1;
        for (int c = 1; c < _counts.Length; c++)
        {
            double median = ModelMath.MedianInPlace(_ratios[c]);
            if (median < best)
            {
                (fastest, best) = (c, median);
            }
        }

        return fastest;
    }

    private static long Ticks(TimeSpan delay) => (long)(delay.TotalSeconds * Stopwatch.Frequency);
}
