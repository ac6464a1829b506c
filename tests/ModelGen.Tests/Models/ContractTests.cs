using ModelGen.Generators.Tests.Infrastructure;
using System;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>The generated contract: constants, parameter layout, seeded initialization, argument checks.</summary>
public sealed class ContractTests
{
    [Fact]
    public void Constants_describe_the_architecture()
    {
        Assert.Equal(30, Mlp30.InputSize);
        Assert.Equal(1, Mlp30.OutputSize);
        Assert.Equal(30 * 16 + 16 + 16 * 8 + 8 + 8 + 1, Mlp30.ParameterCount);
        Assert.Equal("Input(30) -> Dense(16, Relu) -> Dense(8, Relu) -> Dense(1, Sigmoid) | BinaryCrossEntropy", Mlp30.Architecture);
        IGradientModel model = new Mlp30();
        Assert.Equal(Mlp30.ParameterCount, model.Parameters.Length);
        Assert.Equal(0.001f, model.LearningRate);
        Assert.Equal(0.5f, model.DecisionThreshold);
    }

    [Fact]
    public void Same_seed_gives_same_weights_and_biases_start_at_zero()
    {
        var a = new Mlp30(seed: 42);
        var b = new Mlp30(seed: 42);
        var c = new Mlp30(seed: 43);
        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
        Assert.NotEqual(a.Parameters.ToArray(), c.Parameters.ToArray());

        // Layer 0: weights [16, 30] then bias [16]; He-uniform limit sqrt(6 / 30).
        ReadOnlySpan<float> p = a.Parameters;
        float limit = MathF.Sqrt(6f / 30f);
        foreach (float w in p[..480])
        {
            Assert.InRange(w, -limit, limit);
        }

        Assert.True(p.Slice(480, 16).IndexOfAnyExcept(0f) < 0);
        Assert.True(p.Slice(480 + 16 + 128, 8).IndexOfAnyExcept(0f) < 0);
    }

    [Fact]
    public void Initial_weights_are_pinned_across_machines()
    {
        // The first draws of SeededRandom(42) scaled to the He-uniform limit of Mlp30's first layer.
        var rng = new SeededRandom(42);
        double limit = Math.Sqrt(6.0 / 30);
        var model = new Mlp30(seed: 42);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal((float)((2 * rng.NextDouble() - 1) * limit), model.Parameters[i]);
        }

        // xoshiro256** seeded with SplitMix64: fixed by the algorithm, not by the runtime. The values come from an
        // independent Python transcription of the published reference code.
        var pinned = new SeededRandom(42);
        Assert.Equal(0x15780B2E0C2EC716UL, pinned.NextUInt64());
        Assert.Equal(0x6104D9866D113A7EUL, pinned.NextUInt64());
    }

    [Fact]
    public void Parameters_are_exchangeable_as_a_span()
    {
        var source = new Mlp30(seed: 1);
        var target = new Mlp30(seed: 2);
        source.Parameters.CopyTo(target.Parameters);
        float[] x = TestData.Features(1, 30, seed: 3);
        Assert.Equal(source.Predict(x), target.Predict(x));
    }

    [Fact]
    public void Wrong_sizes_are_rejected_with_the_expected_size()
    {
        var model = new Mlp30();
        var error = Assert.Throws<ArgumentException>(() => model.Predict(new float[29]));
        Assert.Contains("30", error.Message);
        Assert.Throws<ArgumentException>(() => model.TrainStep(new float[60], new float[3]));
        Assert.Throws<ArgumentException>(() => model.TrainStep(new float[60], new float[2], new float[1]));
        Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[60], new float[1]));
        Assert.Throws<ArgumentException>(() => new Softmax3().TrainStep(new float[12], new[] { 3f }));
    }

    [Fact]
    public void Softmax_model_predicts_a_distribution_and_scores_the_last_class()
    {
        var model = new Softmax3(seed: 5);
        float[] x = TestData.Features(1, 12, seed: 6);
        var output = new float[3];
        model.Predict(x, output);
        Assert.Equal(1f, output[0] + output[1] + output[2], 5);
        Assert.Equal(output[2], model.Predict(x));
    }

    [Fact]
    public void Training_reduces_the_loss_and_gradient_check_passes_on_the_built_model()
    {
        var model = new Mlp30(seed: 9);
        float[] x = TestData.Features(64, 30, seed: 10);
        float[] y = new float[64];
        for (int i = 0; i < 64; i++)
        {
            y[i] = x[i * 30] + x[i * 30 + 1] > 0 ? 1 : 0;
        }

        GradientCheckResult check = model.CheckGradients(x.AsSpan(0, 8 * 30), y.AsSpan(0, 8));
        Assert.True(check.MaxRelativeError < 1e-3, check.ToString());

        float first = model.TrainStep(x, y);
        float last = first;
        for (int i = 0; i < 200; i++)
        {
            last = model.TrainStep(x, y);
        }

        Assert.True(last < first / 2, $"loss went from {first} to {last}");
    }

    [Fact]
    public void Compute_loss_matches_the_training_loss_and_leaves_gradients_alone()
    {
        var model = new Mlp30(seed: 4);
        float[] x = TestData.Features(16, 30, seed: 5);
        float[] y = TestData.Labels(16, 2, seed: 6);
        float fromGradients = model.ComputeGradients(x, y);
        float[] gradients = model.Gradients.ToArray();

        Assert.Equal(fromGradients, model.ComputeLoss(x, y));
        Assert.Equal(gradients, model.Gradients.ToArray());
    }

    [Fact]
    public void L2_strengths_start_from_the_attributes_and_can_be_tuned_at_run_time()
    {
        var model = new Softmax3(seed: 4);
        Assert.Equal(new[] { 0f, 0f }, model.L2Strengths.ToArray());
        float[] x = TestData.Features(8, 12, seed: 5);
        float[] y = TestData.Labels(8, 3, seed: 6);
        float plain = model.ComputeLoss(x, y);

        model.L2Strengths.Fill(0.01f);
        double squares = 0;
        ReadOnlySpan<float> p = model.Parameters;
        for (int k = 0; k < 12 * 10; k++)
        {
            squares += (double)p[k] * p[k];
        }

        for (int k = 12 * 10 + 10; k < 12 * 10 + 10 + 10 * 3; k++)
        {
            squares += (double)p[k] * p[k];
        }

        Assert.Equal(plain + 0.01 * squares, model.ComputeLoss(x, y), 4);
        GradientCheckResult check = model.CheckGradients(x, y);
        Assert.True(check.MaxRelativeError < 1e-3, check.ToString());
    }
}
