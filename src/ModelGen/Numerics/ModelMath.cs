using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelGen.Numerics;

/// <summary>
/// Scalar numerics shared by every generated model: activations and losses written once, in float for the
/// fast path and in double for the reference path that gradient checks differentiate.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ModelMath
{
    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count), sorting them in place.</summary>
    internal static double MedianInPlace(double[] values)
    {
        Array.Sort(values);
        int middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>
    /// One layer's L2 penalty <c>λ·Σw²</c> over <c>parameters[offset..offset + count]</c>, summed in double; unless
    /// <paramref name="gradients"/> is empty, adds the penalty's gradient <c>2λw</c> to the same range of it. Nothing is
    /// read when λ is 0 (a layer without L2, or one whose strength was set to 0 at run time).
    /// </summary>
    public static double L2Penalty(float[] parameters, int offset, int count, float strength, Span<float> gradients)
    {
        if (strength == 0f)
        {
            return 0.0;
        }

        ReadOnlySpan<float> weights = parameters.AsSpan(offset, count);
        Span<float> slopes = gradients.IsEmpty ? default : gradients.Slice(offset, count);
        double sum = 0.0;
        for (int k = 0; k < weights.Length; k++)
        {
            float wk = weights[k];
            if (!slopes.IsEmpty)
            {
                slopes[k] += 2f * strength * wk;
            }

            sum += (double)wk * wk;
        }

        return strength * sum;
    }

    /// <summary>The logistic function, evaluated without overflow for large |z|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float z)
    {
        if (z >= 0f)
        {
            return 1f / (1f + MathF.Exp(-z));
        }

        float e = MathF.Exp(z);
        return e / (1f + e);
    }

    /// <inheritdoc cref="Sigmoid(float)"/>
    public static double Sigmoid(double z)
    {
        if (z >= 0)
        {
            return 1 / (1 + Math.Exp(-z));
        }

        double e = Math.Exp(z);
        return e / (1 + e);
    }

    /// <summary>
    /// Binary cross-entropy of label <paramref name="y"/> given the logit <paramref name="z"/>:
    /// <c>max(z, 0) − z·y + log(1 + e^−|z|)</c>, exact where computing the sigmoid first would saturate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BinaryCrossEntropyFromLogit(float z, float y) =>
        MathF.Max(z, 0f) - z * y + MathF.Log(1f + MathF.Exp(-MathF.Abs(z)));

    /// <summary>
    /// <see cref="BinaryCrossEntropyFromLogit(float, float)"/> and <see cref="Sigmoid(float)"/> of the same logit from one
    /// exponential: both need <c>exp(−|z|)</c>, and each result is bit for bit what the separate call returns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float BinaryCrossEntropyFromLogit(float z, float y, out float probability)
    {
        float e = MathF.Exp(-MathF.Abs(z));
        probability = z >= 0f ? 1f / (1f + e) : e / (1f + e);
        return MathF.Max(z, 0f) - z * y + MathF.Log(1f + e);
    }

    /// <inheritdoc cref="BinaryCrossEntropyFromLogit(float, float)"/>
    public static double BinaryCrossEntropyFromLogit(double z, double y) =>
        Math.Max(z, 0) - z * y + Math.Log(1 + Math.Exp(-Math.Abs(z)));

    /// <summary>Maps a 0/1 label to the hinge target −1/+1 (labels above 0.5 count as positive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HingeTarget(float label) => label > 0.5f ? 1f : -1f;

    /// <summary>
    /// Replaces <paramref name="length"/> logits starting at <paramref name="logits"/> by their softmax and
    /// returns the log-sum-exp of the logits.
    /// </summary>
    public static float SoftmaxInPlace(ref float logits, int length) =>
        SoftmaxInPlace(MemoryMarshal.CreateSpan(ref logits, length));

    /// <summary>
    /// Replaces the logits by their softmax, shifted by the maximum so no exponent overflows, and returns the
    /// log-sum-exp of the logits.
    /// </summary>
    public static T SoftmaxInPlace<T>(Span<T> values)
        where T : IFloatingPointIeee754<T>
    {
        T max = T.NegativeInfinity;
        foreach (T v in values)
        {
            max = T.Max(max, v);
        }

        T sum = T.Zero;
        for (int i = 0; i < values.Length; i++)
        {
            T e = T.Exp(values[i] - max);
            values[i] = e;
            sum += e;
        }

        T inverse = T.One / sum;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= inverse;
        }

        return max + T.Log(sum);
    }

    /// <summary>
    /// Back-propagates through a softmax whose outputs are <paramref name="probabilities"/>: replaces the gradient
    /// with respect to the outputs by the gradient with respect to the logits, <c>p ⊙ (g − Σ g·p)</c>.
    /// </summary>
    public static void SoftmaxBackwardInPlace(ref float probabilities, ref float gradient, int length)
    {
        float dot = 0f;
        for (int i = 0; i < length; i++)
        {
            dot += Unsafe.Add(ref gradient, i) * Unsafe.Add(ref probabilities, i);
        }

        for (int i = 0; i < length; i++)
        {
            Unsafe.Add(ref gradient, i) = Unsafe.Add(ref probabilities, i) * (Unsafe.Add(ref gradient, i) - dot);
        }
    }

    /// <summary>Checks one minibatch's spans against the model's sizes and returns the number of samples.</summary>
    /// <exception cref="ArgumentException">The spans disagree with each other or with the model's input size.</exception>
    public static int BatchSize(int inputSize, ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights)
    {
        if (features.Length % inputSize != 0)
        {
            throw new ArgumentException(
                $"The features hold {features.Length} values, which is not a whole number of samples of {inputSize} features.",
                nameof(features));
        }

        int batch = features.Length / inputSize;
        if (labels.Length != batch)
        {
            throw new ArgumentException($"The batch holds {batch} samples but {labels.Length} labels.", nameof(labels));
        }

        if (!sampleWeights.IsEmpty && sampleWeights.Length != batch)
        {
            throw new ArgumentException($"The batch holds {batch} samples but {sampleWeights.Length} sample weights.", nameof(sampleWeights));
        }

        if (batch == 0)
        {
            throw new ArgumentException("The batch is empty.", nameof(features));
        }

        return batch;
    }

    /// <summary>Checks a batch prediction's spans and returns the number of samples.</summary>
    /// <exception cref="ArgumentException">The spans disagree with each other or with the model's sizes.</exception>
    public static int PredictionCount(int inputSize, int outputSize, ReadOnlySpan<float> features, Span<float> outputs)
    {
        if (features.Length % inputSize != 0)
        {
            throw new ArgumentException(
                $"The features hold {features.Length} values, which is not a whole number of samples of {inputSize} features.",
                nameof(features));
        }

        int count = features.Length / inputSize;
        if (outputs.Length < count * outputSize)
        {
            throw new ArgumentException(
                $"{count} samples need {count * outputSize} output values, but the output span holds {outputs.Length}.",
                nameof(outputs));
        }

        return count;
    }

    /// <summary>Checks that one sample has the model's input size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireLength(ReadOnlySpan<float> span, int length, string name)
    {
        if (span.Length != length)
        {
            ThrowLength(span.Length, length, name);
        }
    }

    /// <summary>Checks that an output span can hold the model's outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireCapacity(Span<float> span, int length, string name)
    {
        if (span.Length < length)
        {
            ThrowLength(span.Length, length, name);
        }
    }

    /// <summary>Rejects a non-empty per-sample score buffer shorter than the batch.</summary>
    public static void RequireScores(Span<float> scores, int batch)
    {
        if (!scores.IsEmpty && scores.Length < batch)
        {
            throw new ArgumentException($"The scores buffer holds {scores.Length} values but the batch has {batch} samples.", nameof(scores));
        }
    }

    /// <summary>Rejects a class label that is not a whole number in [0, classes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ClassIndex(float label, int classes)
    {
        int index = (int)label;
        if ((uint)index >= (uint)classes || index != label)
        {
            ThrowLabel(label, classes);
        }

        return index;
    }

    /// <summary>Returns a learning rate that is positive and finite, the rule <c>MG0018</c> applies to the declared one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is NaN, infinite, zero or negative.</exception>
    public static float RequireLearningRate(float rate)
    {
        if (!(rate > 0f) || !float.IsFinite(rate))
        {
            throw new ArgumentOutOfRangeException("value", rate,
                "A learning rate must be positive and finite (as MG0018 requires of the declared one); training with it would silently produce NaN or climbing losses.");
        }

        return rate;
    }

    /// <summary>Rejects a label that is not 0 or 1, the domain of binary cross-entropy and hinge.</summary>
    /// <exception cref="ArgumentException">A label is neither 0 nor 1.</exception>
    public static void RequireBinaryLabels(ReadOnlySpan<float> labels)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            float label = labels[i];
            if (label != 0f && label != 1f)
            {
                throw new ArgumentException(
                    $"Label {label.ToString(System.Globalization.CultureInfo.InvariantCulture)} at position {i} is not 0 or 1; this model's loss is for binary labels (1 for the positive class).",
                    "labels");
            }
        }
    }

    /// <summary>Rejects a label that is not a whole class index in [0, classes).</summary>
    /// <exception cref="ArgumentException">A label is not a class index.</exception>
    public static void RequireClassLabels(ReadOnlySpan<float> labels, int classes)
    {
        foreach (float label in labels)
        {
            ClassIndex(label, classes);
        }
    }

    /// <summary>Rejects a NaN or infinite regression target.</summary>
    /// <exception cref="ArgumentException">A label is not finite.</exception>
    public static void RequireFiniteLabels(ReadOnlySpan<float> labels)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (!float.IsFinite(labels[i]))
            {
                throw new ArgumentException($"Label {labels[i]} at position {i} is not finite.", "labels");
            }
        }
    }

    /// <summary>The index of the first value that is NaN or infinite, or −1 when every value is finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLength(int actual, int expected, string name) =>
        throw new ArgumentException($"Expected {expected} values but the span holds {actual}.", name);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLabel(float label, int classes) =>
        throw new ArgumentException($"Label {label} is not a class index in 0..{classes - 1}.", "labels");

    /// <summary>
    /// The random stream of one sample's dropout masks in one training step: a hash of the model's seed, the step and the
    /// sample's position in the batch. Masks are reproducible, independent of threads, and the same in the training pass
    /// and in the reference pass of a gradient check.
    /// </summary>
    public static ulong DropoutStream(ulong seed, long step, int sample) =>
        Mix(Mix(seed ^ 0x9E3779B97F4A7C15UL) ^ (ulong)step * 0xD1B54A32D192ED03UL ^ (ulong)(uint)sample * 0xAEF17502108EF2D9UL);

    /// <summary>Whether dropout keeps value <paramref name="unit"/> of <paramref name="stream"/>, with probability <c>1 - rate</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool DropoutKeeps(ulong stream, int unit, float rate) =>
        (Mix(stream + (ulong)(uint)unit * 0x9E3779B97F4A7C15UL) >> 40) * (1f / (1 << 24)) >= rate;

    /// <summary>SplitMix64's finalizer: every input bit affects every output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
