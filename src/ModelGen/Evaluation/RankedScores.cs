using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace ModelGen.Evaluation;

/// <summary>
/// Scores and 0/1 labels sorted once by descending score, with ties grouped: every threshold-based metric
/// (ROC-AUC, average precision, the ROC and precision-recall curves, threshold tuning) is one pass over it.
/// Building it sorts in O(n log n); the only allocation is its one buffer of (score, label) pairs.
/// </summary>
public sealed class RankedScores
{
    private readonly Sample[] _samples;

    /// <summary>Sorts a copy of <paramref name="scores"/> with their <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length or are empty, a label is not 0 or 1, or a score is NaN.</exception>
    public RankedScores(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }

        if (scores.Length == 0)
        {
            throw new ArgumentException("There are no samples to evaluate.", nameof(scores));
        }

        _samples = new Sample[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            if (float.IsNaN(scores[i]))
            {
                throw new ArgumentException($"Score {i} is NaN; threshold metrics need comparable scores.", nameof(scores));
            }

            if (labels[i] is not (0f or 1f))
            {
                throw new ArgumentException($"Label {i} is {labels[i]}; labels must be 0 or 1.", nameof(labels));
            }

            _samples[i] = new Sample(scores[i], labels[i] == 1f);
            Positives += labels[i] == 1f ? 1 : 0;
        }

        _samples.AsSpan().Sort(default(Descending));
    }

    /// <summary>The number of samples.</summary>
    public int Count => _samples.Length;

    /// <summary>The number of positive samples.</summary>
    public int Positives { get; }

    /// <summary>The number of negative samples.</summary>
    public int Negatives => Count - Positives;

    /// <summary>Counts decisions <c>score ≥ threshold</c> against the labels.</summary>
    public ConfusionMatrix Confusion(float threshold)
    {
        int predictedPositive = 0, truePositives = 0;
        foreach (Sample sample in _samples)
        {
            if (!(sample.Score >= threshold))
            {
                break;
            }

            predictedPositive++;
            truePositives += sample.Positive ? 1 : 0;
        }

        int falsePositives = predictedPositive - truePositives;
        return new ConfusionMatrix(truePositives, falsePositives, Negatives - falsePositives, Positives - truePositives);
    }

    /// <summary>
    /// The exact area under the ROC curve: the probability that a random positive scores above a random negative,
    /// ties counting one half (scikit-learn's <c>roc_auc_score</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Only one class is present.</exception>
    public double RocAuc()
    {
        RequireBothClasses("ROC-AUC");
        double area = 0;
        foreach (Operating point in Thresholds())
        {
            // Each group of tied scores adds a trapezoid: its negatives times the positives ranked above them,
            // plus half of its own positives.
            area += point.GroupNegatives * (point.TruePositives - point.GroupPositives / 2.0);
        }

        return area / ((double)Positives * Negatives);
    }

    /// <summary>
    /// Average precision, <c>Σ (Rₙ − Rₙ₋₁)·Pₙ</c> over the distinct thresholds from the highest down
    /// (scikit-learn's <c>average_precision_score</c>, the step-wise area under the precision-recall curve).
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no positive sample.</exception>
    public double AveragePrecision()
    {
        if (Positives == 0)
        {
            throw new InvalidOperationException("Average precision is undefined without positive samples.");
        }

        double sum = 0;
        foreach (Operating point in Thresholds())
        {
            sum += (double)point.GroupPositives / Positives * point.Precision;
        }

        return sum;
    }

    /// <summary>The ROC curve: (false-positive rate, true-positive rate, threshold) at every distinct score, from (0, 0) up.</summary>
    public IReadOnlyList<CurvePoint> RocCurve()
    {
        RequireBothClasses("The ROC curve");
        var points = new List<CurvePoint> { new(0, 0, float.PositiveInfinity) };
        foreach (Operating point in Thresholds())
        {
            points.Add(new CurvePoint((double)point.FalsePositives / Negatives, (double)point.TruePositives / Positives, point.Threshold));
        }

        return points;
    }

    /// <summary>The precision-recall curve: (recall, precision, threshold) at every distinct score, highest threshold first.</summary>
    public IReadOnlyList<CurvePoint> PrecisionRecallCurve()
    {
        if (Positives == 0)
        {
            throw new InvalidOperationException("The precision-recall curve is undefined without positive samples.");
        }

        var points = new List<CurvePoint>();
        foreach (Operating point in Thresholds())
        {
            points.Add(new CurvePoint((double)point.TruePositives / Positives, point.Precision, point.Threshold));
        }

        return points;
    }

    /// <summary>
    /// Every distinct score as a threshold, from the highest down, with the counts at and above it. A struct
    /// enumerable: walking it allocates nothing.
    /// </summary>
    public ThresholdWalk Thresholds() => new(_samples);

    private void RequireBothClasses(string metric)
    {
        if (Positives == 0 || Negatives == 0)
        {
            throw new InvalidOperationException($"{metric} is undefined when only one class is present ({Positives} positive, {Negatives} negative samples).");
        }
    }

    /// <summary>The counts when every sample scoring at least <see cref="Threshold"/> is called positive.</summary>
    public readonly record struct Operating(float Threshold, int TruePositives, int FalsePositives, int GroupPositives, int GroupNegatives)
    {
        /// <summary>The precision at this threshold (at least one sample is called positive).</summary>
        public double Precision => (double)TruePositives / (TruePositives + FalsePositives);
    }

    /// <summary>The distinct thresholds of a <see cref="RankedScores"/>, for <c>foreach</c>.</summary>
    public readonly struct ThresholdWalk
    {
        private readonly Sample[] _samples;

        internal ThresholdWalk(Sample[] samples) => _samples = samples;

        /// <summary>Starts the walk.</summary>
        public Enumerator GetEnumerator() => new(_samples);

        /// <summary>Walks the groups of tied scores from the highest down, accumulating the counts.</summary>
        public struct Enumerator
        {
            private readonly Sample[] _samples;
            private int _end;
            private int _truePositives;
            private int _falsePositives;

            internal Enumerator(Sample[] samples)
            {
                _samples = samples;
                _end = 0;
                _truePositives = 0;
                _falsePositives = 0;
                Current = default;
            }

            /// <summary>The threshold reached.</summary>
            public Operating Current { get; private set; }

            /// <summary>Advances to the next lower distinct score.</summary>
            public bool MoveNext()
            {
                if (_end >= _samples.Length)
                {
                    return false;
                }

                int start = _end;
                float score = _samples[start].Score;
                int groupPositives = 0;
                while (_end < _samples.Length && _samples[_end].Score == score)
                {
                    groupPositives += _samples[_end].Positive ? 1 : 0;
                    _end++;
                }

                int groupNegatives = _end - start - groupPositives;
                _truePositives += groupPositives;
                _falsePositives += groupNegatives;
                Current = new Operating(score, _truePositives, _falsePositives, groupPositives, groupNegatives);
                return true;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    internal readonly record struct Sample(float Score, bool Positive);

    private readonly struct Descending : IComparer<Sample>
    {
        public int Compare(Sample x, Sample y) => y.Score.CompareTo(x.Score);
    }
}

/// <summary>One point of a ROC curve (x: false-positive rate, y: true-positive rate) or a precision-recall curve (x: recall, y: precision).</summary>
public readonly record struct CurvePoint(double X, double Y, float Threshold);
