using System;
using System.Collections.Generic;
using System.Linq;
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
    /// <param name="features">Row-major features.</param>
    /// <param name="labels">0 or 1 per sample.</param>
    /// <param name="featureNames">One name per feature column.</param>
    /// <param name="positiveClass">The original value of label 1.</param>
    /// <param name="negativeClass">The original value of label 0.</param>
    /// <param name="allowMissing">
    /// Whether NaN marks a missing value (tree models route it down a learned branch); networks refuse such data.
    /// Infinities are never allowed.
    /// </param>
    /// <exception cref="ArgumentException">The arrays disagree in size, or a value is infinite (or NaN without <paramref name="allowMissing"/>), or a label is not 0 or 1.</exception>
    public Dataset(float[] features, float[] labels, IReadOnlyList<string> featureNames, string positiveClass = "1", string negativeClass = "0", bool allowMissing = false)
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
            if (float.IsNaN(features[i]) && allowMissing)
            {
                HasMissingValues = true;
            }
            else if (!float.IsFinite(features[i]))
            {
                throw new ArgumentException(
                    $"Feature '{featureNames[i % featureNames.Count]}' of sample {i / featureNames.Count} is {features[i]}; every feature must be a finite number" +
                    (allowMissing ? " or NaN for a missing value (an infinity is neither: clip it or mark it missing)." : "."), nameof(features));
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

    /// <summary>Whether any feature is NaN, a missing value only tree models accept.</summary>
    public bool HasMissingValues { get; }

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

    /// <summary>Loads a CSV file whose label column holds numbers; <paramref name="positive"/> is the positive class (<c>1</c> matches <c>1.0</c>).</summary>
    public static Dataset FromCsv(string path, string label, double positive, CsvOptions? options = null) =>
        FromCsv(path, label, positive.ToString("R", System.Globalization.CultureInfo.InvariantCulture), options);

    /// <summary>
    /// A dataset from in-memory rows (each of the same length) and 0/1 labels; feature names default to
    /// <c>x0, x1, …</c>. The arrays are copied.
    /// </summary>
    public static Dataset FromArrays(IReadOnlyList<float[]> rows, IReadOnlyList<int> labels, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count != labels.Count || rows.Count == 0)
        {
            throw new ArgumentException($"Need one label per row and at least one row; got {rows.Count} rows and {labels.Count} labels.", nameof(labels));
        }

        int width = rows[0].Length;
        var features = new float[rows.Count * width];
        var targets = new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != width)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Length} features but row 0 has {width}.", nameof(rows));
            }

            rows[i].CopyTo(features, i * width);
            targets[i] = labels[i];
        }

        string[] names = featureNames?.ToArray() ?? Enumerable.Range(0, width).Select(i => "x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new Dataset(features, targets, names);
    }

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

        return new Dataset(features, labels, FeatureNames, PositiveClass, NegativeClass, HasMissingValues);
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
