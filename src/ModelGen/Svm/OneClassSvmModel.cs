using System;
using ModelGen.Data;
using ModelGen.Training;

namespace ModelGen.Svm;

/// <summary>
/// The one-class SVM (Schölkopf et al. 2001; scikit-learn's <c>OneClassSVM</c>, libsvm's one-class): a boundary around
/// the training rows, of which at most a fraction ν falls outside. Trained on every row, labels unused, so the minority
/// class can be treated as anomalies as the isolation forest does. <see cref="Predict(ReadOnlySpan{float})"/> is an
/// anomaly score, minus scikit-learn's <c>decision_function</c>: above 0 outside the boundary (the positive class,
/// anomalies), below 0 inside, so evaluation, ROC-AUC and threshold tuning read it like every model's score.
/// </summary>
public class OneClassSvmModel : KernelModel
{
    /// <summary>An untrained one-class SVM of <paramref name="inputSize"/> features (<see cref="SvmOptions.Nu"/>, the kernel and the solver settings apply).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public OneClassSvmModel(int inputSize, SvmOptions options)
        : base(inputSize, options)
    {
    }

    /// <inheritdoc />
    public override string Architecture => Options.Describe(InputSize, oneClass: true);

    /// <inheritdoc />
    public override float Predict(ReadOnlySpan<float> features) => (float)-DecisionFunction(features);

    /// <summary>Learns the boundary of every row of <paramref name="training"/> (labels unused); callbacks and resamplers do not apply.</summary>
    /// <exception cref="ArgumentException">The data's width differs from <see cref="KernelModel.InputSize"/>, or an option does not apply.</exception>
    public override History Fit(Dataset training, FitOptions options)
    {
        RequireFit(training, options);
        int n = training.Count;
        var y = new sbyte[n];
        var bounds = new double[n];
        Array.Fill(y, (sbyte)1);
        Array.Fill(bounds, 1.0);

        // libsvm's feasible start: ⌊νl⌋ multipliers at 1, the next at the remainder, so Σα = νl.
        var alpha = new double[n];
        int full = (int)(Options.Nu * n);
        for (int i = 0; i < Math.Min(full, n); i++)
        {
            alpha[i] = 1;
        }

        if (full < n)
        {
            alpha[full] = Options.Nu * n - full;
        }

        return Train(training.Features.ToArray(), y, bounds, alpha, new double[n], options);
    }
}
