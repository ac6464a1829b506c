using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ModelGen.Numerics;

/// <summary>Work split into numbered parts that may run on different threads.</summary>
internal abstract class PartedJob
{
    /// <summary>Runs part <paramref name="part"/>; parts touch disjoint data.</summary>
    public abstract void Run(int part);
}

/// <summary>
/// The process's helper threads for <see cref="ParallelBatch"/>: one fewer than the machine's cores, started on first
/// use and kept. One parted job runs at a time; a caller that finds the pool busy (another model's batch on another
/// thread) runs its parts itself, one after the other, so which threads run the parts never changes what they compute.
/// </summary>
/// <remarks>
/// Not the .NET thread pool: a training step hands out work every millisecond or so, and a queued work item waits for
/// a pool thread to notice it, while these threads spin briefly after each part (<see cref="SpinBeforeSleeping"/>)
/// and so start the next step's part within a microsecond. They sleep on an event once idle, costing nothing.
/// </remarks>
internal static class WorkerPool
{
    /// <summary>How long an idle helper keeps polling for the next part before it sleeps: about two training steps of a small network.</summary>
    private static readonly long SpinBeforeSleeping = Stopwatch.Frequency / 10_000; // 100 µs

    private static readonly object s_gate = new();
    private static Worker[] s_workers = Array.Empty<Worker>();
    private static int s_pending;
    private static ExceptionDispatchInfo? s_failure;

    /// <summary>Helper threads the pool may start: every core but the caller's.</summary>
    public static int MaximumHelpers { get; } = Math.Max(0, Environment.ProcessorCount - 1);

    /// <summary>Takes the pool for one job, unless another thread holds it.</summary>
    public static bool TryEnter() => Monitor.TryEnter(s_gate);

    /// <summary>Releases the pool after <see cref="TryEnter"/> succeeded.</summary>
    public static void Exit() => Monitor.Exit(s_gate);

    /// <summary>
    /// Runs parts <c>0..parts-1</c> of <paramref name="job"/> between the caller (part 0, then every
    /// <c>threads</c>-th) and the helpers, and returns when all have finished; the first exception a part threw is
    /// rethrown here. The caller must hold the pool (<see cref="TryEnter"/>).
    /// </summary>
    public static void Run(PartedJob job, int parts)
    {
        int helpers = Math.Min(parts - 1, MaximumHelpers);
        EnsureWorkers(helpers);
        int threads = helpers + 1;
        s_failure = null;
        Volatile.Write(ref s_pending, helpers);
        for (int h = 0; h < helpers; h++)
        {
            s_workers[h].Start(job, h + 1, threads, parts);
        }

        try
        {
            for (int part = 0; part < parts; part += threads)
            {
                job.Run(part);
            }
        }
        finally
        {
            // Even when the caller's part failed, the helpers still read the caller's pinned buffers: wait for them.
            var spin = new SpinWait();
            while (Volatile.Read(ref s_pending) != 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        s_failure?.Throw();
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count)
        {
            return;
        }

        var workers = new Worker[count];
        Array.Copy(s_workers, workers, s_workers.Length);
        for (int h = s_workers.Length; h < count; h++)
        {
            workers[h] = new Worker(h + 1);
        }

        s_workers = workers;
    }

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _wake = new(false);
        private PartedJob? _job;
        private int _firstPart;
        private int _stride;
        private int _parts;

        public Worker(int number)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "ModelGen worker " + number };
            thread.Start();
        }

        public void Start(PartedJob job, int firstPart, int stride, int parts)
        {
            _firstPart = firstPart;
            _stride = stride;
            _parts = parts;
            Volatile.Write(ref _job, job); // published after the range: the loop reads the range once it sees the job
            _wake.Set();
        }

        private void Loop()
        {
            while (true)
            {
                PartedJob job = WaitForJob();
                try
                {
                    for (int part = _firstPart; part < _parts; part += _stride)
                    {
                        job.Run(part);
                    }
                }
                catch (Exception exception)
                {
                    Interlocked.CompareExchange(ref s_failure, ExceptionDispatchInfo.Capture(exception), null);
                }

                Volatile.Write(ref _job, null);
                Interlocked.Decrement(ref s_pending);
            }
        }

        private PartedJob WaitForJob()
        {
            long sleepAt = Stopwatch.GetTimestamp() + SpinBeforeSleeping;
            while (true)
            {
                if (Volatile.Read(ref _job) is { } job)
                {
                    return job;
                }

                if (Stopwatch.GetTimestamp() < sleepAt)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                // Start writes the job before it sets the event, so a job published between the check above and this
                // wait (or one whose signal this reset consumes) is seen by the next check.
                _wake.Wait();
                _wake.Reset();
            }
        }
    }
}
