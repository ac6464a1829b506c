using ModelGen.Generators.Tests.Infrastructure;
using ModelGen.Numerics;
using ModelGen.Tests.Models;
using ModelGen.Training;
using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ModelGen.Tests.Numerics;

/// <summary>
/// Data parallelism over a batch: how batches are split, that every part runs once and gradients are added in part
/// order, that a busy or failing pool changes nothing a caller can see, and that the generated models give the same
/// predictions on any thread count and reproducible training for each. In the Numerics namespace so tests/run-tests.sh
/// runs it on every SIMD path.
/// </summary>
public sealed class ParallelBatchTests
{
    [Fact]
    public void Small_work_stays_on_the_calling_thread_and_large_work_is_split_at_most_once_per_thread()
    {
        Assert.Equal(1, ParallelBatch.Parts(threads: 1, count: 100_000, workPerSample: 1_000_000));
        Assert.Equal(1, ParallelBatch.Parts(threads: 8, count: 1, workPerSample: 1_000_000));

        // Below two parts' worth of work the hand-off costs more than it saves.
        long perSample = 1_024;
        int justUnder = (int)(2 * ParallelBatch.MinimumWorkPerPart / perSample) - 1;
        Assert.Equal(1, ParallelBatch.Parts(threads: 8, count: justUnder, workPerSample: perSample));
        Assert.Equal(2, ParallelBatch.Parts(threads: 8, count: justUnder + 1, workPerSample: perSample));

        Assert.Equal(8, ParallelBatch.Parts(threads: 8, count: 10_000, workPerSample: 1_000_000));
        Assert.Equal(3, ParallelBatch.Parts(threads: 8, count: 3, workPerSample: 100_000_000));
        Assert.Equal(ParallelBatch.MaximumParts, ParallelBatch.Parts(threads: 10_000, count: 1_000_000, workPerSample: 1_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelBatch.RequireThreads(0));
    }

    [Theory]
    [InlineData(1000, 7)]
    [InlineData(5, 5)]
    [InlineData(1001, 2)]
    public void Predict_runs_every_row_exactly_once_in_contiguous_parts(int rows, int parts)
    {
        const int inputs = 3, outputs = 2;
        float[] features = TestData.Features(rows, inputs, seed: 1);
        float[] results = new float[rows * outputs];
        var seen = new ConcurrentBag<int>();

        ParallelBatch.Predict((features, seen), null, features, inputs, results, outputs, rowsPerBlock: 1, parts, static (state, _, x, y) =>
        {
            var (all, parts) = ((float[], ConcurrentBag<int>))state;
            int first = OffsetOf(all, x) / inputs;
            parts.Add(x.Length / inputs);
            for (int r = 0; r < x.Length / inputs; r++)
            {
                y[r * outputs] += x[r * inputs] * 2;
                y[r * outputs + 1] += first + r;
            }
        });

        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(features[r * inputs] * 2, results[r * outputs]);
            Assert.Equal(r, results[r * outputs + 1]);
        }

        Assert.Equal(parts, seen.Count);
        Assert.Equal(rows, seen.Sum());
        Assert.All(seen, count => Assert.InRange(count, rows / parts, rows / parts + 1));
    }

    [Theory]
    [InlineData(1000, 64, 3, 3)]
    [InlineData(130, 64, 8, 3)]
    [InlineData(64, 64, 2, 1)]
    public void Prediction_parts_start_on_whole_blocks_of_rows(int rows, int rowsPerBlock, int parts, int expectedParts)
    {
        float[] features = new float[rows];
        var starts = new ConcurrentBag<int>();
        ParallelBatch.Predict((features, starts), null, features, 1, new float[rows], 1, rowsPerBlock, parts, static (state, _, x, _) =>
        {
            var (all, starts) = ((float[], ConcurrentBag<int>))state;
            starts.Add(OffsetOf(all, x));
        });

        Assert.Equal(expectedParts, starts.Count);
        Assert.All(starts, start => Assert.Equal(0, start % rowsPerBlock));
    }

