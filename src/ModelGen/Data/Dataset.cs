using System;
using System.Collections.Generic;
using ModelGen.Numerics;

namespace ModelGen.Data;

/// <summary>
/// Samples for a binary classifier: row-major features (<c>[Count, FeatureCount]</c>) and 0/1 labels (1 = positive class).
/// Instances are immutable; splitting and preprocessing return new datasets.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly float[] _labels;

    /// <summary>Creates a dataset from arrays it takes ownership of.</summary>
    /// <exception cref="ArgumentException">The arrays disagree in size, or a value is not finite, or a label is not 0 or 1.</exception>
    public Dataset(float[] features, float[] labels, IReadOnlyList<string> featureNames, string positiveClass = "1", string negativeClass = "0")
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count == 0)
        {
            throw new ArgumentException("A dataset needs at least one feature.", nameof(featureNames));
        }

        if (features.Length != labels.Length * featureNames.Count)
        {
            throw new ArgumentException(
                $"{labels.Length} samples of {featureNames.Count} features need {labels.Length * featureNames.Count} values, but the features hold {features.Length}.",
                nameof(features));
        }

        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
            {
                throw new ArgumentException($"Feature '{featureNames[i % featureNames.Count]}' of sample {i / featureNames.Count} is {features[i]}; every feature must be a finite number.", nameof(features));
            }
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0f or 1f))
            {
                throw new ArgumentException($"Label of sample {i} is {labels[i]}; labels must be 0 (negative) or 1 (positive).", nameof(labels));
            }
        }

        _features = features;
        _labels = labels;
        FeatureNames = featureNames;
        PositiveClass = positiveClass;
        NegativeClass = negativeClass;
    }

    /// <summary>The number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Features per sample.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>The feature names, in column order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The original value of the positive class (label 1), such as <c>M</c>.</summary>
    public string PositiveClass { get; }

    /// <summary>The original value of the negative class (label 0).</summary>
    public string NegativeClass { get; }

    /// <summary>All features, row-major.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>All labels, 0 or 1.</summary>
    public ReadOnlySpan<float> Labels => _labels;

    /// <summary>The features of one sample.</summary>
    public ReadOnlySpan<float> Row(int index) => _features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>The number of positive samples.</summary>
    public int PositiveCount
    {
        get
        {
            int count = 0;
            foreach (float label in _labels)
            {
                count += (int)label;
            }

            return count;
        }
    }

    /// <summary>Loads a CSV file; see <see cref="CsvDatasetReader"/> for the rules and errors.</summary>
    public static Dataset FromCsv(string path, string label, string positive, CsvOptions? options = null) =>
        CsvDatasetReader.Read(path, label, positive, options ?? new CsvOptions());

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Select(ReadOnlySpan<int> indices)
    {
        int width = FeatureCount;
        var features = new float[indices.Length * width];
        var labels = new float[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            _features.AsSpan(indices[i] * width, width).CopyTo(features.AsSpan(i * width));
            labels[i] = _labels[indices[i]];
        }

        return new Dataset(features, labels, FeatureNames, PositiveClass, NegativeClass);
    }

    /// <summary>
    /// Splits into train and test parts. With <paramref name="stratify"/>, each class is split in the same
    /// proportion, so both parts keep the class balance (scikit-learn's <c>train_test_split(stratify=y)</c>).
    /// </summary>
    public (Dataset Train, Dataset Test) Split(double testFraction, bool stratify = true, int seed = 0)
    {
        (int[] train, int[] test) = Splitting.TrainTest(_labels, testFraction, stratify, seed);
        return (Select(train), Select(test));
    }

    /// <summary>A dataset with the same labels and names and new features (of the same shape).</summary>
    public Dataset WithFeatures(float[] features) => new(features, (float[])_labels.Clone(), FeatureNames, PositiveClass, NegativeClass);
}
