using System;
using System.Globalization;

namespace ModelGen.Training;

/// <summary>Per-class loss weights, as Keras's <c>class_weight</c> and scikit-learn's <c>class_weight</c>.</summary>
public sealed class ClassWeights
{
    private ClassWeights(double negative, double positive, bool balanced)
    {
        Negative = negative;
        Positive = positive;
        IsBalanced = balanced;
    }

    /// <summary>scikit-learn's <c>"balanced"</c>: each class weighs <c>n / (2 · n_class)</c> on the data trained on.</summary>
    public static ClassWeights Balanced { get; } = new(double.NaN, double.NaN, balanced: true);

    /// <summary>The weight of the negative class (NaN for <see cref="Balanced"/>, resolved on the data).</summary>
    public double Negative { get; }

    /// <summary>The weight of the positive class (NaN for <see cref="Balanced"/>, resolved on the data).</summary>
    public double Positive { get; }

    /// <summary>Whether the weights come from the class frequencies of the training data.</summary>
    public bool IsBalanced { get; }

    /// <summary>Explicit weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative or not finite, or both are zero.</exception>
    public static ClassWeights Of(double negative, double positive)
    {
        if (!(negative >= 0) || !(positive >= 0) || !double.IsFinite(negative) || !double.IsFinite(positive) || negative + positive == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(negative), $"Class weights must be finite, non-negative and not both zero; got {negative} and {positive}.");
        }

        return new ClassWeights(negative, positive, balanced: false);
    }

    /// <summary>The (negative, positive) weights for training on <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Balanced weights are asked for data missing a class.</exception>
    public (float Negative, float Positive) Resolve(ReadOnlySpan<float> labels)
    {
        if (!IsBalanced)
        {
            return ((float)Negative, (float)Positive);
        }

        int positives = 0;
        foreach (float label in labels)
        {
            positives += label == 1f ? 1 : 0;
        }

        int negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException($"Balanced class weights need both classes in the training data ({positives} positive, {negatives} negative).", nameof(labels));
        }

        return ((float)(labels.Length / (2.0 * negatives)), (float)(labels.Length / (2.0 * positives)));
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsBalanced ? "balanced" : string.Create(CultureInfo.InvariantCulture, $"{{0: {Negative:G4}, 1: {Positive:G4}}}");
}
