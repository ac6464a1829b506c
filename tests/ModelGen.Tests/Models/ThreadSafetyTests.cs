using ModelGen.Generators.Tests.Infrastructure;
using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>One instance serves many threads: prediction only reads the weights and keeps its scratch on the stack or rents it.</summary>
public sealed class ThreadSafetyTests
{
    [Theory]
    [InlineData(nameof(Mlp784))]
    [InlineData(nameof(SeedCnn))]
    [InlineData(nameof(SmallCnn))]
    public void Predict_from_eight_threads_equals_sequential_results(string name)
    {
        IModel model = name switch
        {
            nameof(Mlp784) => new Mlp784(seed: 7),
            nameof(SeedCnn) => new SeedCnn(seed: 7),
            _ => new SmallCnn(seed: 7),
        };
        int inputs = model.InputSize;
        int samples = name == nameof(SeedCnn) ? 32 : 256;
        float[] features = TestData.Features(samples, inputs, seed: 8);
        float[] expected = Enumerable.Range(0, samples).Select(i => model.Predict(features.AsSpan(i * inputs, inputs))).ToArray();

        float[][] results = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var mine = new float[samples];
            for (int round = 0; round < 20; round++)
            {
                for (int i = 0; i < samples; i++)
                {
                    int sample = (i + thread * 31) % samples;
                    mine[sample] = model.Predict(features.AsSpan(sample * inputs, inputs));
                }
            }

            results[thread] = mine;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Theory]
    [InlineData(nameof(Mlp784))]
    [InlineData(nameof(Mlp30))]
    [InlineData(nameof(NormalizedCnn))]
    public void Predict_batch_from_eight_threads_equals_sequential_results(string name)
    {
        IModel model = name switch
        {
            nameof(Mlp784) => new Mlp784(seed: 9),
            nameof(Mlp30) => new Mlp30(seed: 9),
            _ => new NormalizedCnn(seed: 9),
        };
        const int samples = 200;
        float[] features = TestData.Features(samples, model.InputSize, seed: 10);
        float[] expected = new float[samples * model.OutputSize];
        model.PredictBatch(features, expected);

        float[][] results = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var mine = new float[samples * model.OutputSize];
            for (int round = 0; round < 20; round++)
            {
                model.PredictBatch(features, mine);
            }

            results[thread] = mine;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
