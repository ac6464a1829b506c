using ModelGen.Generators.Tests.Infrastructure;
using System;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>
/// <c>PredictBatch</c> runs wide layers over chunks of samples with tiled products, and from a model's
/// <c>TransposedFromRows</c> (4 rows sample-by-sample models, 32 for chunked ones) with outer-product tiles over weights
/// transposed for the call, so it must agree with one <c>Predict</c> per sample for every chunk boundary and on both
/// sides of each threshold: a single sample, less than one tile, more than one chunk.
/// </summary>
public sealed class BatchPredictionTests
{
    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (string name in new[] { nameof(Mlp30), nameof(Mlp784), nameof(Softmax3), nameof(SmallCnn), nameof(NormalizedCnn), nameof(SeedCnn), nameof(WideHidden), nameof(PooledCnn) })
        {
            foreach (int count in new[] { 1, 3, 4, 31, 32, 67, 130 })
            {
                cases.Add(name, count);
            }
        }

        return cases;
    }

    private static IGradientModel Create(string name) => name switch
    {
        nameof(Mlp30) => new Mlp30(seed: 4),
        nameof(Mlp784) => new Mlp784(seed: 4),
        nameof(SmallCnn) => new SmallCnn(seed: 4),
        nameof(NormalizedCnn) => new NormalizedCnn(seed: 4),
        nameof(SeedCnn) => new SeedCnn(seed: 4),
        nameof(WideHidden) => new WideHidden(seed: 4),
        nameof(PooledCnn) => new PooledCnn(seed: 4),
        _ => new Softmax3(seed: 4),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Batch_prediction_equals_one_prediction_per_sample(string name, int count)
    {
        IGradientModel model = Create(name);
        float[] features = TestData.Features(count, model.InputSize, seed: 5);

        // A few steps move the weights off their initialization and batch normalization's running statistics off 0 and 1.
        float[] trainFeatures = TestData.Features(8, model.InputSize, seed: 6);
        float[] trainLabels = TestData.Labels(8, Math.Max(2, model.OutputSize), seed: 7);
        for (int step = 0; step < 3; step++)
        {
            model.TrainStep(trainFeatures, trainLabels);
        }

        var batch = new float[count * model.OutputSize];
        model.PredictBatch(features, batch);

        var one = new float[model.OutputSize];
        for (int n = 0; n < count; n++)
        {
            model.Predict(features.AsSpan(n * model.InputSize, model.InputSize), one);
            for (int k = 0; k < model.OutputSize; k++)
            {
                // The tiled product sums in another order than the per-sample loop: equal up to float rounding.
                float expected = one[k];
                float actual = batch[n * model.OutputSize + k];
                Assert.True(MathF.Abs(actual - expected) <= 1e-5f + 1e-5f * MathF.Abs(expected),
                    $"{name}, {count} samples: sample {n} output {k} is {actual} from PredictBatch, {expected} from Predict");
            }
        }
    }
}
