using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ModelGen.Data;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Training;

/// <summary>
/// A fit left to choose (no <see cref="FitOptions.Threads"/>) times a model that trains to the same bits on any thread
/// count on its own count, its halves and one thread, and keeps the fastest; it never does so where the count changes
/// what training computes, nor when told a count. The steps here spin for a set time on each count, so which is
/// fastest is beyond the machine's noise (3.3×).
/// </summary>
public sealed class ThreadCalibrationTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(0.3);
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(1);

    /// <summary>Enough 2-sample steps (512, at least 0.15 s) to run past the first round's delay on any count and time the round.</summary>
    private static Dataset Steps() => Separable(1024, seed: 1);

    private static readonly FitOptions LeftToChoose = new() { Epochs = 1, BatchSize = 2, Verbosity = Verbosity.Silent };

    [Fact]
    public void A_fit_moves_to_one_thread_when_it_times_faster_and_gives_the_model_its_own_count_back()
    {
        var model = new TimedSteps(TrainingParallelism.ByLayerOutputs, 2, new() { [2] = Slow, [1] = Fast });

        History history = model.Fit(Steps(), LeftToChoose);

        Assert.Equal(1, history.Threads);
        Assert.True(model.Steps(1) > model.Steps(2), $"{model.Steps(1)} steps on one thread, {model.Steps(2)} on two");
        Assert.Equal(2, model.Threads);
    }

    [Fact]
    public void A_fit_keeps_the_models_count_when_it_times_faster()
    {
        var model = new TimedSteps(TrainingParallelism.ByLayerOutputs, 2, new() { [2] = Fast, [1] = Slow });

        History history = model.Fit(Steps(), LeftToChoose);

        Assert.Equal(2, history.Threads);
        Assert.True(model.Steps(1) > 0, "no round timed one thread");
        Assert.True(model.Steps(1) < model.Steps(2) / 10, $"{model.Steps(1)} steps on one thread, {model.Steps(2)} on two");
    }

    [Fact]
    public void A_fit_times_the_halves_of_a_larger_count_and_can_settle_between()
    {
        var model = new TimedSteps(TrainingParallelism.ByLayerOutputs, 8, new() { [8] = Slow, [4] = Slow, [2] = Fast, [1] = Slow });

        History history = model.Fit(Steps(), LeftToChoose);

        Assert.Equal(2, history.Threads);
        Assert.Equal(new[] { 1, 2, 4, 8 }, model.CountsTrainedOn);
        Assert.Equal(8, model.Threads);
    }

    [Theory]
    [InlineData(TrainingParallelism.BySamples)]
    [InlineData(TrainingParallelism.None)]
    public void A_model_whose_count_changes_its_training_or_nothing_keeps_its_count(TrainingParallelism parallelism)
    {
        var model = new TimedSteps(parallelism, 2, new() { [2] = Slow, [1] = Fast });

        History history = model.Fit(Separable(600, seed: 1), LeftToChoose);

        Assert.Equal(2, history.Threads);
        Assert.Equal(new[] { 2 }, model.CountsTrainedOn);
    }

    [Fact]
    public void A_count_given_in_the_options_is_kept()
    {
        var model = new TimedSteps(TrainingParallelism.ByLayerOutputs, 2, new() { [2] = Slow, [1] = Fast });

        History history = model.Fit(Separable(600, seed: 1), LeftToChoose with { Threads = 2 });

        Assert.Equal(2, history.Threads);
        Assert.Equal(new[] { 2 }, model.CountsTrainedOn);
    }

    /// <summary>A real model of <paramref name="threads"/> threads whose training steps take <paramref name="durations"/> on each count.</summary>
    private sealed class TimedSteps(TrainingParallelism parallelism, int threads, Dictionary<int, TimeSpan> durations) : DelegatingModel(new Mlp30(seed: 1))
    {
        private readonly Dictionary<int, int> _steps = new();

        public override int Threads { get; set; } = threads;

        public override TrainingParallelism TrainingParallelism => parallelism;

        public int[] CountsTrainedOn => _steps.Keys.Order().ToArray();

        public int Steps(int threads) => _steps.GetValueOrDefault(threads);

        public override float TrainStep(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default)
        {
            long start = Stopwatch.GetTimestamp();
            float loss = Inner.TrainStep(features, labels, sampleWeights, scores);
            _steps[Threads] = Steps(Threads) + 1;
            while (Stopwatch.GetElapsedTime(start) < durations[Threads])
            {
            }

            return loss;
        }
    }
}
