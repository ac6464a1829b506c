using System;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Numerics;

/// <summary>
/// Two steps of every optimizer on a tiny model against the update rule written out by hand (Keras's formulas),
/// computed in double from the parameters before the step and the gradient the step used.
/// </summary>
public sealed class OptimizerTests
{
    private static readonly Lazy<CompiledModels> s_models = new(() => new CompiledModels(new[]
    {
        Declare("PlainSgd", "OptimizerKind.Sgd, LearningRate = 0.1"),
        Declare("MomentumSgd", "OptimizerKind.Sgd, LearningRate = 0.1, Momentum = 0.9"),
        Declare("NesterovSgd", "OptimizerKind.Sgd, LearningRate = 0.1, Momentum = 0.8, Nesterov = true"),
        Declare("DefaultAdam", "OptimizerKind.Adam"),
        Declare("TunedAdam", "OptimizerKind.Adam, LearningRate = 0.05, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6"),
        Declare("DefaultAdamW", "OptimizerKind.AdamW, LearningRate = 0.05"),
        Declare("PlainRmsProp", "OptimizerKind.RmsProp, LearningRate = 0.01"),
        Declare("CenteredRmsProp", "OptimizerKind.RmsProp, LearningRate = 0.01, Rho = 0.8, Momentum = 0.5, Centered = true"),
    }));

    private static readonly float[] s_features = { 0.5f, -1.25f, 2f, 0.75f, -0.5f, 1.5f };
    private static readonly float[] s_labels = { 1f, 0f, 1f };

    private static string Declare(string name, string optimizer) =>
        $"[Input(2)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer({optimizer})] public partial class {name} {{ }}";

    [Fact]
    public void Sgd_without_momentum() => Check("PlainSgd", (w, g, state, t) => w - 0.1 * g);

    [Fact]
    public void Sgd_with_momentum() => Check("MomentumSgd", (w, g, state, t) =>
    {
        state[0] = 0.9 * state[0] - 0.1 * g;
        return w + state[0];
    });

    [Fact]
    public void Sgd_with_nesterov_momentum() => Check("NesterovSgd", (w, g, state, t) =>
    {
        state[0] = 0.8 * state[0] - 0.1 * g;
        return w + 0.8 * state[0] - 0.1 * g;
    });

    [Fact]
    public void Adam_with_keras_defaults() => Check("DefaultAdam", Adam(0.001, 0.9, 0.999, 1e-7, decay: 0));

    [Fact]
    public void Adam_with_tuned_hyperparameters() => Check("TunedAdam", Adam(0.05, 0.8, 0.99, 1e-6, decay: 0));

    [Fact]
    public void AdamW_decays_before_the_adam_update() => Check("DefaultAdamW", Adam(0.05, 0.9, 0.999, 1e-7, decay: 0.004));

    [Fact]
    public void RmsProp_plain() => Check("PlainRmsProp", (w, g, state, t) =>
    {
        state[0] = 0.9 * state[0] + 0.1 * g * g;
        return w - 0.01 * g / Math.Sqrt(state[0] + 1e-7);
    });

    [Fact]
    public void RmsProp_centered_with_momentum() => Check("CenteredRmsProp", (w, g, state, t) =>
    {
        state[0] = 0.8 * state[0] + 0.2 * g * g;
        state[1] = 0.8 * state[1] + 0.2 * g;
        double step = 0.01 * g / Math.Sqrt(state[0] - state[1] * state[1] + 1e-7);
        state[2] = 0.5 * state[2] + step;
        return w - state[2];
    });

    [Fact]
    public void Reset_forgets_the_moments()
    {
        IGradientModel once = s_models.Value.Create("DefaultAdam", seed: 3);
        IGradientModel twice = s_models.Value.Create("DefaultAdam", seed: 3);
        twice.TrainStep(s_features, s_labels);
        twice.Parameters.Clear();
        once.Parameters.Clear();
        twice.ResetOptimizer();

        once.TrainStep(s_features, s_labels);
        twice.TrainStep(s_features, s_labels);

        Assert.Equal(once.Parameters.ToArray(), twice.Parameters.ToArray());
    }

    /// <summary>An update rule for one parameter: (w, g, per-parameter state, step number) → new w.</summary>
    private delegate double Rule(double w, double g, double[] state, int step);

    private static Rule Adam(double lr, double beta1, double beta2, double epsilon, double decay) => (w, g, state, t) =>
    {
        w -= w * decay * lr;
        state[0] += (g - state[0]) * (1 - beta1);
        state[1] += (g * g - state[1]) * (1 - beta2);
        double alpha = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
        return w - alpha * state[0] / (Math.Sqrt(state[1]) + epsilon);
    };

    private static void Check(string name, Rule rule)
    {
        IGradientModel model = s_models.Value.Create(name, seed: 5);
        var state = new double[model.ParameterCount][];
        for (int k = 0; k < state.Length; k++)
        {
            state[k] = new double[3];
        }

        for (int step = 1; step <= 3; step++)
        {
            float[] before = model.Parameters.ToArray();
            model.TrainStep(s_features, s_labels);
            float[] gradient = model.Gradients.ToArray();
            Assert.Contains(gradient, g => g != 0);
            for (int k = 0; k < before.Length; k++)
            {
                double expected = rule(before[k], gradient[k], state[k], step);
                Assert.Equal(expected, model.Parameters[k], tolerance: 1e-6 * Math.Max(1, Math.Abs(expected)));
            }
        }
    }
}
