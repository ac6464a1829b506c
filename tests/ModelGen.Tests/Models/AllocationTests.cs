using ModelGen.Generators.Tests.Infrastructure;
using System;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>After warm-up, prediction and training allocate nothing: measured, not hoped.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> Models => new() { nameof(Mlp30), nameof(Mlp784), nameof(Softmax3), nameof(WideHidden), nameof(SmallCnn), nameof(SeedCnn), nameof(NormalizedCnn) };

    private static IGradientModel Create(string name) => name switch
    {
        nameof(Mlp30) => new Mlp30(seed: 1),
        nameof(Mlp784) => new Mlp784(seed: 1),
        nameof(WideHidden) => new WideHidden(seed: 1),
        nameof(SmallCnn) => new SmallCnn(seed: 1),
        nameof(SeedCnn) => new SeedCnn(seed: 1),
        nameof(NormalizedCnn) => new NormalizedCnn(seed: 1),
        _ => new Softmax3(seed: 1),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Predict_batch_predict_and_train_step_allocate_nothing(string name)
    {
        IGradientModel model = Create(name);
        int batch = model.InputSize > 700 ? 4 : 32;
        float[] features = TestData.Features(batch, model.InputSize, seed: 2);
        float[] labels = TestData.Labels(batch, Math.Max(2, model.OutputSize), seed: 3);
        float[] weights = new float[batch];
        Array.Fill(weights, 0.5f);
        float[] outputs = new float[batch * model.OutputSize];
        float[] one = new float[model.OutputSize];

        Assert.Equal(0, AllocatedAfterWarmUp(Run));

        void Run()
        {
            model.Predict(features.AsSpan(0, model.InputSize));
            model.Predict(features.AsSpan(0, model.InputSize), one);
            model.PredictBatch(features, outputs);
            model.TrainStep(features, labels);
            model.TrainStep(features, labels, weights);
        }
    }

    /// <summary>
    /// Bytes 20 calls of <paramref name="run"/> allocate on this thread after its warm-up: JIT compilation and tiering
    /// allocate, the measured calls must not. Past the tier-up threshold (30 calls) and after the background compiler's
    /// delay, so a promotion cannot land inside the measured loop.
    /// </summary>
    internal static long AllocatedAfterWarmUp(Action run)
    {
        for (int i = 0; i < 60; i++)
        {
            run();
        }

        System.Threading.Thread.Sleep(300);
        for (int i = 0; i < 10; i++)
        {
            run();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            run();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
