using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Numerics;

/// <summary>
/// Conv2D, pooling, Flatten and Dropout against central finite differences of the double-precision reference loss:
/// each layer first in the network (parameter gradients) and after another (input gradients), Valid and Same padding
/// (odd and even kernels, so asymmetric borders too), strides 1 and 2, overlapping pooling windows, and a full stack.
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
        ["SeedStack"] = (144, "[Input(12, 12, 1)] [Conv2D(4, 3, activation: Activation.Relu)] [MaxPool2D(2)] [Conv2D(6, 3, activation: Activation.Relu)] [MaxPool2D(2)]"),
    };

    private static readonly Lazy<CompiledModels> s_models = new(() => new CompiledModels(
        Models.Select(m => $"{m.Value.Layers} {Head} public partial class {m.Key} {{ }}")
            .Append("[Input(10)] [Dense(8, Activation.Tanh)] [Dropout(0.5)] [Dense(4, Activation.Tanh)] [Dropout(0.2)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class DenseDropout { }")));

    public static IEnumerable<object[]> Cases() => Models.Keys.Append("DenseDropout").Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences(string name)
    {
        IModel model = s_models.Value.Create(name, seed: 3);
        int inputs = model.InputSize;
        const int Batch = 4;
        float[] x = TestData.Features(Batch, inputs, seed: 21);
        float[] y = TestData.Labels(Batch, 1, seed: 22);

        GradientCheckResult check = model.CheckGradients(x, y, TestData.Weights(Batch, seed: 23));

        Assert.True(check.MaxRelativeError < Tolerance, check.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_reduces_the_loss_and_prediction_is_deterministic(string name)
    {
        IModel model = s_models.Value.Create(name, seed: 5);
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
}