    /// <summary>The parts' gradients are summed in slices on the pool's threads: a short gradient (one slice) and a long one (four).</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(1_001)]
    public void Gradients_of_the_parts_are_added_in_part_order_with_the_parts_slices_of_the_batch(int length)
    {
        const int batch = 10, inputs = 2, parts = 4;
        float[] features = TestData.Features(batch, inputs, seed: 3);
        float[] labels = Enumerable.Range(0, batch).Select(i => (float)(i % 2)).ToArray();
        float[] weights = Enumerable.Range(0, batch).Select(i => 1f + i).ToArray();
        float[] scores = new float[batch];
        float[] gradients = new float[length];
        float[][]? partGradients = null;
        var state = new GradientState(features, labels, weights);

        double total = ParallelBatch.ComputeGradients(state, features, inputs, labels, weights, scores, gradients, ref partGradients, parts, GradientState.Body);

        Assert.Equal(parts - 1, partGradients!.Length);
        Assert.Equal(Enumerable.Range(0, batch).Select(i => (double)weights[i]).Sum(), total);
        Assert.Equal(Enumerable.Range(0, batch).Select(i => (float)i).ToArray(), scores);

        // Each part writes a value whose float sum depends on the order of addition: only part order reproduces it.
        var expected = new float[length];
        for (int part = 0; part < parts; part++)
        {
            for (int j = 0; j < length; j++)
            {
                expected[j] += GradientState.Value(part, j);
            }
        }

        Assert.Equal(expected, gradients);
        Assert.True(state.Failures.IsEmpty, string.Join("; ", state.Failures));

        // The part buffers are kept and reused, and cleared by the body on the next call.
        float[][] kept = partGradients;
        ParallelBatch.ComputeGradients(state, features, inputs, labels, weights, scores, gradients, ref partGradients, parts, GradientState.Body);
        Assert.Same(kept, partGradients);
        Assert.Equal(expected, gradients);
    }

    [Theory]
    [InlineData(1_000, 3)]
    [InlineData(108_801, 2)]
    [InlineData(10, 4)]
    [InlineData(50, 1)]
    public void An_optimizer_update_covers_every_parameter_once_in_slices_that_start_on_cache_lines(int count, int parts)
    {
        var visits = new int[count];
        var slices = new ConcurrentQueue<(int Start, int End)>();

        ParallelBatch.Update((visits, slices), count, parts, static (model, start, end) =>
        {
            var (counts, seen) = ((int[], ConcurrentQueue<(int, int)>))model;
            seen.Enqueue((start, end));
            for (int k = start; k < end; k++)
            {
                Interlocked.Increment(ref counts[k]);
            }
        });

        Assert.All(visits, v => Assert.Equal(1, v));
        Assert.InRange(slices.Count, 1, parts);
        Assert.All(slices, slice => Assert.Equal(0, slice.Start % 16));
    }

    [Fact]
    public void An_exception_in_any_part_reaches_the_caller_and_the_pool_stays_usable()
    {
        float[] features = new float[64];
        float[] outputs = new float[64];
        var exception = Assert.Throws<InvalidOperationException>(() =>
            ParallelBatch.Predict(features, null, features, 1, outputs, 1, 1, 8, static (state, _, x, y) =>
            {
                // Row 40 fails, in whichever part and on whichever thread it runs.
                int first = OffsetOf((float[])state, x);
                if (first <= 40 && 40 < first + x.Length)
                {
                    throw new InvalidOperationException("part failed");
                }
            }));
        Assert.Equal("part failed", exception.Message);

        var rows = TestData.Features(64, 1, seed: 5);
        ParallelBatch.Predict(rows, null, rows, 1, outputs, 1, 1, 8, static (_, _, x, y) => x.CopyTo(y));
        Assert.Equal(rows, outputs);
    }

    [Fact]
    public async Task A_pool_busy_with_another_batch_leaves_the_same_results_to_the_caller()
    {
        var model = new Mlp784(seed: 21) { Threads = 2 };
        float[] features = TestData.Features(64, 784, seed: 22);
        float[] labels = TestData.Labels(64, 1, seed: 23);
        float[] predictions = new float[64];
        model.PredictBatch(features, predictions);
        float loss = model.ComputeGradients(features, labels);
        float[] gradients = model.Gradients.ToArray();

        // Another thread holds the pool with a batch whose parts wait until released.
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        float[] dummy = new float[4];
        Task holder = Task.Factory.StartNew(() => ParallelBatch.Predict((holding, release), null, dummy, 1, dummy, 1, 1, 2, static (state, _, _, _) =>
        {
            var (held, released) = ((ManualResetEventSlim, ManualResetEventSlim))state;
            held.Set();
            released.Wait();
        }), TaskCreationOptions.LongRunning);
        try
        {
            Assert.True(holding.Wait(TimeSpan.FromSeconds(30)), "the holding batch never started");
            float[] busyPredictions = new float[64];
            model.PredictBatch(features, busyPredictions);
            float busyLoss = model.ComputeGradients(features, labels);

            Assert.Equal(predictions, busyPredictions);
            Assert.Equal(loss, busyLoss);
            Assert.Equal(gradients, model.Gradients.ToArray());
        }
        finally
        {
            release.Set();
            await holder;
        }
    }

    public static TheoryData<string, int> Batches => new()
    {
        { nameof(Mlp30), 1024 },
        { nameof(Mlp784), 256 },
        { nameof(SmallCnn), 200 },
        { nameof(SeedCnn), 32 },
    };

