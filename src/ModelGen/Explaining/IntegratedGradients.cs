using System;

namespace ModelGen.Explaining;

/// <summary>
/// Integrated gradients (Sundararajan, Taly and Yan, 2017): feature i's attribution is
/// <c>(xᵢ − x'ᵢ) · ∫₀¹ ∂logit/∂xᵢ (x' + α(x − x')) dα</c> from a baseline x', the integral by the trapezoid rule over
/// <c>steps</c> intervals of the generated input gradient. The attributions add up to <c>logit(x) − logit(x')</c> (up to
/// the rule's error, which <see cref="Attribution.CompletenessGap"/> reports); for logistic regression, whose gradient is
/// constant, they are exactly <c>wᵢ(xᵢ − x'ᵢ)</c>.
/// </summary>
public static class IntegratedGradients
{
    /// <summary>The attributions of row <paramref name="row"/> of <paramref name="data"/> against the all-zero baseline, named by the data's features.</summary>
    /// <exception cref="ArgumentException">The data's width differs from the model's, or the row holds a missing value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not a row of the data.</exception>
    public static Attribution Explain(IInputGradientModel model, Data.Dataset data, int row, int steps = 64)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, data.Count);
        Attribution attribution = Explain(model, data.Row(row), default, steps);
        attribution.FeatureNames = data.FeatureNames;
        return attribution;
    }

    /// <summary>The attributions of <paramref name="features"/> against <paramref name="baseline"/> (all zeros — the training mean of standardized features — when omitted).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length, a value is not finite, or <paramref name="steps"/> is below 1.</exception>
    public static Attribution Explain(IInputGradientModel model, ReadOnlySpan<float> features, ReadOnlySpan<float> baseline = default, int steps = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        int n = model.InputSize;
        float[] reference = baseline.IsEmpty ? new float[n] : baseline.ToArray();
        if (features.Length != n || reference.Length != n)
        {
            throw new ArgumentException($"The model reads {n} features; the row has {features.Length} and the baseline {reference.Length}.", nameof(features));
        }

        if (Numerics.ModelMath.IndexOfNonFinite(features) is int bad and >= 0 || Numerics.ModelMath.IndexOfNonFinite(reference) is int badBaseline and >= 0)
        {
            throw new ArgumentException("The row and the baseline must be finite: impute missing values first.", nameof(features));
        }

        var sums = new double[n];
        var point = new float[n];
        var gradient = new float[n];
        for (int s = 0; s <= steps; s++)
        {
            double alpha = (double)s / steps, weight = s == 0 || s == steps ? 0.5 : 1;
            for (int i = 0; i < n; i++)
            {
                point[i] = (float)(reference[i] + alpha * (features[i] - reference[i]));
            }

            model.ComputeInputGradient(point, gradient);
            for (int i = 0; i < n; i++)
            {
                sums[i] += weight * gradient[i];
            }
        }

        var attributions = new double[n];
        for (int i = 0; i < n; i++)
        {
            attributions[i] = ((double)features[i] - reference[i]) * sums[i] / steps;
        }

        return new Attribution(attributions, model.Logit(features), model.Logit(reference));
    }
}

/// <summary>One row's attributions: how much each feature moved the positive-class logit away from the baseline's.</summary>
public sealed class Attribution
{
    internal Attribution(double[] values, double logit, double baselineLogit)
    {
        Values = values;
        Logit = logit;
        BaselineLogit = baselineLogit;
    }

    /// <summary>The features' names when the row came from a dataset, otherwise <see langword="null"/>.</summary>
    public System.Collections.Generic.IReadOnlyList<string>? FeatureNames { get; internal set; }

    /// <summary>Each feature's share of <c>Logit − BaselineLogit</c>.</summary>
    public System.Collections.Generic.IReadOnlyList<double> Values { get; }

    /// <summary>The row's logit.</summary>
    public double Logit { get; }

    /// <summary>The baseline's logit.</summary>
    public double BaselineLogit { get; }

    /// <summary>How far the attributions' sum is from <c>Logit − BaselineLogit</c> (0 for an exact integral).</summary>
    public double CompletenessGap
    {
        get
        {
            double sum = 0;
            foreach (double v in Values)
            {
                sum += v;
            }

            return sum - (Logit - BaselineLogit);
        }
    }
}
