using System;
using System.Diagnostics;
using ModelGen.Data;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Training;

/// <summary>
/// A fit left to choose (no <see cref="FitOptions.Threads"/>) times a model that trains to the same bits on any thread
/// count on its own thread count against one thread and keeps the faster; it never does so where the count changes
/// what training computes, nor when told a count. The steps here spin for a set time on each count, so which is
/// faster is beyond the machine's noise (3.3×).
/// </summary>
public sealed class ThreadCalibrationTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(0.3);
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(1);

    /// <summary>Enough 2-sample steps (512, at least 0.15 s) to run past the first round's delay on either count and time the round.</summary>
    private static Dataset Steps() => Separable(1024, seed: 1);

    private static readonly FitOptions LeftToChoose = new() { Epochs = 1, BatchSize = 2, Verbosity = Verbosity.Silent };

    [Fact]
    public void A_fit_moves_to_one_thread_when_it_times_faster_and_gives_the_model_its_own_count_back()
    {
        var model = new TimedSteps(TrainingParallelism.ByLayerOutputs, many: Slow, one: Fast);

        History history = model.Fit(Steps(), LeftToChoose);

        Assert.Equal(1, history.Threads);
        Assert.True(model.StepsOnOne > model.StepsOnMany, $"{model.StepsOnOne} steps on one thread, {model.StepsOnMany} on two");
        Assert.Equal(2, model.Threads);
    }

    [Fact]
    public void A_fit_keeps_the_models_count_when_it_times_faster()
    {
        var model = new TimedSteps(TrainingParallelism.ByLayerOutputs, many: Fast, one: Slow);

        History history = model.Fit(Steps(), LeftToChoose);

        Assert.Equal(2, history.Threads);
        Assert.True(model.StepsOnOne > 0, "no round timed one thread");
        Assert.True(model.StepsOnOne < model.StepsOnMany / 10, $"{model.StepsOnOne} steps on one thread, {model.StepsOnMany} on two");
    }

    [Theory]
    [InlineData(TrainingParallelism.BySamples)]
    [InlineData(TrainingParallelism.None)]
    public void A_model_whose_count_changes_its_training_or_nothing_keeps_its_count(TrainingParallelism parallelism)
    {
        var model = new TimedSteps(parallelism, many: Slow, one: Fast);

        History history = model.Fit(Separable(600, seed: 1), LeftToChoose);

        Assert.Equal(2, history.Threads);
        Assert.Equal(0, model.StepsOnOne);
    }

    [Fact]
    public void A_count_given_in_the_options_is_kept()
    {
        var model = new TimedSteps(TrainingParallelism.ByLayerOutputs, many: Slow, one: Fast);

        History history = model.Fit(Separable(600, seed: 1), LeftToChoose with { Threads = 2 });

        Assert.Equal(2, history.Threads);
        Assert.Equal(0, model.StepsOnOne);
    }

    /// <summary>A real model whose training steps take <paramref name="many"/> on its 2 threads and <paramref name="one"/> on one.</summary>
    private sealed class TimedSteps(TrainingParallelism parallelism, TimeSpan many, TimeSpan one) : DelegatingModel(new Mlp30(seed: 1))
    {
        public override int Threads { get; set; } = 2;

        public override TrainingParallelism TrainingParallelism => parallelism;

        public int StepsOnOne { get; private set; }

        public int StepsOnMany { get; private set; }

        public override float TrainStep(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default)
        {
            long start = Stopwatch.GetTimestamp();
            float loss = Inner.TrainStep(features, labels, sampleWeights, scores);
            TimeSpan duration = many;
            if (Threads == 1)
            {
                duration = one;
                StepsOnOne++;
            }
            else
            {
                StepsOnMany++;
            }

            while (Stopwatch.GetElapsedTime(start) < duration)
            {
            }

            return loss;
        }
    }
}