    private static IGradientModel Create(string name, int seed) => name switch
    {
        nameof(Mlp30) => new Mlp30(seed),
        nameof(Mlp784) => new Mlp784(seed),
        nameof(SmallCnn) => new SmallCnn(seed),
        nameof(SeedCnn) => new SeedCnn(seed),
        _ => new NormalizedCnn(seed),
    };

    private static long MultiplyAdds(IGradientModel model) => model.Layers.Sum(layer => layer.MultiplyAdds);

    [Theory]
    [MemberData(nameof(Batches))]
    public void Predictions_are_the_same_bits_on_every_thread_count(string name, int rows)
    {
        IGradientModel model = Create(name, seed: 31);
        Assert.True(ParallelBatch.Parts(2, rows, MultiplyAdds(model)) > 1, "this batch is too small to be split: the test would prove nothing");
        float[] features = TestData.Features(rows, model.InputSize, seed: 32);
        model.Threads = 1;
        float[] sequential = new float[rows * model.OutputSize];
        model.PredictBatch(features, sequential);

        foreach (int threads in new[] { 2, 3, 8 })
        {
            model.Threads = threads;
            float[] split = new float[rows * model.OutputSize];
            model.PredictBatch(features, split);
            Assert.Equal(sequential, split);
        }
    }

    /// <summary>
    /// A network of Dense layers splits each wide layer's products by outputs, in whole tiles, not its batch by samples,
    /// and its optimizer step by parameters: every thread count gives one thread's bits.
    /// </summary>
    [Fact]
    public void Dense_networks_train_to_the_same_bits_on_every_thread_count()
    {
        const int Batch = 64;
        float[] features = TestData.Features(Batch, 784, seed: 44);
        float[] labels = TestData.Labels(Batch, 1, seed: 45);
        float[] weights = TestData.Weights(Batch, seed: 46);
        Assert.Equal(TrainingParallelism.ByLayerOutputs, new Mlp784(seed: 47).TrainingParallelism);
        (float Loss, float[] Parameters) sequential = Train(1);
        foreach (int threads in new[] { 2, 3, 8 })
        {
            (float loss, float[] parameters) = Train(threads);
            Assert.Equal(sequential.Loss, loss);
            Assert.Equal(sequential.Parameters, parameters);
        }

        (float Loss, float[] Parameters) Train(int threads)
        {
            var model = new Mlp784(seed: 47) { Threads = threads };
            float loss = 0f;
            for (int step = 0; step < 3; step++)
            {
                loss = model.TrainStep(features, labels, weights);
            }

            return (loss, model.Parameters.ToArray());
        }
    }

    [Theory]
    [InlineData(nameof(Mlp784), 64)]
    [InlineData(nameof(SmallCnn), 64)]
    [InlineData(nameof(SeedCnn), 32)]
    public void Training_is_reproducible_for_each_thread_count_and_agrees_across_them(string name, int batch)
    {
        float[] features = TestData.Features(batch, Create(name, 0).InputSize, seed: 41);
        float[] labels = TestData.Labels(batch, 1, seed: 42);
        float[] weights = TestData.Weights(batch, seed: 43);
        (float Loss, float[] Gradients, float[] Parameters) sequential = Train(1);
        Assert.Equal(name == nameof(Mlp784) ? TrainingParallelism.ByLayerOutputs : TrainingParallelism.BySamples, Create(name, 0).TrainingParallelism);
        Assert.True(ParallelBatch.Parts(2, batch, 3 * MultiplyAdds(Create(name, 0))) > 1, "this batch is too small to be split: the test would prove nothing");

        foreach (int threads in new[] { 2, 3 })
        {
            var first = Train(threads);
            var second = Train(threads);
            Assert.Equal(first.Loss, second.Loss);
            Assert.Equal(first.Gradients, second.Gradients);
            Assert.Equal(first.Parameters, second.Parameters);

            // Only the order in which the parts' sums are added differs: dropout masks follow the sample, not the part.
            Assert.Equal(sequential.Loss, first.Loss, 1e-5f);
            float scale = sequential.Gradients.Max(MathF.Abs);
            for (int k = 0; k < sequential.Gradients.Length; k++)
            {
                Assert.True(MathF.Abs(sequential.Gradients[k] - first.Gradients[k]) <= 1e-5f * scale,
                    $"{threads} threads: gradient {k} is {first.Gradients[k]}, sequentially {sequential.Gradients[k]}");
            }
        }

        (float Loss, float[] Gradients, float[] Parameters) Train(int threads)
        {
            IGradientModel model = Create(name, seed: 40);
            model.Threads = threads;
            float loss = model.ComputeGradients(features, labels, weights);
            float[] gradients = model.Gradients.ToArray();
            for (int step = 0; step < 3; step++)
            {
                model.TrainStep(features, labels, weights);
            }

            return (loss, gradients, model.Parameters.ToArray());
        }
    }

