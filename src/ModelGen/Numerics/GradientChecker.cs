using System;

namespace ModelGen.Numerics;

/// <summary>The loss of a batch computed in double precision for the parameters given.</summary>
public delegate double ReferenceLoss(ReadOnlySpan<double> parameters, ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights);

/// <summary>Central finite differences over every parameter of a model, against its generated gradient.</summary>
public static class GradientChecker
{
    /// <summary>
    /// Computes the model's gradient on the batch, then each parameter's central difference
    /// <c>(L(p + h) − L(p − h)) / 2h</c> of <paramref name="referenceLoss"/> with <c>h = step·max(1, |p|)</c>,
    /// and reports the worst relative error. The model's parameters are left as they were.
    /// </summary>
    public static GradientCheckResult Check(
        IGradientModel model,
        ReferenceLoss referenceLoss,
        ReadOnlySpan<float> features,
        ReadOnlySpan<float> labels,
        ReadOnlySpan<float> sampleWeights,
        double step)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(referenceLoss);
        if (!(step > 0) || double.IsInfinity(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The finite-difference step must be a positive number.");
        }

        model.ComputeGradients(features, labels, sampleWeights);
        ReadOnlySpan<float> analytic = model.Gradients;
        double[] parameters = new double[model.ParameterCount];
        ReadOnlySpan<float> current = model.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = current[i];
        }

        var worst = new GradientCheckResult(0, -1, 0, 0);
        for (int i = 0; i < parameters.Length; i++)
        {
            double original = parameters[i];
            double h = step * Math.Max(1, Math.Abs(original));
            parameters[i] = original + h;
            double plus = referenceLoss(parameters, features, labels, sampleWeights);
            parameters[i] = original - h;
            double minus = referenceLoss(parameters, features, labels, sampleWeights);
            parameters[i] = original;

            double numeric = (plus - minus) / (2 * h);
            double error = GradientCheckResult.RelativeError(analytic[i], numeric);
            if (error > worst.MaxRelativeError || worst.WorstParameter < 0 || double.IsNaN(error))
            {
                worst = new GradientCheckResult(error, i, analytic[i], numeric);
                if (double.IsNaN(error))
                {
                    break;
                }
            }
        }

        return worst;
    }
}
