using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Sampling;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Training;

public sealed class TrainerTests
{
    [Fact]
    public void Same_seed_trains_bit_for_bit_the_same_model()
    {
        Dataset data = Separable(200, seed: 1);
        var a = new Mlp30(seed: 3);
        var b = new Mlp30(seed: 3);
        var options = new FitOptions { Epochs = 5, BatchSize = 16, Seed = 9, ValidationSplit = 0.2, ClassWeights = ClassWeights.Balanced, Resampler = new Smote() };
        History ha = a.Fit(data, options);
        History hb = b.Fit(data, options);

        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
        Assert.Equal(ha.Epochs.Select(e => e.Logs.ToArray()), hb.Epochs.Select(e => e.Logs.ToArray()));
    }

    [Fact]
    public void History_records_training_and_validation_loss_and_metrics_and_the_log_has_one_line_per_epoch()
    {
        Dataset train = Separable(300, seed: 1);
        Dataset validation = Separable(100, seed: 2);
        var log = new StringWriter();
        History history = new Mlp30(seed: 3).Fit(train, new FitOptions
        {
            Epochs = 30,
            Seed = 1,
            ValidationData = validation,
            Log = log,
            Metrics = new[] { EpochMetric.Accuracy, EpochMetric.RocAuc, EpochMetric.F1 },
        });

        Assert.Equal(30, history.Epochs.Count);
        Assert.True(history.Epochs[^1].Loss < history.Epochs[0].Loss / 2);
        Assert.True(history.Epochs[^1].ValidationLoss < history.Epochs[0].ValidationLoss);
        Assert.Equal(30, history["val_auc"].Count);
        Assert.True(history["val_accuracy"][^1] > 0.8, $"val_accuracy {history["val_accuracy"][^1]}");
        Assert.Equal(new[] { "loss", "accuracy", "auc", "f1", "val_loss", "val_accuracy", "val_auc", "val_f1", "lr" }, history.Epochs[0].Logs.Keys);
        string[] lines = log.ToString().TrimEnd().Split('\n');
        Assert.Equal(30, lines.Length);
        Assert.StartsWith("Epoch 30/30 - ", lines[^1]);
        Assert.Contains(" - loss: ", lines[^1]);
        Assert.Contains(" - val_auc: ", lines[^1]);
        Assert.DoesNotContain("\r", log.ToString());
    }

    [Fact]
    public void Epoch_metrics_come_from_the_scores_the_training_step_writes()
    {
        // With a learning rate far below float's resolution of the weights they never move (0 itself is rejected), so the
        // running metrics equal a separate evaluation.
        Dataset data = Separable(150, seed: 4);
        var model = new Mlp30(seed: 2) { LearningRate = 1e-30f };
        History history = model.Fit(data, new FitOptions { Epochs = 1, BatchSize = 16, Metrics = new[] { EpochMetric.Accuracy, EpochMetric.RocAuc, EpochMetric.AveragePrecision, EpochMetric.Precision, EpochMetric.Recall } });

        BinaryReport report = model.Evaluate(data);
        Assert.Equal(report.Accuracy, history["accuracy"][0], 12);
        Assert.Equal(report.RocAuc, history["auc"][0], 12);
        Assert.Equal(report.AveragePrecision, history["pr_auc"][0], 12);
        Assert.Equal(report.Precision, history["precision"][0], 12);
        Assert.Equal(report.Recall, history["recall"][0], 12);
        Assert.Equal(Trainer.Loss(model, data), history.Epochs[0].Loss, 5);
    }

    [Fact]
    public void Progress_bar_redraws_in_place_and_silent_writes_nothing()
    {
        Dataset data = Separable(64, seed: 1);
        var bar = new StringWriter();
        new Mlp30().Fit(data, new FitOptions { Epochs = 2, BatchSize = 8, Log = bar, Verbosity = Verbosity.ProgressBar });
        string text = bar.ToString();
        Assert.Contains("Epoch 1/2" + Environment.NewLine, text);
        Assert.Contains("\r8/8 [==============================] - ", text);
        Assert.Contains(" - accuracy: ", text);

        var silent = new StringWriter();
        new Mlp30().Fit(data, new FitOptions { Epochs = 2, Log = silent, Verbosity = Verbosity.Silent });
        Assert.Equal(string.Empty, silent.ToString());
    }

