using ModelGen.Generators.Tests.Infrastructure;
using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>
/// <c>Freeze()</c> snapshots a model for serving: it predicts what the model predicts (its large dense layers from
/// weights transposed once, so within float rounding), in one call or in batches of any size, from many threads, and
/// nothing done to the model afterwards reaches it.
/// </summary>
public sealed class FrozenModelTests
{
    /// <summary>A model's frozen snapshot as plain delegates, so one test serves every generated class.</summary>
    private sealed record Snapshot(Func<float[], float> Predict, Action<float[], float[]> PredictOutputs, Action<float[], float[]> PredictBatch, int Threads);

    public static TheoryData<string> Models => new()
    {
        nameof(Mlp30), nameof(Mlp784), nameof(Softmax3), nameof(WideHidden), nameof(SmallCnn), nameof(SeedCnn), nameof(NormalizedCnn), nameof(PooledCnn),
    };

    private static IGradientModel Create(string name) => name switch
    {
        nameof(Mlp30) => new Mlp30(seed: 4),
        nameof(Mlp784) => new Mlp784(seed: 4),
        nameof(Softmax3) => new Softmax3(seed: 4),
        nameof(WideHidden) => new WideHidden(seed: 4),
        nameof(SmallCnn) => new SmallCnn(seed: 4),
        nameof(SeedCnn) => new SeedCnn(seed: 4),
        nameof(PooledCnn) => new PooledCnn(seed: 4),
        _ => new NormalizedCnn(seed: 4),
    };

    private static Snapshot Freeze(IGradientModel model) => model switch
    {
        Mlp30 m => Wrap(m.Freeze(), f => f.Predict, f => f.Predict, f => f.PredictBatch, f => f.Threads),
        Mlp784 m => Wrap(m.Freeze(), f => f.Predict, f => f.Predict, f => f.PredictBatch, f => f.Threads),
        Softmax3 m => Wrap(m.Freeze(), f => f.Predict, f => f.Predict, f => f.PredictBatch, f => f.Threads),
        WideHidden m => Wrap(m.Freeze(), f => f.Predict, f => f.Predict, f => f.PredictBatch, f => f.Threads),
        SmallCnn m => Wrap(m.Freeze(), f => f.Predict, f => f.Predict, f => f.PredictBatch, f => f.Threads),
        SeedCnn m => Wrap(m.Freeze(), f => f.Predict, f => f.Predict, f => f.PredictBatch, f => f.Threads),
        NormalizedCnn m => Wrap(m.Freeze(), f => f.Predict, f => f.Predict, f => f.PredictBatch, f => f.Threads),
        PooledCnn m => Wrap(m.Freeze(), f => f.Predict, f => f.Predict, f => f.PredictBatch, f => f.Threads),
        _ => throw new ArgumentException(model.GetType().Name),
    };

    private delegate float One(ReadOnlySpan<float> features);

    private delegate void Outputs(ReadOnlySpan<float> features, Span<float> outputs);

    private static Snapshot Wrap<T>(T frozen, Func<T, One> one, Func<T, Outputs> outputs, Func<T, Outputs> batch, Func<T, int> threads) =>
        new(x => one(frozen)(x), (x, y) => outputs(frozen)(x, y), (x, y) => batch(frozen)(x, y), threads(frozen));

    /// <summary>A few steps move the weights off their initialization and batch normalization's running statistics off 0 and 1.</summary>
    private static IGradientModel Trained(string name)
    {
        IGradientModel model = Create(name);
        float[] features = TestData.Features(8, model.InputSize, seed: 6);
        float[] labels = TestData.Labels(8, Math.Max(2, model.OutputSize), seed: 7);
        for (int step = 0; step < 3; step++)
        {
            model.TrainStep(features, labels);
        }

        return model;
    }

    private static void AssertClose(float expected, float actual, string what) =>
        Assert.True(MathF.Abs(actual - expected) <= 1e-5f + 1e-5f * MathF.Abs(expected), $"{what}: {actual} frozen, {expected} from the model");

