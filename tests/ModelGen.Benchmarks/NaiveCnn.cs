using System;

namespace ModelGen.Benchmarks;

/// <summary>
/// The seeds' CNN forward pass as a user writes it without ModelGen: runtime-sized direct loops over multi-dimensional
/// arrays (Conv2D 32@3x3, MaxPool 2, Conv2D 64@3x3, MaxPool 2, Dense 128, Dense 1), for the side-by-side ratio.
/// </summary>
public sealed class NaiveCnn
{
    private readonly float[,,,] _conv1 = Weights(32, 1, 3, 1);
    private readonly float[,,,] _conv2 = Weights(64, 32, 3, 2);
    private readonly float[,] _dense1 = Matrix(128, 64 * 5 * 5, 3);
    private readonly float[,] _dense2 = Matrix(1, 128, 4);

    public float Predict(float[] image)
    {
        var input = new float[1, 28, 28];
        for (int i = 0; i < 784; i++)
        {
            input[0, i / 28, i % 28] = image[i];
        }

        float[,,] hidden = Pool(Convolve(input, _conv1));
        hidden = Pool(Convolve(hidden, _conv2));
        var flat = new float[hidden.Length];
        int k = 0;
        foreach (float value in hidden)
        {
            flat[k++] = value;
        }

        float[] dense = Dense(flat, _dense1, relu: true);
        return 1f / (1f + MathF.Exp(-Dense(dense, _dense2, relu: false)[0]));
    }

    private static float[,,] Convolve(float[,,] x, float[,,,] w)
    {
        int filters = w.GetLength(0), channels = w.GetLength(1), kernel = w.GetLength(2);
        int height = x.GetLength(1) - kernel + 1, width = x.GetLength(2) - kernel + 1;
        var y = new float[filters, height, width];
        for (int f = 0; f < filters; f++)
        {
            for (int oh = 0; oh < height; oh++)
            {
                for (int ow = 0; ow < width; ow++)
                {
                    float sum = 0f;
                    for (int c = 0; c < channels; c++)
                    {
                        for (int kh = 0; kh < kernel; kh++)
                        {
                            for (int kw = 0; kw < kernel; kw++)
                            {
                                sum += w[f, c, kh, kw] * x[c, oh + kh, ow + kw];
                            }
                        }
                    }

                    y[f, oh, ow] = Math.Max(sum, 0f);
                }
            }
        }

        return y;
    }

    private static float[,,] Pool(float[,,] x)
    {
        int channels = x.GetLength(0), height = x.GetLength(1) / 2, width = x.GetLength(2) / 2;
        var y = new float[channels, height, width];
        for (int c = 0; c < channels; c++)
        {
            for (int h = 0; h < height; h++)
            {
                for (int w = 0; w < width; w++)
                {
                    y[c, h, w] = Math.Max(Math.Max(x[c, 2 * h, 2 * w], x[c, 2 * h, 2 * w + 1]), Math.Max(x[c, 2 * h + 1, 2 * w], x[c, 2 * h + 1, 2 * w + 1]));
                }
            }
        }

        return y;
    }

    private static float[] Dense(float[] x, float[,] w, bool relu)
    {
        var y = new float[w.GetLength(0)];
        for (int o = 0; o < y.Length; o++)
        {
            float sum = 0f;
            for (int i = 0; i < x.Length; i++)
            {
                sum += w[o, i] * x[i];
            }

            y[o] = relu ? Math.Max(sum, 0f) : sum;
        }

        return y;
    }

    private static float[,,,] Weights(int filters, int channels, int kernel, int seed)
    {
        var rng = new Random(seed);
        var w = new float[filters, channels, kernel, kernel];
        for (int f = 0; f < filters; f++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int kh = 0; kh < kernel; kh++)
                {
                    for (int kw = 0; kw < kernel; kw++)
                    {
                        w[f, c, kh, kw] = (float)(rng.NextDouble() - 0.5) * 0.2f;
                    }
                }
            }
        }

        return w;
    }

    private static float[,] Matrix(int rows, int columns, int seed)
    {
        var rng = new Random(seed);
        var m = new float[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                m[r, c] = (float)(rng.NextDouble() - 0.5) * 0.05f;
            }
        }

        return m;
    }
}
