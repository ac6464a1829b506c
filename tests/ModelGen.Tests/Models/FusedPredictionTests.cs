using ModelGen.Generators.Tests.Infrastructure;
using System;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>
/// Prediction runs a convolution and the max pooling after it as one pass (<c>Infer</c>), pooling straight from the
/// product and computing only the rows the windows read; training keeps every layer's outputs (<c>Forward</c>). Both
/// must give the same scores, to the bit, or a model would score differently in evaluation than in its fit.
/// (<c>PredictBatch</c> may sum its Dense layers in another order: <see cref="BatchPredictionTests"/> covers it.)
/// </summary>
public sealed class FusedPredictionTests
{
    public static TheoryData<string> Models => new() { nameof(SeedCnn), nameof(PooledCnn) };

    private static IGradientModel Create(string name) => name == nameof(SeedCnn) ? new SeedCnn(seed: 3) : new PooledCnn(seed: 3);

    [Theory]
    [MemberData(nameof(Models))]
    public void Prediction_gives_the_training_passs_scores_to_the_bit(string name)
    {
        IGradientModel model = Create(name);
        const int Count = 6;
        float[] features = TestData.Features(Count, model.InputSize, seed: 8);
        float[] labels = TestData.Labels(Count, 2, seed: 9);
        model.TrainStep(features, labels);

        var trained = new float[Count];
        model.ComputeGradients(features, labels, scores: trained);
        var evaluated = new float[Count];
        model.ComputeLoss(features, labels, scores: evaluated);

        for (int n = 0; n < Count; n++)
        {
            float predicted = model.Predict(features.AsSpan(n * model.InputSize, model.InputSize));
            Assert.Equal(BitConverter.SingleToInt32Bits(trained[n]), BitConverter.SingleToInt32Bits(predicted));
            Assert.Equal(BitConverter.SingleToInt32Bits(trained[n]), BitConverter.SingleToInt32Bits(evaluated[n]));
        }
    }
}

/// <summary>
/// Every kind of fused convolution and pooling: Same padding, pooling that leaves the last row and column out, a
/// convolution without activation, and 3 × 3 windows every 2 (the two-pass pooling path).
/// </summary>
[Input(13, 13, 2)]
[Conv2D(8, 3, padding: Padding.Same, activation: Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(16, 2)]
[MaxPool2D(3, 2)]
[Flatten]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class PooledCnn { }
