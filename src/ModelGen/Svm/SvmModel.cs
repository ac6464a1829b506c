using System;
using ModelGen.Data;
using ModelGen.Training;

namespace ModelGen.Svm;

/// <summary>
/// A kernel support vector classifier (scikit-learn's <c>SVC</c>, libsvm's C-SVC), trained by SMO on labels ±1 with
/// per-sample bounds <c>C·weight</c> (class and sample weights, as scikit-learn scales <c>C</c>).
/// <see cref="Predict(ReadOnlySpan{float})"/> is the decision function <c>Σ yᵢαᵢK(xᵢ, x) − ρ</c>, positive for the
/// positive class: a margin, not a probability (use Platt scaling or isotonic calibration from ModelGen.Calibration for
/// probabilities). It implements the same <see cref="IModel"/> as networks and trees, so evaluation, threshold tuning,
/// cross-validation, search, <c>Classifier</c> and reports take it.
/// </summary>
public class SvmModel : KernelModel
{
    /// <summary>An untrained classifier of <paramref name="inputSize"/> features.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SvmModel(int inputSize, SvmOptions options)
        : base(inputSize, options)
    {
    }

    /// <inheritdoc />
    public override string Architecture => Options.Describe(InputSize);

    /// <inheritdoc />
    public override float Predict(ReadOnlySpan<float> features) => (float)DecisionFunction(features);

    /// <summary>
    /// Trains on <paramref name="training"/> in one call: class and sample weights scale each sample's bound, a
    /// resampler applies; epochs, batch size and callbacks belong to networks and are refused.
    /// </summary>
    /// <exception cref="ArgumentException">The data's width differs from <see cref="KernelModel.InputSize"/>, it holds one class, or an option does not apply.</exception>
    public override History Fit(Dataset training, FitOptions options)
    {
        RequireFit(training, options);
        (Dataset train, _, float[]? weights) = Trainer.Prepare(training, options);
        int n = train.Count;
        var y = new sbyte[n];
        var bounds = new double[n];
        bool positive = false, negative = false;
        for (int i = 0; i < n; i++)
        {
            y[i] = train.Labels[i] > 0.5f ? (sbyte)1 : (sbyte)-1;
            positive |= y[i] == 1;
            negative |= y[i] == -1;
            bounds[i] = Options.C * (weights?[i] ?? 1f);
        }

        if (!positive || !negative)
        {
            throw new ArgumentException("An SVM needs both classes in its training data.", nameof(training));
        }

        var linear = new double[n];
        Array.Fill(linear, -1.0);
        return Train(train.Features.ToArray(), y, bounds, new double[n], linear);
    }
}
