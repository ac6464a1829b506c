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

    /// <summary>
    /// A frozen snapshot computes a convolution pooled 2 × 2 only at the positions its windows read, from weights
    /// transposed once (<c>VectorKernels.MultiplyShiftedPooled</c>): the same bits as the model's fused pass (the
    /// PooledCnn's only dense layer has one output, so nothing else sums in another order).
    /// </summary>
    [Fact]
    public void A_frozen_snapshots_pooled_convolutions_give_the_models_scores_to_the_bit()
    {
        var model = new PooledCnn(seed: 3);
        const int Count = 6;
        float[] features = TestData.Features(Count, PooledCnn.InputSize, seed: 8);
        model.TrainStep(features, TestData.Labels(Count, 2, seed: 9));
        PooledCnn.Frozen frozen = model.Freeze();
        for (int n = 0; n < Count; n++)
        {
            ReadOnlySpan<float> sample = features.AsSpan(n * PooledCnn.InputSize, PooledCnn.InputSize);
            Assert.Equal(BitConverter.SingleToInt32Bits(model.Predict(sample)), BitConverter.SingleToInt32Bits(frozen.Predict(sample)));
        }

        // Batches take their sigmoid in vectors (another rounding than Predict's): the model's batch is the reference.
        var batch = new float[Count];
        var frozenBatch = new float[Count];
        model.PredictBatch(features, batch);
        frozen.PredictBatch(features, frozenBatch);
        for (int n = 0; n < Count; n++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(batch[n]), BitConverter.SingleToInt32Bits(frozenBatch[n]));
        }
    }
}

/// <summary>
/// Every kind of fused convolution and pooling: Same padding, pooling that leaves the last row and column out, a
/// convolution without activation, and 3 × 3 windows every 2 (the two-pass pooling path); its first convolution
/// predicts from transposed weights in a frozen snapshot and in large batches.
/// </summary>
[Input(13, 13, 2)]
[Conv2D(16, 3, padding: Padding.Same, activation: Activation.Relu)]
[MaxPool2D(2)]
[Conv2D(16, 2)]
[MaxPool2D(3, 2)]
[Flatten]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class PooledCnn { }
