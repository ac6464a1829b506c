using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Tests.Models;
using ModelGen.Training;
using ModelGen.Training.Callbacks;
using Xunit;

namespace ModelGen.Tests.Training;

/// <summary>
/// The full-batch fit loop around the optimizers: callbacks, metrics and the log see one epoch per iteration; a
/// NaN or overflow in a line search stops with the last finite parameters and says where; a singular Hessian is
/// regularized and said; minibatch steps are refused.
/// </summary>
public sealed class FullBatchTrainerTests
{
    [Fact]
    public void Callbacks_metrics_and_the_log_see_one_epoch_per_iteration()
    {
        Dataset data = TrainingData.StandardizedCancer();
        (int[] trainRows, int[] validationRows) = Splitting.TrainTest(data.Labels, 0.25, stratify: true, seed: 1);
        (Dataset train, Dataset validation) = (data.Select(trainRows), data.Select(validationRows));
        var model = new LbfgsLogistic();
        model.Parameters.Clear();
        var recorder = new Recorder();
        var log = new StringWriter();
        History history = model.Fit(train, new FitOptions
        {
            Epochs = 100,
            ValidationData = validation,
            Metrics = new[] { EpochMetric.RocAuc },
            Callbacks = new Callback[] { recorder },
            Log = log,
            Verbosity = Verbosity.EpochLines,
        });

        int iterations = history.Epochs.Count;
        Assert.InRange(iterations, 3, 100);
        Assert.Equal(new[] { "train begin" }.Concat(Enumerable.Range(1, iterations).SelectMany(i => new[] { $"epoch {i} begin", $"batch {i} end", $"epoch {i} end" })).Append("train end"), recorder.Events);
        Assert.All(history.Epochs, e => Assert.True(e.Logs["evaluations"] >= 1));
        Assert.All(history.Epochs, e => Assert.InRange(e.Logs["auc"], 0.9, 1.0));
        Assert.All(history.Epochs, e => Assert.InRange(e.Logs["val_auc"], 0.9, 1.0));
        Assert.True(history["loss"][^1] < history["loss"][0], "the loss falls");
        Assert.Equal(model.ComputeLoss(validation.Features, validation.Labels), history["val_loss"][^1], 1e-6);
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(iterations, lines.Count(l => l.StartsWith("Epoch ", StringComparison.Ordinal)));
        Assert.Contains("evaluations: ", lines[0]);
    }

    [Fact]
    public void A_callback_stops_the_fit_after_its_iteration_and_can_restore_the_best_parameters()
    {
        Dataset data = TrainingData.StandardizedCancer();
        var model = new ConjugateGradientLogistic();
        model.Parameters.Clear();
        History history = model.Fit(data, new FitOptions { Epochs = 500, Callbacks = new Callback[] { new StopAt(4) } });
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal("stopped by the test at iteration 4", history.StopReason);
        Assert.Equal(history["loss"][^1], model.ComputeLoss(data.Features, data.Labels), 1e-6);
    }

    [Fact]
    public void An_overflow_in_the_line_search_stops_with_the_last_finite_parameters_and_says_where()
    {
        // With tiny first-layer weights the loss is finite; the first trial step (learning rate 10) overflows the hidden units.
        var model = new LbfgsOverflow();
        model.Parameters.Fill(0.5f);
        model.Parameters[..8].Fill(1e-39f);
        float[] start = model.Parameters.ToArray();
        History history = model.Fit(Overflowing(), new FitOptions { Epochs = 10 });
        Assert.Empty(history.Epochs);
        Assert.Contains("stopped at iteration 1: the loss or gradient is not finite at line-search step", history.StopReason);
        Assert.Contains("the last finite ones", history.StopReason);
        Assert.Equal(start, model.Parameters.ToArray());
    }

    [Fact]
    public void A_non_finite_loss_at_the_start_is_a_divergence()
    {
        var model = new LbfgsOverflow();
        model.Parameters.Fill(1f);
        var error = Assert.Throws<TrainingDivergedException>(() => model.Fit(Overflowing(), new FitOptions { Epochs = 5 }));
        Assert.Empty(error.History.Epochs);
        Assert.Contains("scale the features", error.Message);
    }

