using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Numerics;

/// <summary>
/// The generated gradients against central finite differences of the double-precision reference loss, for every
/// hidden activation and every output/loss pair the DSL allows, with and without sample weights.
/// </summary>
public sealed class GradientCheckTests
{
    /// <summary>
    /// Float gradients against double finite differences: the analytic side carries float rounding (about 1e-6
    /// relative per operation), so 1e-3 relative (with the 1e-3 absolute floor of <see cref="GradientCheckResult"/>)
    /// leaves a wide margin for rounding while any wrong term in a gradient shows up as an error near 1.
    /// </summary>
    private const double Tolerance = 1e-3;

    public static readonly Activation[] HiddenActivations = Enum.GetValues<Activation>();

    /// <summary>Every output layer each loss accepts without an MG error.</summary>
    public static readonly (LossKind Loss, Activation Output, int Units)[] Heads =
    {
        (LossKind.BinaryCrossEntropy, Activation.Sigmoid, 1),
        (LossKind.Hinge, Activation.Linear, 1),
        (LossKind.CategoricalCrossEntropy, Activation.Softmax, 3),
        (LossKind.MeanSquaredError, Activation.Linear, 1),
        (LossKind.MeanSquaredError, Activation.Relu, 1),
        (LossKind.MeanSquaredError, Activation.LeakyRelu, 1),
        (LossKind.MeanSquaredError, Activation.Sigmoid, 1),
        (LossKind.MeanSquaredError, Activation.Tanh, 1),
        (LossKind.MeanSquaredError, Activation.Softmax, 3),
    };

    private static readonly Lazy<CompiledModels> s_small = new(() => new CompiledModels(
        from hidden in HiddenActivations
        from head in Heads
        select $"[Input(5)] [Dense(6, Activation.{hidden})] [Dense(4, Activation.{hidden})] [Dense({head.Units}, Activation.{head.Output})] " +
               $"[Loss(LossKind.{head.Loss})] public partial class {SmallName(hidden, head)} {{ }}"));

    /// <summary>
    /// Layers of 1,200 multiply-adds take the SIMD path, first and not first in the stack; one more has an L2 penalty and
    /// no bias. The ragged stack has every other vector shape: one full vector and a masked last one (9 inputs), more
    /// full vectors than are unrolled plus a last one (75), whole vectors only (16), and rows left over from the blocks
    /// of four (75 and 5 outputs).
    /// </summary>
    private static readonly Lazy<CompiledModels> s_wide = new(() => new CompiledModels(
        HiddenActivations.SelectMany(hidden => new[]
        {
            $"[Input(20)] [Dense(60, Activation.{hidden})] [Dense(20, Activation.{hidden}, L2 = 0.01)] [Dense(3, Activation.{hidden}, UseBias = false, L2 = 0.1)] [Dense(1, Activation.Sigmoid)] " +
            $"[Loss(LossKind.BinaryCrossEntropy)] public partial class Wide{hidden} {{ }}",
            $"[Input(9)] [Dense(75, Activation.{hidden})] [Dense(16, Activation.{hidden}, UseBias = false)] [Dense(5, Activation.{hidden})] [Dense(1, Activation.Sigmoid)] " +
            $"[Loss(LossKind.BinaryCrossEntropy)] public partial class Ragged{hidden} {{ }}",
        })));

