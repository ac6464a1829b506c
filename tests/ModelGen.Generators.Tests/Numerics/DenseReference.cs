using System;
using System.Collections.Generic;

namespace ModelGen.Generators.Tests.Numerics;

/// <summary>
/// An independent, deliberately plain double-precision Dense network written from the textbook formulas,
/// used as an oracle for the generated forward pass and loss.
/// </summary>
internal sealed record DenseReference(int Inputs, IReadOnlyList<(int Units, Activation Activation)> Layers, LossKind Objective, double Slope = 0.01)
{
    public double[] Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> sample, bool activateOutput)
    {
        double[] x = new double[Inputs];
        for (int i = 0; i < Inputs; i++)
        {
            x[i] = sample[i];
        }

        int offset = 0;
        for (int l = 0; l < Layers.Count; l++)
        {
            (int units, Activation activation) = Layers[l];
            double[] z = new double[units];
            for (int o = 0; o < units; o++)
            {
                double s = parameters[offset + units * x.Length + o];
                for (int i = 0; i < x.Length; i++)
                {
                    s += parameters[offset + o * x.Length + i] * (double)x[i];
                }

                z[o] = s;
            }

            offset += units * x.Length + units;
            x = l < Layers.Count - 1 || activateOutput ? Activate(z, activation) : z;
        }

        return x;
    }

    /// <summary>The mean (weighted) loss over a batch, without regularization.</summary>
    public double MeanLoss(ReadOnlySpan<float> parameters, ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights)
    {
        double total = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            double[] y = Forward(parameters, features.Slice(n * Inputs, Inputs), activateOutput: true);
            double w = weights.IsEmpty ? 1 : weights[n];
            total += w * SampleLoss(y, labels[n]);
        }

        return total / labels.Length;
    }

    private double SampleLoss(double[] y, float label)
    {
        switch (Objective)
        {
            case LossKind.BinaryCrossEntropy:
                return -(label * Math.Log(y[0]) + (1 - label) * Math.Log(1 - y[0]));
            case LossKind.Hinge:
                double t = label > 0.5 ? 1 : -1;
                return Math.Max(0, 1 - t * y[0]);
            case LossKind.CategoricalCrossEntropy:
                return -Math.Log(y[(int)label]);
            default:
                double sum = 0;
                for (int k = 0; k < y.Length; k++)
                {
                    double target = y.Length == 1 ? label : (k == (int)label ? 1 : 0);
                    sum += (y[k] - target) * (y[k] - target);
                }

                return sum / y.Length;
        }
    }

    private double[] Activate(double[] z, Activation activation)
    {
        double[] a = new double[z.Length];
        if (activation == Activation.Softmax)
        {
            double denominator = 0;
            foreach (double v in z)
            {
                denominator += Math.Exp(v);
            }

            for (int k = 0; k < z.Length; k++)
            {
                a[k] = Math.Exp(z[k]) / denominator;
            }

            return a;
        }

        for (int k = 0; k < z.Length; k++)
        {
            a[k] = activation switch
            {
                Activation.Relu => Math.Max(0, z[k]),
                Activation.LeakyRelu => z[k] > 0 ? z[k] : Slope * z[k],
                Activation.Sigmoid => 1 / (1 + Math.Exp(-z[k])),
                Activation.Tanh => Math.Tanh(z[k]),
                _ => z[k],
            };
        }

        return a;
    }
}
