using ModelGen.Numerics;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>Seeded random batches for numeric tests.</summary>
internal static class TestData
{
    public static float[] Features(int samples, int inputs, int seed)
    {
        var rng = new SeededRandom(seed);
        var values = new float[samples * inputs];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(2 * rng.NextDouble() - 1);
        }

        return values;
    }

    /// <summary>Labels 0/1 for a single output, class indices for several.</summary>
    public static float[] Labels(int samples, int outputs, int seed)
    {
        var rng = new SeededRandom(seed);
        var labels = new float[samples];
        int classes = outputs == 1 ? 2 : outputs;
        for (int i = 0; i < samples; i++)
        {
            labels[i] = rng.NextInt(classes);
        }

        return labels;
    }

    public static float[] Weights(int samples, int seed)
    {
        var rng = new SeededRandom(seed);
        var weights = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            weights[i] = (float)(0.25 + 1.75 * rng.NextDouble());
        }

        return weights;
    }
}
