using System;
using System.Linq;
using ModelGen.Data;
using ModelGen.Sampling;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Sampling;

public sealed class ResamplerTests
{
    private static readonly Dataset Data = Imbalanced(300, seed: 2);

    private static float[][] Rows(Dataset data) => Enumerable.Range(0, data.Count).Select(i => data.Row(i).ToArray()).ToArray();

    [Fact]
    public void Oversampling_balances_with_copies_of_minority_rows_after_the_originals()
    {
        Dataset result = new RandomOverSampler().Resample(Data, seed: 1);
        int negatives = Data.Count - Data.PositiveCount;

        Assert.Equal(negatives, result.PositiveCount);
        Assert.Equal(2 * negatives, result.Count);
        Assert.Equal(Data.Features.ToArray(), result.Features[..Data.Features.Length].ToArray());
        float[][] minority = Rows(Data).Where((_, i) => Data.Labels[i] == 1f).ToArray();
        for (int i = Data.Count; i < result.Count; i++)
        {
            Assert.Equal(1f, result.Labels[i]);
            Assert.Contains(minority, row => row.SequenceEqual(result.Row(i).ToArray()));
        }
    }

    [Fact]
    public void Undersampling_keeps_every_minority_row_and_a_ratio_of_majority()
    {
        Dataset result = new RandomUnderSampler(ratio: 0.5).Resample(Data, seed: 1);
        Assert.Equal(Data.PositiveCount, result.PositiveCount);
        Assert.Equal(2 * Data.PositiveCount, result.Count - result.PositiveCount);
        float[][] original = Rows(Data);
        Assert.All(Rows(result), row => Assert.Contains(original, o => o.SequenceEqual(row)));
    }

    [Fact]
    public void Smote_places_each_synthetic_sample_between_a_minority_sample_and_a_near_minority_neighbour()
    {
        Dataset result = new Smote(neighbors: 3).Resample(Data, seed: 4);
        int negatives = Data.Count - Data.PositiveCount;
        Assert.Equal(negatives, result.PositiveCount);
        float[][] minority = Rows(Data).Where((_, i) => Data.Labels[i] == 1f).ToArray();

        for (int s = Data.Count; s < result.Count; s++)
        {
            float[] point = result.Row(s).ToArray();
            Assert.True(OnASegment(point, minority), $"synthetic sample {s} lies on no segment between two minority samples");
        }
    }

    [Fact]
    public void Resampling_is_reproducible_from_the_seed()
    {
        foreach (IResampler sampler in new IResampler[] { new RandomOverSampler(), new RandomUnderSampler(), new Smote() })
        {
            Assert.Equal(sampler.Resample(Data, 7).Features.ToArray(), sampler.Resample(Data, 7).Features.ToArray());
            Assert.NotEqual(sampler.Resample(Data, 7).Features.ToArray(), sampler.Resample(Data, 8).Features.ToArray());
        }
    }

    [Fact]
    public void Impossible_requests_say_what_to_do()
    {
        Dataset tiny = Imbalanced(300, seed: 2).Select(Enumerable.Range(0, 300).Where(i => Data.Labels[i] == 0f).Take(20).Append(Enumerable.Range(0, 300).First(i => Data.Labels[i] == 1f)).ToArray());
        Assert.Contains("RandomOverSampler", Assert.Throws<ArgumentException>(() => new Smote().Resample(tiny, 0)).Message);
        Dataset oneClass = Data.Select(Enumerable.Range(0, 300).Where(i => Data.Labels[i] == 0f).ToArray());
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => new RandomOverSampler().Resample(oneClass, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomUnderSampler(ratio: 1.5));
    }

    private static bool OnASegment(float[] point, float[][] minority)
    {
        foreach (float[] a in minority)
        {
            foreach (float[] b in minority)
            {
                if (ReferenceEquals(a, b))
                {
                    continue;
                }

                // point = a + g (b - a) for one g in [0, 1], to float rounding.
                int f0 = Enumerable.Range(0, a.Length).MaxBy(f => Math.Abs(b[f] - a[f]));
                double g = (point[f0] - a[f0]) / (double)(b[f0] - a[f0]);
                if (g >= -1e-6 && g <= 1 + 1e-6 && Enumerable.Range(0, a.Length).All(f => Math.Abs(a[f] + g * (b[f] - a[f]) - point[f]) < 1e-5))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