    [Fact]
    public void Validation_split_is_stratified_and_never_trained_on()
    {
        Dataset data = Imbalanced(200, seed: 3);
        var recorder = new RecordingResampler();
        History history = new Mlp30().Fit(data, new FitOptions { Epochs = 1, ValidationSplit = 0.25, Resampler = recorder });

        Assert.NotNull(history.Epochs[0].ValidationLoss);
        Dataset seen = Assert.Single(recorder.Inputs);
        int positives = data.PositiveCount;
        int heldOutPositives = (int)Math.Round(0.25 * positives, MidpointRounding.AwayFromZero);
        Assert.Equal(positives - heldOutPositives, seen.PositiveCount);
        Assert.Equal(data.Count - (heldOutPositives + (int)Math.Round(0.25 * (data.Count - positives), MidpointRounding.AwayFromZero)), seen.Count);
    }

    [Fact]
    public void Class_weights_equal_the_same_weights_given_per_sample()
    {
        Dataset data = Imbalanced(120, seed: 5);
        var byClass = new Mlp30(seed: 1);
        var bySample = new Mlp30(seed: 1);
        byClass.Fit(data, new FitOptions { Epochs = 3, BatchSize = 16, ClassWeights = ClassWeights.Of(0.5, 3) });
        float[] weights = data.Labels.ToArray().Select(y => y == 1f ? 3f : 0.5f).ToArray();
        bySample.Fit(data, new FitOptions { Epochs = 3, BatchSize = 16, SampleWeights = weights });

        Assert.Equal(byClass.Parameters.ToArray(), bySample.Parameters.ToArray());
    }

    [Fact]
    public void Balanced_class_weights_are_n_over_twice_the_class_count()
    {
        var labels = new float[200];
        labels.AsSpan(0, 50).Fill(1f);
        (float negative, float positive) = ClassWeights.Balanced.Resolve(labels);
        Assert.Equal(200f / 300f, negative);
        Assert.Equal(2f, positive);
        Assert.Throws<ArgumentException>(() => ClassWeights.Balanced.Resolve(new float[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassWeights.Of(-1, 1));
    }

    [Fact]
    public void Contradictory_or_malformed_options_are_rejected_with_the_reason()
    {
        Dataset data = Separable(40, seed: 1);
        var model = new Mlp30();
        Assert.Contains("not both", Assert.Throws<ArgumentException>(() => model.Fit(data, new FitOptions { ValidationSplit = 0.2, ValidationData = data })).Message);
        Assert.Contains("40 training samples", Assert.Throws<ArgumentException>(() => model.Fit(data, new FitOptions { SampleWeights = new float[3] })).Message);
        Assert.Contains("Resampler", Assert.Throws<ArgumentException>(() => model.Fit(data, new FitOptions { SampleWeights = new float[40], Resampler = new RandomOverSampler() })).Message);
        float[] negative = new float[40];
        negative[7] = -1f;
        Assert.Contains("Sample weight 7", Assert.Throws<ArgumentException>(() => model.Fit(data, new FitOptions { SampleWeights = negative })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(data, new FitOptions { ValidationSplit = 1.0 }));
    }

    [Fact]
    public void The_loop_adds_no_allocation_per_batch()
    {
        Dataset data = Separable(512, seed: 4);
        var model = new Mlp30(seed: 5);
        var options = new FitOptions { Epochs = 1, ClassWeights = ClassWeights.Of(1, 2) };
        model.Fit(data, options with { BatchSize = 8 }); // warm-up

        long few = Measure(() => model.Fit(data, options with { BatchSize = 512 }));
        long many = Measure(() => model.Fit(data, options with { BatchSize = 1 }));

        // 512 batches against 1: anything allocated per batch would show up 511 times.
        Assert.True(many - few < 512, $"1 batch allocated {few} bytes, 512 batches {many} bytes");
    }

    [Fact]
    public void Mismatched_feature_count_is_rejected()
    {
        var data = new Dataset(new float[10], new float[5], new[] { "a", "b" });
        var error = Assert.Throws<ArgumentException>(() => new Mlp30().Fit(data, epochs: 1));
        Assert.Contains("30 features", error.Message);
    }

    private static long Measure(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private sealed class RecordingResampler : IResampler
    {
        public System.Collections.Generic.List<Dataset> Inputs { get; } = new();

        public Dataset Resample(Dataset training, int seed)
        {
            Inputs.Add(training);
            return training;
        }
    }
}
