using ModelGen.Generators.Tests.Infrastructure;
using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>One instance serves many threads: prediction only reads the weights and keeps its scratch on the stack.</summary>
public sealed class ThreadSafetyTests
{
    [Fact]
    public void Predict_from_eight_threads_equals_sequential_results()
    {
        var model = new Mlp784(seed: 7);
        const int Samples = 256;
        float[] features = TestData.Features(Samples, Mlp784.InputSize, seed: 8);
        float[] expected = Enumerable.Range(0, Samples).Select(i => model.Predict(features.AsSpan(i * Mlp784.InputSize, Mlp784.InputSize))).ToArray();

        float[][] results = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var mine = new float[Samples];
            for (int round = 0; round < 20; round++)
            {
                for (int i = 0; i < Samples; i++)
                {
                    int sample = (i + thread * 31) % Samples;
                    mine[sample] = model.Predict(features.AsSpan(sample * Mlp784.InputSize, Mlp784.InputSize));
                }
            }

            results[thread] = mine;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