    [Fact]
    public void The_gradient_check_passes_when_the_batch_is_split()
    {
        var model = new SmoothDropoutCnn(seed: 51) { Threads = 2 };
        float[] features = TestData.Features(64, SmoothDropoutCnn.InputSize, seed: 52);
        float[] labels = TestData.Labels(64, 1, seed: 53);
        Assert.True(ParallelBatch.Parts(2, 64, 3 * MultiplyAdds(model)) > 1, "this batch is too small to be split: the test would prove nothing");

        GradientCheckResult check = model.CheckGradients(features, labels, TestData.Weights(64, seed: 54));

        Assert.True(check.MaxRelativeError < 1e-3, check.ToString());
    }

    [Fact]
    public void Batch_normalization_models_train_on_one_thread_whatever_is_asked()
    {
        float[] features = TestData.Features(64, 100, seed: 61);
        float[] labels = TestData.Labels(64, 1, seed: 62);
        var sequential = new NormalizedCnn(seed: 60) { Threads = 1 };
        var asked = new NormalizedCnn(seed: 60) { Threads = 4 };
        Assert.Equal(TrainingParallelism.None, asked.TrainingParallelism);

        Assert.Equal(sequential.ComputeGradients(features, labels), asked.ComputeGradients(features, labels));
        Assert.Equal(sequential.Gradients.ToArray(), asked.Gradients.ToArray());
    }

    [Fact]
    public void Thread_counts_below_one_are_refused_and_fit_restores_the_models_own()
    {
        var model = new Mlp30(seed: 71);
        Assert.Equal(Environment.ProcessorCount, model.Threads);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Threads = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(Training.TrainingData.Separable(64, seed: 72), new FitOptions { Threads = 0 }));

        model.Threads = 3;
        var seen = new System.Collections.Generic.List<int>();
        model.Fit(Training.TrainingData.Separable(64, seed: 72), new FitOptions
        {
            Epochs = 2,
            Threads = 1,
            Verbosity = Verbosity.Silent,
            Callbacks = new Callback[] { new ThreadsProbe(model, seen) },
        });

        Assert.Equal(new[] { 1, 1 }, seen);
        Assert.Equal(3, model.Threads);
    }

    private sealed class ThreadsProbe(IGradientModel model, System.Collections.Generic.List<int> seen) : Callback
    {
        public override void OnEpochEnd(TrainingContext context, EpochResult result) => seen.Add(model.Threads);
    }

    private static int OffsetOf(float[] array, ReadOnlySpan<float> slice) =>
        (int)(System.Runtime.CompilerServices.Unsafe.ByteOffset(ref array[0], ref System.Runtime.InteropServices.MemoryMarshal.GetReference(slice)) / sizeof(float));

    private sealed class GradientState(float[] features, float[] labels, float[] weights)
    {
        private readonly float[] _features = features, _labels = labels, _weights = weights;

        public ConcurrentQueue<string> Failures { get; } = new();

        /// <summary>Part k's gradient entry j: magnitudes far apart, so the float sum depends on the order.</summary>
        public static float Value(int part, int j) => MathF.Pow(10, 4 * ((part + j) % 3)) * (1 + 0.1f * (part + 1)) * (j % 2 == 0 ? 1 : -1);

        public static double Body(object model, in BatchPart part)
        {
            var state = (GradientState)model;
            int start = OffsetOf(state._features, part.Features) / 2;
            if (start != part.First || part.BatchSize != state._labels.Length || part.Labels.Length != part.Features.Length / 2
                || OffsetOf(state._labels, part.Labels) != part.First || OffsetOf(state._weights, part.SampleWeights) != part.First)
            {
                state.Failures.Enqueue($"part {part.Index} is not the batch's slice from sample {part.First}");
            }

            Array.Clear(part.Gradients);
            for (int j = 0; j < part.Gradients.Length; j++)
            {
                part.Gradients[j] += Value(part.Index, j);
            }

            double total = 0;
            for (int n = 0; n < part.Labels.Length; n++)
            {
                part.Scores[n] = part.First + n;
                total += part.SampleWeights[n];
            }

            return total;
        }
    }
}

/// <summary>Smooth activations (finite differences need no kinks) and dropout in a network whose batches are split across threads.</summary>
[Input(8, 8, 1)]
[Conv2D(3, 3, activation: Activation.Tanh)]
[Dropout(0.4)]
[AvgPool2D(2)]
[Flatten]
[Dense(64, Activation.Tanh)]
[Dropout(0.2)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class SmoothDropoutCnn { }
