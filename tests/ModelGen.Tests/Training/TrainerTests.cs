using ModelGen.Generators.Tests.Infrastructure;
using System;
using System.IO;
using ModelGen.Data;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;

namespace ModelGen.Tests.Training;

public sealed class TrainerTests
{
    private static Dataset Separable(int samples, int seed)
    {
        float[] x = TestData.Features(samples, 30, seed);
        float[] y = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            y[i] = x[i * 30] - x[i * 30 + 5] > 0 ? 1 : 0;
        }

        var names = new string[30];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = "f" + i;
        }

        return new Dataset(x, y, names);
    }

    [Fact]
    public void Same_seed_trains_bit_for_bit_the_same_model()
    {
        Dataset data = Separable(200, seed: 1);
        var a = new Mlp30(seed: 3);
        var b = new Mlp30(seed: 3);
        History ha = a.Fit(data, epochs: 5, batchSize: 16, seed: 9);
        History hb = b.Fit(data, epochs: 5, batchSize: 16, seed: 9);

        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
        Assert.Equal(ha.Epochs, hb.Epochs);
    }

    [Fact]
    public void History_records_training_and_validation_loss_and_the_log_has_one_line_per_epoch()
    {
        Dataset train = Separable(300, seed: 1);
        Dataset validation = Separable(100, seed: 2);
        var log = new StringWriter();
        History history = new Mlp30(seed: 3).Fit(train, epochs: 30, batchSize: 32, seed: 1, validationData: validation, log: log);

        Assert.Equal(30, history.Epochs.Count);
        Assert.True(history.Epochs[^1].Loss < history.Epochs[0].Loss / 2);
        Assert.NotNull(history.Epochs[^1].ValidationLoss);
        Assert.True(history.Epochs[^1].ValidationLoss < history.Epochs[0].ValidationLoss);
        string[] lines = log.ToString().TrimEnd().Split('\n');
        Assert.Equal(30, lines.Length);
        Assert.StartsWith("Epoch 30/30 - loss: ", lines[^1]);
        Assert.Contains(" - val_loss: ", lines[^1]);
    }

    [Fact]
    public void The_loop_adds_no_allocation_per_batch()
    {
        Dataset data = Separable(512, seed: 4);
        var model = new Mlp30(seed: 5);
        model.Fit(data, epochs: 1, batchSize: 8); // warm-up

        long few = Measure(() => model.Fit(data, epochs: 1, batchSize: 512));
        long many = Measure(() => model.Fit(data, epochs: 1, batchSize: 1));

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
}
