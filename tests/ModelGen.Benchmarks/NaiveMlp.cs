using System;

namespace ModelGen.Benchmarks;

/// <summary>The MLP a user writes without ModelGen: runtime-sized loops over jagged arrays, for the side-by-side ratio.</summary>
public sealed class NaiveMlp
{
    private readonly float[][][] _weights;
    private readonly float[][] _biases;

    public NaiveMlp(int[] sizes, int seed)
    {
        var rng = new Random(seed);
        _weights = new float[sizes.Length - 1][][];
        _biases = new float[sizes.Length - 1][];
        for (int l = 0; l < sizes.Length - 1; l++)
        {
            _weights[l] = new float[sizes[l + 1]][];
            _biases[l] = new float[sizes[l + 1]];
            for (int o = 0; o < sizes[l + 1]; o++)
            {
                _weights[l][o] = new float[sizes[l]];
                for (int i = 0; i < sizes[l]; i++)
                {
                    _weights[l][o][i] = (float)(rng.NextDouble() - 0.5);
                }
            }
        }
    }

    public float Predict(float[] input)
    {
        float[] x = input;
        for (int l = 0; l < _weights.Length; l++)
        {
            var y = new float[_weights[l].Length];
            for (int o = 0; o < y.Length; o++)
            {
                float s = _biases[l][o];
                for (int i = 0; i < x.Length; i++)
                {
                    s += _weights[l][o][i] * x[i];
                }

                y[o] = l == _weights.Length - 1 ? 1f / (1f + MathF.Exp(-s)) : MathF.Max(s, 0f);
            }

            x = y;
        }

        return x[0];
    }
}
