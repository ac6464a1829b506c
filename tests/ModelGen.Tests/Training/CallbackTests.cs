using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Persistence;
using ModelGen.Tests.Models;
using ModelGen.Training;
using ModelGen.Training.Callbacks;
using ModelGen.Tests.Infrastructure;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Training;

public sealed class CallbackTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("modelgen-callbacks-");

    public void Dispose() => _folder.Dispose();

    /// <summary>Training on noise overfits: validation loss bottoms out early and then rises.</summary>
    private static (Dataset Train, Dataset Validation) Overfitting() => (Noise(120, seed: 1), Noise(120, seed: 2));

    private static FitOptions Options(Dataset validation, params Callback[] callbacks) =>
        new() { Epochs = 60, BatchSize = 16, ValidationData = validation, Callbacks = callbacks, Metrics = Array.Empty<EpochMetric>() };

    [Fact]
    public void Early_stopping_stops_patience_epochs_after_the_best_and_restores_its_weights()
    {
        (Dataset train, Dataset validation) = Overfitting();
        var stop = new EarlyStopping("val_loss", patience: 3, restoreBestWeights: true);
        var model = new Mlp30(seed: 1) { LearningRate = 0.01f };
        History history = model.Fit(train, Options(validation, stop));

        double[] losses = history["val_loss"].ToArray();
        int best = Array.IndexOf(losses, losses.Min()) + 1;
        Assert.Equal(best, stop.BestEpoch);
        Assert.Equal(best + 4, stop.StoppedEpoch);
        Assert.Equal(stop.StoppedEpoch, history.Epochs.Count);
        Assert.Contains("early stopping", history.StopReason);
        Assert.Equal(losses[best - 1], Trainer.Loss(model, validation, batchSize: 16), 6);
    }

    [Fact]
    public void Early_stopping_with_min_delta_and_max_mode_needs_real_improvement()
    {
        Dataset data = Separable(200, seed: 3);
        var stop = new EarlyStopping("accuracy", patience: 0, minDelta: 1.0, mode: MonitorMode.Max);
        History history = new Mlp30().Fit(data, new FitOptions { Epochs = 10, Callbacks = new[] { stop } });

        // No accuracy can improve by more than 1, so only the first epoch counts as an improvement.
        Assert.Equal(1, stop.BestEpoch);
        Assert.Equal(2, history.Epochs.Count);
    }

    [Fact]
    public void Monitoring_a_quantity_that_is_not_logged_names_what_is()
    {
        Dataset data = Separable(40, seed: 3);
        var error = Assert.Throws<InvalidOperationException>(() =>
            new Mlp30().Fit(data, new FitOptions { Epochs = 2, Callbacks = new[] { new EarlyStopping("val_loss") } }));
        Assert.Contains("'val_loss' was not logged", error.Message);
        Assert.Contains("'loss', 'accuracy', 'lr'", error.Message);
        Assert.Contains("ValidationSplit", error.Message);
    }

    [Fact]
    public void Checkpoint_keeps_the_best_weights_on_disk_and_leaves_no_temporary_file()
    {
        (Dataset train, Dataset validation) = Overfitting();
        string path = _folder.File("best.mgw");
        var checkpoint = new ModelCheckpoint(path, "val_loss", saveBestOnly: true);
        var model = new Mlp30(seed: 1) { LearningRate = 0.01f };
        History history = model.Fit(train, Options(validation, checkpoint) with { Epochs = 25 });

        var restored = new Mlp30(seed: 99);
        WeightsFile.Load(restored, path);
        Assert.Equal(history["val_loss"].Min(), Trainer.Loss(restored, validation, batchSize: 16), 6);
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder.FullName));
    }

    [Fact]
    public void Checkpoint_every_epoch_fills_in_the_epoch_number()
    {
        Dataset data = Separable(40, seed: 3);
        new Mlp30().Fit(data, new FitOptions { Epochs = 3, Callbacks = new[] { new ModelCheckpoint(_folder.File("epoch-{epoch}.mgw"), "loss") } });
        Assert.Equal(new[] { "epoch-1.mgw", "epoch-2.mgw", "epoch-3.mgw" }, Directory.GetFiles(_folder.FullName).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Reduce_on_plateau_multiplies_the_rate_after_patience_and_respects_the_floor()
    {
        (Dataset train, Dataset validation) = Overfitting();
        var reduce = new ReduceLearningRateOnPlateau("val_loss", factor: 0.5, patience: 2, minDelta: 0, minLearningRate: 0.002);
        History history = new Mlp30(seed: 1) { LearningRate = 0.01f }.Fit(train, Options(validation, reduce) with { Epochs = 30 });

        double[] rates = history["lr"].ToArray();
        double[] losses = history["val_loss"].ToArray();
        Assert.Equal(0.01, rates[0], 6);
        Assert.Equal(0.002, rates[^1], 6);
        for (int e = 1; e < rates.Length; e++)
        {
            if (rates[e] < rates[e - 1])
            {
                // A reduction follows three epochs (patience + 1) without a new best validation loss.
                double bestBefore = losses.Take(e - 3).DefaultIfEmpty(double.PositiveInfinity).Min();
                Assert.True(losses.Skip(e - 3).Take(3).All(l => l >= bestBefore), $"reduced after epoch {e} although the loss improved");
                Assert.Equal(Math.Max(rates[e - 1] * 0.5, 0.002), rates[e], 6);
            }
        }
    }

    [Fact]
    public void Terminate_on_nan_stops_and_keeps_finite_weights()
    {
        Dataset data = Separable(200, seed: 3);
        var guard = new TerminateOnNaN();
        var model = new Mlp30(seed: 1) { LearningRate = 1e30f };
        History history = model.Fit(data, new FitOptions { Epochs = 20, BatchSize = 8, Callbacks = new[] { guard } });

        Assert.True(guard.FailedEpoch > 0, "the huge learning rate never produced a non-finite loss");
        Assert.Contains("TerminateOnNaN", history.StopReason);
        Assert.True(history.Epochs.Count < 20);
        Assert.All(model.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
        Assert.True(float.IsFinite(model.ComputeLoss(data.Features, data.Labels)));
    }

    [Theory]
    [InlineData("step")]
    [InlineData("exponential")]
    [InlineData("cosine")]
    public void Schedules_set_the_rate_each_epoch_trains_with(string kind)
    {
        Dataset data = Separable(40, seed: 3);
        (LearningRateScheduler scheduler, Func<int, double> expected) = kind switch
        {
            "step" => (LearningRateScheduler.Step(0.1, 0.5, every: 2), (Func<int, double>)(e => 0.1 * Math.Pow(0.5, e / 2))),
            "exponential" => (LearningRateScheduler.Exponential(0.1, 0.9), e => 0.1 * Math.Pow(0.9, e)),
            _ => (LearningRateScheduler.Cosine(0.1, epochs: 4, minimum: 0.01), e => 0.01 + 0.09 * (1 + Math.Cos(Math.PI * Math.Min(e, 4) / 4)) / 2),
        };
        History history = new Mlp30().Fit(data, new FitOptions { Epochs = 6, Callbacks = new[] { scheduler } });

        for (int e = 0; e < 6; e++)
        {
            Assert.Equal((float)expected(e), (float)history["lr"][e]);
        }
    }

    [Fact]
    public void A_schedule_returning_nonsense_is_an_error()
    {
        Dataset data = Separable(40, seed: 3);
        var error = Assert.Throws<InvalidOperationException>(() =>
            new Mlp30().Fit(data, new FitOptions { Epochs = 2, Callbacks = new[] { new LearningRateScheduler((_, _) => double.NaN) } }));
        Assert.Contains("positive and finite", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.01)]
    [InlineData(0.0)]
    public void A_schedule_may_not_set_a_rate_the_attribute_would_reject(double rate)
    {
        Dataset data = Separable(40, seed: 3);
        var model = new Mlp30(seed: 1);
        var error = Assert.Throws<InvalidOperationException>(() =>
            model.Fit(data, new FitOptions { Epochs = 3, Callbacks = new[] { new LearningRateScheduler((epoch, old) => epoch == 1 ? rate : old) } }));
        Assert.Contains("epoch 2", error.Message);
        Assert.Equal(1e-3f, model.LearningRate); // Mlp30's declared rate, never replaced by the bad one
    }
}
