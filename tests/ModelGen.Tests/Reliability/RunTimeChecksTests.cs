using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Persistence;
using ModelGen.Selection;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Reliability;

/// <summary>
/// Nothing silent at run time: settings the build would reject are rejected when set, a diverging fit stops with the
/// last finite weights, non-finite weights are never saved, labels outside the loss's domain are refused, and checking
/// gradients changes nothing.
/// </summary>
public sealed class RunTimeChecksTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("modelgen-reliability-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<float> BadRates => new() { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -1e-3f, 0f };

    [Theory]
    [MemberData(nameof(BadRates))]
    public void A_learning_rate_the_attribute_rejects_is_rejected_when_set(float rate)
    {
        var model = new Mlp30(seed: 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.LearningRate = rate);
        Assert.Contains("positive and finite", error.Message);
        Assert.Equal(1e-3f, model.LearningRate);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hyperparameters { LearningRate = rate });
    }

    [Fact]
    public void Hyperparameters_reject_what_training_cannot_use()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hyperparameters { Epochs = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hyperparameters { BatchSize = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hyperparameters { L2 = float.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hyperparameters { L2 = -1f });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Hyperparameters { Threshold = float.PositiveInfinity });
    }

    [Fact]
    public void An_L2_strength_set_to_nonsense_stops_fit_before_the_first_step()
    {
        var model = new Mlp30(seed: 1);
        model.L2Strengths[1] = float.NaN;
        float[] before = model.Parameters.ToArray();
        var error = Assert.Throws<ArgumentException>(() => model.Fit(Separable(40, seed: 1), new FitOptions { Epochs = 1 }));
        Assert.Contains("L2Strengths[1]", error.Message);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void A_diverging_fit_stops_naming_epoch_and_batch_and_keeps_finite_weights()
    {
        var model = new Mlp30(seed: 1) { LearningRate = 1e30f };
        var error = Assert.Throws<TrainingDivergedException>(() =>
            model.Fit(Separable(200, seed: 1), new FitOptions { Epochs = 20, BatchSize = 16 }));

        Assert.Contains($"batch {error.Batch} in epoch {error.Epoch}", error.Message);
        Assert.False(float.IsFinite(error.Loss));
        Assert.True(model.Parameters.ToArray().All(float.IsFinite), "the model must keep finite weights");
        Assert.Equal(error.Epoch - 1, error.History.Epochs.Count);
    }

    [Fact]
    public void A_training_step_with_a_non_finite_loss_changes_nothing()
    {
        var model = new Mlp30(seed: 1);
        Dataset data = Separable(16, seed: 2);
        model.TrainStep(data.Features, data.Labels); // moments and step count now non-zero
        model.Parameters[0] = float.NaN;
        float[] before = model.Parameters.ToArray();

        float loss = model.TrainStep(data.Features, data.Labels);

        Assert.True(float.IsNaN(loss));
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void SkipBatch_trains_past_a_diverged_batch_and_counts_it()
    {
        var model = new FailsOnce(new Mlp30(seed: 1), failingStep: 3);
        History history = Trainer.Fit(model, Separable(64, seed: 1), new FitOptions { Epochs = 2, BatchSize = 16, OnNonFiniteLoss = NonFiniteLoss.SkipBatch });

        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(1.0, history.Epochs[0].Logs["skipped_batches"]);
        Assert.False(history.Epochs[1].Logs.ContainsKey("skipped_batches"));
        Assert.True(double.IsFinite(history.Epochs[0].Loss));
    }

    [Fact]
    public void Stop_is_the_default_and_names_the_batch()
    {
        var model = new FailsOnce(new Mlp30(seed: 1), failingStep: 6);
        var error = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(model, Separable(64, seed: 1), new FitOptions { Epochs = 3, BatchSize = 16 }));
        Assert.Equal(2, error.Epoch);
        Assert.Equal(2, error.Batch);
        Assert.Single(error.History.Epochs);
    }

    [Fact]
    public void Non_finite_weights_are_never_saved_by_any_writer()
    {
        var model = new Mlp30(seed: 1);
        model.Parameters[17] = float.NaN;
        var writers = new (string File, Action<string> Save)[]
        {
            ("w.mgw", path => WeightsFile.Save(model, path)),
            ("w.mgwt", path => TextWeightsFile.Save(model, path)),
            ("w.safetensors", path => SafeTensorsFile.Save(model, path)),
            ("c.mgc", path => new Classifier(model).Save(path)),
        };

        foreach ((string file, Action<string> save) in writers)
        {
            string path = _folder.File(file);
            var error = Assert.Throws<InvalidOperationException>(() => save(path));
            Assert.Contains("dense.weight[17]", error.Message);
            Assert.Contains("nothing was written", error.Message);
            Assert.False(File.Exists(path), file);
        }

        Assert.Empty(Directory.GetFiles(_folder.FullName));
    }

    [Fact]
    public void Save_errors_name_the_file_asked_for_not_the_temporary_one()
    {
        var model = new Mlp30(seed: 1);
        string missing = Path.Combine(_folder.FullName, "no-such-folder", "model.mgw");
        var error = Assert.Throws<DirectoryNotFoundException>(() => WeightsFile.Save(model, missing));
        Assert.Contains(missing, error.Message);
        Assert.DoesNotContain(".tmp", error.Message);

        var directory = Assert.Throws<IOException>(() => WeightsFile.Save(model, _folder.FullName));
        Assert.Contains("is a directory", directory.Message);
    }

    [Fact]
    public void Loading_from_a_directory_says_it_is_a_directory()
    {
        var error = Assert.Throws<FileNotFoundException>(() => WeightsFile.Load(new Mlp30(), _folder.FullName));
        Assert.Contains("is a directory", error.Message);
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(-1f)]
    [InlineData(0.5f)]
    [InlineData(float.NaN)]
    public void Labels_outside_the_losss_domain_are_argument_errors(float label)
    {
        var model = new Mlp30(seed: 1);
        Dataset data = Separable(4, seed: 2);
        float[] labels = data.Labels.ToArray();
        labels[2] = label;
        float[] before = model.Parameters.ToArray();

        var error = Assert.Throws<ArgumentException>(() => model.TrainStep(data.Features, labels));
        Assert.Contains("position 2", error.Message);
        Assert.Throws<ArgumentException>(() => model.ComputeLoss(data.Features, labels));
        Assert.Equal(before, model.Parameters.ToArray());

        var softmax = new Softmax3(seed: 1);
        Assert.Throws<ArgumentException>(() => softmax.TrainStep(new float[Softmax3.InputSize], new[] { 3f }));
    }

    [Fact]
    public void Gradients_and_gradient_checks_leave_batch_normalization_statistics_alone()
    {
        var model = new NormalizedCnn(seed: 1);
        var random = new Random(3);
        float[] features = Enumerable.Range(0, 8 * NormalizedCnn.InputSize).Select(_ => (float)random.NextDouble()).ToArray();
        float[] labels = Enumerable.Range(0, 8).Select(i => (float)(i % 2)).ToArray();
        float[] before = model.Parameters.ToArray();

        model.ComputeGradients(features, labels);
        model.CheckGradients(features, labels);
        model.ComputeLoss(features, labels);
        Assert.Equal(before, model.Parameters.ToArray());

        model.TrainStep(features, labels);
        var runningMean = model.Layers[1].Tensors.Single(t => t.Name == "running_mean");
        Assert.NotEqual(before.AsSpan(runningMean.Offset, runningMean.Length).ToArray(), model.Parameters.Slice(runningMean.Offset, runningMean.Length).ToArray());
    }

    /// <summary>A model whose <paramref name="failingStep"/>-th training step reports a NaN loss (and, as generated steps do, changes nothing).</summary>
    private sealed class FailsOnce(IGradientModel inner, int failingStep) : DelegatingModel(inner)
    {
        private int _steps;

        public override float TrainStep(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default) =>
            ++_steps == failingStep ? float.NaN : Inner.TrainStep(features, labels, sampleWeights, scores);
    }
}