    public static IEnumerable<object[]> SmallCases() =>
        from hidden in HiddenActivations
        from head in Heads
        from weighted in new[] { false, true }
        select new object[] { hidden, head.Loss, head.Output, head.Units, weighted };

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void Small_model_gradients_match_finite_differences(Activation hidden, LossKind loss, Activation output, int units, bool weighted)
    {
        IGradientModel model = s_small.Value.Create(SmallName(hidden, (loss, output, units)));
        const int Batch = 6;
        float[] x = TestData.Features(Batch, 5, seed: 11);
        float[] y = TestData.Labels(Batch, units, seed: 12);
        float[] w = weighted ? TestData.Weights(Batch, seed: 13) : Array.Empty<float>();

        GradientCheckResult check = model.CheckGradients(x, y, w);

        Assert.True(check.MaxRelativeError < Tolerance, check.ToString());
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void Scores_written_by_the_batch_methods_equal_predict(Activation hidden, LossKind loss, Activation output, int units, bool weighted)
    {
        IGradientModel model = s_small.Value.Create(SmallName(hidden, (loss, output, units)));
        const int Batch = 6;
        float[] x = TestData.Features(Batch, 5, seed: 31);
        float[] y = TestData.Labels(Batch, units, seed: 32);
        float[] w = weighted ? TestData.Weights(Batch, seed: 33) : Array.Empty<float>();
        float[] expected = Enumerable.Range(0, Batch).Select(n => model.Predict(x.AsSpan(n * 5, 5))).ToArray();
        var fromLoss = new float[Batch];
        var fromGradients = new float[Batch];
        var fromStep = new float[Batch];

        float loss1 = model.ComputeLoss(x, y, w, fromLoss);
        float loss2 = model.ComputeGradients(x, y, w, fromGradients);
        model.TrainStep(x, y, w, fromStep);

        Assert.Equal(expected, fromLoss);
        Assert.Equal(expected, fromGradients);
        Assert.Equal(expected, fromStep);
        Assert.Equal(model.ComputeLoss(x, y, w), model.ComputeLoss(x, y, w, new float[Batch]));
        Assert.Equal(loss1, loss2);
        Assert.Throws<ArgumentException>(() => model.ComputeLoss(x, y, w, new float[Batch - 1]));
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void Small_model_loss_matches_an_independent_double_implementation(Activation hidden, LossKind loss, Activation output, int units, bool weighted)
    {
        IGradientModel model = s_small.Value.Create(SmallName(hidden, (loss, output, units)));
        var reference = new DenseReference(5, new[] { (6, hidden), (4, hidden), (units, output) }, loss);
        const int Batch = 6;
        float[] x = TestData.Features(Batch, 5, seed: 21);
        float[] y = TestData.Labels(Batch, units, seed: 22);
        float[] w = weighted ? TestData.Weights(Batch, seed: 23) : Array.Empty<float>();

        double expected = reference.MeanLoss(model.Parameters, x, y, w);
        double actual = model.ComputeGradients(x, y, w);

        Assert.Equal(expected, actual, tolerance: 1e-5 * Math.Max(1, Math.Abs(expected)));
        for (int n = 0; n < Batch; n++)
        {
            double[] outputs = reference.Forward(model.Parameters, x.AsSpan(n * 5, 5), activateOutput: true);
            var predicted = new float[units];
            model.Predict(x.AsSpan(n * 5, 5), predicted);
            for (int k = 0; k < units; k++)
            {
                Assert.Equal(outputs[k], predicted[k], tolerance: 1e-5);
            }
        }
    }

    [Theory]
    [MemberData(nameof(WideCases))]
    public void Simd_layers_gradients_match_finite_differences(Activation hidden, bool weighted)
    {
        IGradientModel model = s_wide.Value.Create("Wide" + hidden);
        const int Batch = 4;
        float[] x = TestData.Features(Batch, 20, seed: 31);
        float[] y = TestData.Labels(Batch, 1, seed: 32);
        float[] w = weighted ? TestData.Weights(Batch, seed: 33) : Array.Empty<float>();

        GradientCheckResult check = model.CheckGradients(x, y, w);

        Assert.True(check.MaxRelativeError < Tolerance, check.ToString());
    }

    public static IEnumerable<object[]> WideCases() =>
        from hidden in HiddenActivations
        from weighted in new[] { false, true }
        select new object[] { hidden, weighted };

    [Theory]
    [MemberData(nameof(WideCases))]
    public void Ragged_simd_layers_gradients_match_finite_differences(Activation hidden, bool weighted)
    {
        IGradientModel model = s_wide.Value.Create("Ragged" + hidden);
        const int Batch = 5;
        float[] x = TestData.Features(Batch, 9, seed: 41);
        float[] y = TestData.Labels(Batch, 1, seed: 42);
        float[] w = weighted ? TestData.Weights(Batch, seed: 43) : Array.Empty<float>();

        GradientCheckResult check = model.CheckGradients(x, y, w);

        Assert.True(check.MaxRelativeError < Tolerance, check.ToString());
    }

    private static string SmallName(Activation hidden, (LossKind Loss, Activation Output, int Units) head) =>
        $"{hidden}Then{head.Output}{head.Units}{head.Loss}";
}
