using System;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Selection;
using ModelGen.Training;

namespace ModelGen.Svm;

/// <summary>
/// A kernel support vector classifier (scikit-learn's <c>SVC</c>, libsvm's C-SVC), trained by SMO on labels ±1 with
/// per-sample bounds <c>C·weight</c> (class and sample weights, as scikit-learn scales <c>C</c>).
/// <see cref="Predict(ReadOnlySpan{float})"/> is the decision function <c>Σ yᵢαᵢK(xᵢ, x) − ρ</c>, positive for the
/// positive class: a margin, not a probability. Probabilities come from <see cref="SvmOptions.Probability"/> (Platt
/// scaling on cross-validated decision values, fitted during training, as scikit-learn's <c>probability=True</c>) or from
/// ModelGen.Calibration's calibrators on held-out scores. It implements the same <see cref="IModel"/> as networks and trees, so evaluation, threshold tuning,
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
            // libsvm as scikit-learn calls it solves with the first class (label 0) as +1 and turns the sign after: the
            // same labelling takes the same path through SMO, which decides the solution where the kernel is not
            // positive semidefinite (sigmoid), and the same tie-breaks everywhere.
            y[i] = train.Labels[i] > 0.5f ? (sbyte)-1 : (sbyte)1;
            positive |= y[i] == -1;
            negative |= y[i] == 1;
            bounds[i] = Options.C * (weights?[i] ?? 1f);
        }

        if (!positive || !negative)
        {
            throw new ArgumentException("An SVM needs both classes in its training data.", nameof(training));
        }

        PlattScaling? probability = Options.Probability ? CrossValidatedPlatt(train, weights, options.Seed) : null;
        var linear = new double[n];
        Array.Fill(linear, -1.0);
        History history = Train(train.Features.ToArray(), y, bounds, new double[n], linear, options, negate: true);
        Probability = probability;
        return history;
    }

    /// <summary>
    /// libsvm's <c>svm_binary_svc_probability</c>: five folds (stratified and seeded here), a machine with the same
    /// options and γ trained on four, its decision values on the fifth; Platt scaling fitted on all the held-out values.
    /// </summary>
    private PlattScaling CrossValidatedPlatt(Dataset train, float[]? weights, int seed)
    {
        const int Folds = 5;
        int positives = 0;
        foreach (float label in train.Labels)
        {
            positives += label > 0.5f ? 1 : 0;
        }

        int fewest = Math.Min(positives, train.Count - positives);
        if (fewest < Folds)
        {
            throw new ArgumentException(
                $"Probability = true fits Platt scaling on {Folds} cross-validation folds, so each class needs at least {Folds} training rows; one class has {fewest}. Train without Probability and calibrate on held-out rows (PlattScaling.Fit).",
                nameof(train));
        }

        SvmOptions inner = Options with { Probability = false, Gamma = SvmGamma.Value, GammaValue = ResolveGamma(train.Features) };
        var decisions = new float[train.Count];
        foreach ((int[] fitRows, int[] heldOut) in new StratifiedKFold(Folds, seed).Split(train.Labels))
        {
            var machine = new SvmModel(InputSize, inner);
            machine.Fit(train.Select(fitRows), new FitOptions { SampleWeights = weights is null ? null : Array.ConvertAll(fitRows, i => weights[i]) });
            foreach (int i in heldOut)
            {
                decisions[i] = (float)machine.DecisionFunction(train.Features.Slice(i * InputSize, InputSize));
            }
        }

        return PlattScaling.Fit(decisions, train.Labels);
    }
}
