using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Numerics;

/// <summary>
/// Conv2D, pooling, Flatten and Dropout against central finite differences of the double-precision reference loss:
/// each layer first in the network (parameter gradients) and after another (input gradients), Valid and Same padding
/// (odd and even kernels, so asymmetric borders too), strides 1 and 2, overlapping pooling windows, batch normalization
/// after Dense and Conv2D (with dropout, so the layer-by-layer training pass draws the same masks), Dense layers wide
/// enough to train batched (odd widths, so every tile remainder runs), convolutions over enough channels for the
/// channel-last weight gradient (8, 9, 17 and 33 channels: whole vectors, remainders; output planes of 16 positions and
/// of 12, padded to a vector; Same padding with an even kernel, and on the first layer), and a full stack.
/// </summary>
public sealed class ConvolutionGradientTests
{
    private const double Tolerance = 1e-3;

    private const string Head = "[Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]";

    public static readonly Dictionary<string, (int Inputs, string Layers)> Models = new()
    {
        ["ConvValid"] = (84, "[Input(7, 6, 2)] [Conv2D(3, 3, activation: Activation.Tanh)] [Conv2D(2, 2, activation: Activation.Tanh)]"),
        ["ConvValidRelu"] = (84, "[Input(7, 6, 2)] [Conv2D(4, 3, activation: Activation.LeakyRelu, L2 = 0.01)] [Conv2D(2, 3, UseBias = false)]"),
        ["ConvSameOdd"] = (50, "[Input(5, 5, 2)] [Conv2D(3, 3, padding: Padding.Same, activation: Activation.Tanh)] [Conv2D(2, 3, padding: Padding.Same, activation: Activation.Sigmoid)]"),
        ["ConvSameEven"] = (36, "[Input(6, 6, 1)] [Conv2D(2, 2, padding: Padding.Same, activation: Activation.Tanh)] [Conv2D(2, 4, padding: Padding.Same)]"),
        ["ConvStride2"] = (98, "[Input(7, 7, 2)] [Conv2D(3, 3, stride: 2, activation: Activation.Tanh)] [Conv2D(2, 3, stride: 2, padding: Padding.Same, activation: Activation.Tanh)]"),
        ["MaxPool"] = (64, "[Input(8, 8, 1)] [Conv2D(2, 3, activation: Activation.Tanh)] [MaxPool2D(2)] [Conv2D(2, 2, activation: Activation.Tanh)] [MaxPool2D(2, 1)]"),
        ["MaxPoolFirstOverlapping"] = (50, "[Input(5, 5, 2)] [MaxPool2D(3, 1)] [Conv2D(2, 2, activation: Activation.Tanh)]"),
        ["AvgPool"] = (64, "[Input(8, 8, 1)] [Conv2D(2, 3, activation: Activation.Tanh)] [AvgPool2D(2)] [Conv2D(2, 2, activation: Activation.Tanh)] [AvgPool2D(2, 1)]"),
        ["Dropout"] = (64, "[Input(8, 8, 1)] [Conv2D(3, 3, activation: Activation.Tanh)] [Dropout(0.4)] [MaxPool2D(2)] [Dropout(0.25)]"),
        ["BatchNormDense"] = (6, "[Input(6)] [Dense(5, Activation.Tanh)] [BatchNorm] [Dense(4)] [BatchNorm(Momentum = 0.9, Epsilon = 0.01)] [Dropout(0.3)]"),
        ["BatchNormConv"] = (72, "[Input(6, 6, 2)] [Conv2D(3, 3, activation: Activation.Relu)] [BatchNorm] [Conv2D(2, 2, activation: Activation.Tanh)] [BatchNorm] [MaxPool2D(2)]"),
        ["BatchedDense"] = (43, "[Input(43)] [Dense(101, Activation.Tanh, L2 = 0.01)] [Dense(41, Activation.LeakyRelu, UseBias = false)] [Dropout(0.2)] [Dense(103, Activation.Sigmoid)]"),
        ["SeedStack"] = (144, "[Input(12, 12, 1)] [Conv2D(4, 3, activation: Activation.Relu)] [MaxPool2D(2)] [Conv2D(6, 3, activation: Activation.Relu)] [MaxPool2D(2)]"),
        ["ChannelLast"] = (288, "[Input(6, 6, 8)] [Conv2D(17, 3, activation: Activation.Tanh)] [Conv2D(10, 2, padding: Padding.Same, activation: Activation.Tanh)]"),
        ["ChannelLastWide"] = (112, "[Input(8, 7, 2)] [Conv2D(33, 3, activation: Activation.LeakyRelu)] [MaxPool2D(2)] [Conv2D(8, 2, UseBias = false)]"),
        ["ChannelLastSameFirst"] = (180, "[Input(5, 4, 9)] [Conv2D(6, 3, padding: Padding.Same, activation: Activation.Tanh)] [Conv2D(3, 2, activation: Activation.Tanh)]"),
    };

