using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ModelGen.Numerics;

/// <summary>Work split into numbered parts that may run on different threads.</summary>
internal abstract class PartedJob
{
    /// <summary>Runs part <paramref name="part"/>; parts touch disjoint data, so which thread runs one never matters.</summary>
    public abstract void Run(int part);

    /// <summary>Drops the job's references (the model, the caller's pinned memory) once it has run.</summary>
    public abstract void Clear();
}

/// <summary>
/// The process's helper threads for <see cref="ParallelBatch"/>: one fewer than the machine's cores, started on first
/// use and kept. One parted job runs at a time. The caller runs part 0; it and the helpers claim the other parts one
/// by one from a shared counter, so a helper that is slow to wake never delays the call: the caller runs the parts
/// nobody has claimed. A caller that finds the pool busy (another batch on another thread) runs its parts itself.
/// </summary>
/// <remarks>
/// Not the .NET thread pool: a training step hands out work every millisecond or so, and a queued work item waits for
/// a pool thread to notice it, while these threads poll briefly after each job (<see cref="SpinBeforeSleeping"/>) and so
/// claim the next step's parts within a microsecond. Idle, they block on an event and cost nothing. Nothing here
/// allocates once the threads exist: a claim is one compare-and-swap, a wake-up one kernel event.
/// </remarks>
internal static class WorkerPool
{
    /// <summary>How long an idle helper keeps polling for the next job before it sleeps: about two training steps of a small network.</summary>
    private static readonly long SpinBeforeSleeping = Stopwatch.Frequency / 10_000; // 100 µs

    /// <summary>A part number no job reaches: the state of a finished job, whose fields the next caller may overwrite.</summary>
    private const int Closed = int.MaxValue;

    private static int s_busy;
    private static Worker[] s_workers = Array.Empty<Worker>();

    // The current job. Written by the caller before it publishes a new generation in s_state, stable until that
    // generation is closed, which happens only after every part has finished.
    private static PartedJob? s_job;
    private static int s_parts;
    private static int s_finished;
    private static ExceptionDispatchInfo? s_failure;

    /// <summary>The job's generation (high 32 bits) and its next unclaimed part (low 32 bits): one word, so a claim checks both at once.</summary>
    private static long s_state = Closed;

    /// <summary>Helper threads the pool may start: every core but the caller's.</summary>
    public static int MaximumHelpers { get; } = Math.Max(0, Environment.ProcessorCount - 1);

    /// <summary>
    /// Takes the pool for one job unless a job holds it, including one on this thread: not a reentrant lock, because a
    /// part that started another parted job would overwrite the job its own thread is running.
    /// </summary>
    public static bool TryEnter() => Interlocked.CompareExchange(ref s_busy, 1, 0) == 0;

    /// <summary>Releases the pool after <see cref="TryEnter"/> succeeded.</summary>
    public static void Exit() => Volatile.Write(ref s_busy, 0);

    /// <summary>
    /// Runs parts <c>0..parts-1</c> of <paramref name="job"/> on the caller and whichever helpers claim some, and
    /// returns when all have finished; the first exception a part threw is rethrown here. The caller must hold the
    /// pool (<see cref="TryEnter"/>).
    /// </summary>
    public static void Run(PartedJob job, int parts)
    {
        int helpers = Math.Min(parts - 1, MaximumHelpers);
        EnsureWorkers(helpers);
        s_job = job;
        s_parts = parts;
        s_finished = 0;
        s_failure = null;

        // A full fence: the job's fields are visible before the new generation, and the generation before the sleeping
        // flags read below (a helper sets its flag, then checks the generation: one of the two sees the other).
        // Part 0 is the caller's and the helpers claim from part 1, so the same part runs on the same core call after
        // call while the helpers keep up: what a part writes (a part's gradient, a slice of weights) stays in that core's cache.
        int generation = Generation(Volatile.Read(ref s_state)) + 1;
        Interlocked.Exchange(ref s_state, ((long)generation << 32) | 1);
        for (int h = 0; h < helpers; h++)
        {
            s_workers[h].Wake();
        }

        RunPart(job, 0);
        RunParts(generation, job, parts);

        // Even when a part failed, other threads may still be reading the caller's pinned buffers: wait for them.
        var spin = new SpinWait();
        while (Volatile.Read(ref s_finished) < parts)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        Volatile.Write(ref s_state, ((long)generation << 32) | Closed);
        s_job = null;
        s_failure?.Throw();
    }

    /// <summary>
    /// <see cref="Run"/>, then <see cref="PartedJob.Clear"/> and <see cref="Exit"/> whatever happened: the whole turn of
    /// a caller that has entered the pool and set the job.
    /// </summary>
    public static void RunAndExit(PartedJob job, int parts)
    {
        try
        {
            Run(job, parts);
        }
        finally
        {
            job.Clear();
            Exit();
        }
    }

    /// <summary>Claims and runs parts of <paramref name="generation"/>'s job until none are left or the job has changed.</summary>
    private static void RunParts(int generation, PartedJob job, int parts)
    {
        while (true)
        {
            long state = Volatile.Read(ref s_state);
            int next = (int)state;
            if (Generation(state) != generation || next >= parts)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref s_state, state + 1, state) != state)
            {
                continue;
            }

            RunPart(job, next);
        }
    }

    /// <summary>Runs one part, keeping the first exception any part throws and counting the part finished either way.</summary>
    private static void RunPart(PartedJob job, int part)
    {
        try
        {
            job.Run(part);
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref s_failure, ExceptionDispatchInfo.Capture(exception), null);
        }
        finally
        {
            Interlocked.Increment(ref s_finished);
        }
    }

    private static int Generation(long state) => (int)(state >> 32);

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
        private readonly AutoResetEvent _wake = new(false);
        private int _sleeping;

        public Worker(int number)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = "ModelGen worker " + number };
            thread.Start();
        }

        /// <summary>Signals the helper if it is blocked; a polling helper sees the new generation by itself.</summary>
        public void Wake()
        {
            if (Volatile.Read(ref _sleeping) != 0)
            {
                _wake.Set();
            }
        }

        private void Loop()
        {
            int seen = Generation(Volatile.Read(ref s_state));
            while (true)
            {
                seen = WaitForGeneration(seen);

                // Read after the generation: these fields belong to it, or to a later job if the caller has since closed
                // it, in which case no claim of this generation succeeds and the fields are never used.
                PartedJob? job = s_job;
                int parts = s_parts;
                if (job is not null)
                {
                    RunParts(seen, job, parts);
                }
            }
        }

        private int WaitForGeneration(int seen)
        {
            long sleepAt = Stopwatch.GetTimestamp() + SpinBeforeSleeping;
            while (true)
            {
                int generation = Generation(Volatile.Read(ref s_state));
                if (generation != seen)
                {
                    return generation;
                }

                if (Stopwatch.GetTimestamp() < sleepAt)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                Interlocked.Exchange(ref _sleeping, 1);
                if (Generation(Volatile.Read(ref s_state)) == seen)
                {
                    _wake.WaitOne();
                }

                Volatile.Write(ref _sleeping, 0);
                sleepAt = Stopwatch.GetTimestamp() + SpinBeforeSleeping;
            }
        }
    }
}