    /// <summary>Twenty rows of four features at ±3e38, the sign their label's: any weight of size 1 overflows the logit.</summary>
    private static Dataset Overflowing()
    {
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int i = 0; i < 20; i++)
        {
            float sign = i % 2 == 0 ? 1 : -1;
            rows.Add(new[] { sign * 3e38f, sign * 3e38f, sign * 3e38f, sign * 3e38f });
            labels.Add(i % 2);
        }

        return Dataset.FromArrays(rows, labels);
    }

    [Fact]
    public void A_singular_hessian_is_regularized_and_said()
    {
        // Feature 2 is zero in every row: its row and column of the Hessian are zero without L2.
        var random = new Random(3);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int i = 0; i < 200; i++)
        {
            float a = (float)random.NextDouble() * 2 - 1, b = (float)random.NextDouble() * 2 - 1;
            rows.Add(new[] { a, b, 0f, a - b });
            labels.Add(a + 0.5 * b + 0.3 * (random.NextDouble() - 0.5) > 0 ? 1 : 0);
        }

        var model = new NewtonUnregularized();
        model.Parameters.Clear();
        History history = model.Fit(Dataset.FromArrays(rows, labels), new FitOptions { Epochs = 30 });
        Assert.NotEmpty(history.Warnings);
        Assert.Contains("the Hessian is singular or indefinite", history.Warnings[0]);
        Assert.StartsWith("converged", history.StopReason);
        Assert.Equal(0f, model.Parameters[2]);
        Assert.True(model.Evaluate(Dataset.FromArrays(rows, labels)).Accuracy > 0.9);
    }

    [Fact]
    public void Newton_cg_on_logistic_regression_uses_exact_hessian_products()
    {
        Dataset data = TrainingData.StandardizedCancer();
        var model = new NewtonCgLogistic();
        Assert.True(model.IsLogisticRegression);
        Assert.False(new NewtonCgMlp().IsLogisticRegression);
        model.Parameters.Clear();
        History history = model.Fit(data, new FitOptions { Epochs = 50 });
        Assert.StartsWith("converged", history.StopReason);
        Assert.All(history.Epochs, e => Assert.Equal(0, e.Logs["hessian_gradients"]));

        // A network without an exact Hessian spends two gradients on each product.
        var mlp = new NewtonCgMlp();
        History differences = mlp.Fit(data, new FitOptions { Epochs = 3 });
        Assert.All(differences.Epochs, e => Assert.True(e.Logs["hessian_gradients"] >= 2 && e.Logs["hessian_gradients"] % 2 == 0));
    }

    [Fact]
    public void Minibatch_steps_are_refused()
    {
        Dataset data = TrainingData.StandardizedCancer();
        var model = new LbfgsLogistic();
        Assert.Contains("call Fit", Assert.Throws<NotSupportedException>(() => model.TrainStep(data.Features[..60], data.Labels[..2])).Message);
    }

    private sealed class Recorder : Callback
    {
        public List<string> Events { get; } = new();

        public override void OnTrainBegin(TrainingContext context) => Events.Add("train begin");

        public override void OnEpochBegin(TrainingContext context) => Events.Add($"epoch {context.Epoch} begin");

        public override void OnBatchEnd(TrainingContext context, float loss) => Events.Add($"batch {context.Epoch} end");

        public override void OnEpochEnd(TrainingContext context, EpochResult result) => Events.Add($"epoch {result.Epoch} end");

        public override void OnTrainEnd(TrainingContext context) => Events.Add("train end");
    }

    private sealed class StopAt(int iteration) : Callback
    {
        public override void OnEpochEnd(TrainingContext context, EpochResult result)
        {
            if (result.Epoch == iteration)
            {
                context.Stop($"stopped by the test at iteration {iteration}");
            }
        }
    }
}