    [Theory]
    [MemberData(nameof(Models))]
    public void Frozen_snapshot_predicts_what_the_model_predicts(string name)
    {
        IGradientModel model = Trained(name);
        Snapshot frozen = Freeze(model);
        int inputs = model.InputSize, outputs = model.OutputSize;
        const int Count = 70;
        float[] features = TestData.Features(Count, inputs, seed: 5);
        var one = new float[outputs];
        var mine = new float[outputs];
        for (int n = 0; n < Count; n++)
        {
            float[] sample = features.AsSpan(n * inputs, inputs).ToArray();
            AssertClose(model.Predict(sample), frozen.Predict(sample), $"{name} sample {n}");
            model.Predict(sample, one);
            frozen.PredictOutputs(sample, mine);
            for (int k = 0; k < outputs; k++)
            {
                AssertClose(one[k], mine[k], $"{name} sample {n} output {k}");
            }
        }

        // Batches on both sides of a chunk's size and of the model's own transposing threshold: the same as one call a sample.
        foreach (int count in new[] { 1, 3, 33, Count })
        {
            var batch = new float[count * outputs];
            frozen.PredictBatch(features[..(count * inputs)], batch);
            for (int n = 0; n < count; n++)
            {
                frozen.PredictOutputs(features.AsSpan(n * inputs, inputs).ToArray(), mine);
                for (int k = 0; k < outputs; k++)
                {
                    AssertClose(mine[k], batch[n * outputs + k], $"{name}, batch of {count}, sample {n} output {k}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Nothing_done_to_the_model_reaches_its_frozen_snapshot(string name)
    {
        IGradientModel model = Trained(name);
        model.Threads = 2;
        Snapshot frozen = Freeze(model);
        float[] sample = TestData.Features(1, model.InputSize, seed: 11);
        float before = frozen.Predict(sample);
        byte[] state = model.SaveState();

        model.Parameters.Fill(0.25f);
        model.TrainStep(TestData.Features(4, model.InputSize, seed: 12), TestData.Labels(4, Math.Max(2, model.OutputSize), seed: 13));
        model.Threads = 1;

        Assert.Equal(BitConverter.SingleToInt32Bits(before), BitConverter.SingleToInt32Bits(frozen.Predict(sample)));
        Assert.Equal(2, frozen.Threads);
        model.LoadState(state);
        Assert.Equal(BitConverter.SingleToInt32Bits(before), BitConverter.SingleToInt32Bits(Freeze(model).Predict(sample)));
    }

    [Fact]
    public void A_frozen_snapshot_predicts_without_allocating_after_warm_up()
    {
        Mlp30.Frozen small = new Mlp30(seed: 1).Freeze();
        Mlp784.Frozen wide = new Mlp784(seed: 1).Freeze();
        SeedCnn.Frozen image = new SeedCnn(seed: 1).Freeze();
        float[] smallRows = TestData.Features(32, Mlp30.InputSize, seed: 2);
        float[] wideRows = TestData.Features(40, Mlp784.InputSize, seed: 3);
        float[] images = TestData.Features(4, SeedCnn.InputSize, seed: 4);
        var outputs = new float[40];
        var one = new float[1];

        Assert.Equal(0, AllocationTests.AllocatedAfterWarmUp(Run));

        void Run()
        {
            small.Predict(smallRows.AsSpan(0, Mlp30.InputSize));
            small.PredictBatch(smallRows, outputs.AsSpan(0, 32));
            wide.Predict(wideRows.AsSpan(0, Mlp784.InputSize), one);
            wide.PredictBatch(wideRows, outputs);
            image.Predict(images.AsSpan(0, SeedCnn.InputSize));
            image.PredictBatch(images, outputs.AsSpan(0, 4));
        }
    }

    [Fact]
    public void A_frozen_snapshot_serves_eight_threads_at_once()
    {
        Snapshot frozen = Freeze(Trained(nameof(Mlp784)));
        const int Samples = 128;
        float[][] features = Enumerable.Range(0, Samples).Select(i => TestData.Features(1, Mlp784.InputSize, seed: 20 + i)).ToArray();
        float[] expected = features.Select(frozen.Predict).ToArray();

        var results = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var mine = new float[Samples];
            for (int round = 0; round < 10; round++)
            {
                for (int i = 0; i < Samples; i++)
                {
                    int sample = (i + thread * 17) % Samples;
                    mine[sample] = frozen.Predict(features[sample]);
                }
            }

            results[thread] = mine;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
