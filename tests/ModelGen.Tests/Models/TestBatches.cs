using ModelGen.Numerics;

namespace ModelGen.Tests.Models;

internal static class TestBatches
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

    public static float[] Labels(int samples, int classes, int seed)
    {
        var rng = new SeededRandom(seed);
        var labels = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            labels[i] = rng.NextInt(classes);
        }

        return labels;
    }
}