    private static readonly Lazy<CompiledModels> s_models = new(() => new CompiledModels(
        Models.Select(m => $"{m.Value.Layers} {Head} public partial class {m.Key} {{ }}")
            .Append("[Input(10)] [Dense(8, Activation.Tanh)] [Dropout(0.5)] [Dense(4, Activation.Tanh)] [Dropout(0.2)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class DenseDropout { }")));

    public static IEnumerable<object[]> Cases() => Models.Keys.Append("DenseDropout").Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences(string name)
    {
        IGradientModel model = s_models.Value.Create(name, seed: 3);
        int inputs = model.InputSize;
        const int Batch = 6; // one tile of four samples in the batched Dense kernels, and two left over
        float[] x = TestData.Features(Batch, inputs, seed: 21);
        float[] y = TestData.Labels(Batch, 1, seed: 22);

        GradientCheckResult check = model.CheckGradients(x, y, TestData.Weights(Batch, seed: 23));

        Assert.True(check.MaxRelativeError < Tolerance, check.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_reduces_the_loss_and_prediction_is_deterministic(string name)
    {
        IGradientModel model = s_models.Value.Create(name, seed: 5);
        const int Batch = 16;
        float[] x = TestData.Features(Batch, model.InputSize, seed: 41);
        float[] y = TestData.Labels(Batch, 1, seed: 42);
        float before = model.ComputeLoss(x, y);
        float first = model.Predict(x.AsSpan(0, model.InputSize));

        for (int step = 0; step < 60; step++)
        {
            model.TrainStep(x, y);
        }

        Assert.True(model.ComputeLoss(x, y) < before, $"loss {before} → {model.ComputeLoss(x, y)}");
        float again = model.Predict(x.AsSpan(0, model.InputSize));
        Assert.Equal(again, model.Predict(x.AsSpan(0, model.InputSize)));
        Assert.NotEqual(first, again);
    }

    private const string RunningStatisticsModel =
        "[Input(3)] [Dense(2, UseBias = false)] [BatchNorm(Momentum = 0.8, Epsilon = 0.01)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class Normalized { }";

    private static readonly Lazy<CompiledModels> s_normalized = new(() => new CompiledModels(new[] { RunningStatisticsModel }));

    [Fact]
    public void A_training_step_moves_the_running_statistics_as_keras_does_and_prediction_uses_them()
    {
        IGradientModel model = s_normalized.Value.Create("Normalized", seed: 2);
        const int Batch = 5;
        float[] x = TestData.Features(Batch, 3, seed: 51);
        float[] y = TestData.Labels(Batch, 1, seed: 52);
        double[] w = model.Parameters.ToArray().Select(v => (double)v).ToArray();
        // Layout: Dense W [2, 3] at 0; BatchNorm γ at 6, β at 8, running mean at 10, running variance at 12; Dense [1, 2] + bias at 14.
        double[][] z = Enumerable.Range(0, Batch).Select(n => Enumerable.Range(0, 2).Select(o => Enumerable.Range(0, 3).Sum(i => w[o * 3 + i] * x[n * 3 + i])).ToArray()).ToArray();
        double[] mean = Enumerable.Range(0, 2).Select(o => z.Average(r => r[o])).ToArray();
        double[] variance = Enumerable.Range(0, 2).Select(o => z.Average(r => (r[o] - mean[o]) * (r[o] - mean[o]))).ToArray();

        model.TrainStep(x, y);

        float[] p = model.Parameters.ToArray();
        for (int o = 0; o < 2; o++)
        {
            Assert.Equal(0.8 * 0 + 0.2 * mean[o], p[10 + o], 5);
            Assert.Equal(0.8 * 1 + 0.2 * variance[o], p[12 + o], 5);
        }

        float[] sample = { 0.3f, -1.2f, 2f };
        double logit = p[16];
        for (int o = 0; o < 2; o++)
        {
            double zo = Enumerable.Range(0, 3).Sum(i => (double)p[o * 3 + i] * sample[i]);
            double normalized = p[6 + o] * (zo - p[10 + o]) / Math.Sqrt(p[12 + o] + 0.01) + p[8 + o];
            logit += p[14 + o] * normalized;
        }

        Assert.Equal(1 / (1 + Math.Exp(-logit)), model.Predict(sample), 5);
        Assert.Equal(new[] { "weight", "bias", "running_mean", "running_var" }, model.Layers[1].Tensors.Select(t => t.Name));
        Assert.Equal(new[] { true, true, false, false }, model.Layers[1].Tensors.Select(t => t.Trainable));
    }

    [Fact]
    public void Running_statistics_are_state_the_optimizer_leaves_alone()
    {
        IGradientModel model = s_normalized.Value.Create("Normalized", seed: 2);
        float[] x = TestData.Features(4, 3, seed: 61);
        float[] y = TestData.Labels(4, 1, seed: 62);
        model.ComputeGradients(x, y);

        Assert.All(model.Gradients[10..14].ToArray(), g => Assert.Equal(0f, g));
        Assert.Contains(model.Gradients[6..10].ToArray(), g => g != 0f);
    }
}
