using System;
using System.Linq;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

public sealed class SplittingTests
{
    private static float[] Labels(int negatives, int positives) =>
        Enumerable.Repeat(0f, negatives).Concat(Enumerable.Repeat(1f, positives)).ToArray();

    [Fact]
    public void Stratified_split_keeps_each_class_proportion_and_covers_every_sample_once()
    {
        float[] labels = Labels(357, 212);
        (int[] train, int[] test) = Splitting.TrainTest(labels, 0.2, stratify: true, seed: 42);

        Assert.Equal(71, test.Count(i => labels[i] == 0));
        Assert.Equal(42, test.Count(i => labels[i] == 1));
        Assert.Equal(Enumerable.Range(0, labels.Length), train.Concat(test).OrderBy(i => i));
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        float[] labels = Labels(50, 50);
        var a = Splitting.TrainTest(labels, 0.3, true, seed: 1);
        var b = Splitting.TrainTest(labels, 0.3, true, seed: 1);
        var c = Splitting.TrainTest(labels, 0.3, true, seed: 2);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, c.Test);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Fraction_must_be_strictly_between_zero_and_one(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitting.TrainTest(Labels(5, 5), fraction, true, 0));
    }

    [Fact]
    public void Stratifying_a_class_of_one_sample_fails_clearly()
    {
        var error = Assert.Throws<ArgumentException>(() => Splitting.TrainTest(Labels(9, 1), 0.2, true, 0));
        Assert.Contains("Class 1 has only 1 sample", error.Message);
    }
}
