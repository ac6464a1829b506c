using ModelGen.Generators.Tests.Infrastructure;
using System;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>After warm-up, prediction and training allocate nothing: measured, not hoped.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> Models => new() { nameof(Mlp30), nameof(Mlp784), nameof(Softmax3), nameof(WideHidden) };

    private static IModel Create(string name) => name switch
    {
        nameof(Mlp30) => new Mlp30(seed: 1),
        nameof(Mlp784) => new Mlp784(seed: 1),
        nameof(WideHidden) => new WideHidden(seed: 1),
        _ => new Softmax3(seed: 1),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Predict_batch_predict_and_train_step_allocate_nothing(string name)
    {
        IModel model = Create(name);
        const int Batch = 32;
        float[] features = TestData.Features(Batch, model.InputSize, seed: 2);
        float[] labels = TestData.Labels(Batch, Math.Max(2, model.OutputSize), seed: 3);
        float[] weights = new float[Batch];
        Array.Fill(weights, 0.5f);
        float[] outputs = new float[Batch * model.OutputSize];
        float[] one = new float[model.OutputSize];

        // Warm-up: JIT compilation and tiering allocate; the measured calls must not.
        for (int i = 0; i < 50; i++)
        {
            Run();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Run();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);

        void Run()
        {
            model.Predict(features.AsSpan(0, model.InputSize));
            model.Predict(features.AsSpan(0, model.InputSize), one);
            model.PredictBatch(features, outputs);
            model.TrainStep(features, labels);
            model.TrainStep(features, labels, weights);
        }
    }
}
