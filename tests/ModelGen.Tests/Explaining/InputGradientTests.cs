using System;
using System.Linq;
using ModelGen.Data;
using ModelGen.Explaining;
using ModelGen.Generators.Tests.Infrastructure;
using ModelGen.Tests.Training;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Explaining;

/// <summary>
/// The generated input gradient (∂logit/∂x) against central differences of the generated logit, for dense, image and
/// softmax models; integrated gradients' completeness, and their exactness for logistic regression.
/// </summary>
public sealed class InputGradientTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models => new() { "Mlp30", "SmallCnn", "Softmax2", "LbfgsLogistic" };

    private static IInputGradientModel Create(string name) => name switch
    {
        "Mlp30" => new Mlp30(seed: 3),
        "SmallCnn" => new SmallCnn(seed: 3),
        "Softmax2" => new Softmax2(seed: 3),
        _ => new LbfgsLogistic(seed: 3),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void The_input_gradient_matches_central_differences_of_the_logit(string name)
    {
        IInputGradientModel model = Create(name);
        int n = model.InputSize;
        float[] x = TestData.Features(1, n, seed: 11);
        var gradient = new float[n];
        model.ComputeInputGradient(x, gradient);
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            const float Step = 1e-3f; // small enough not to cross a ReLU or max-pooling kink, large enough for float logits
            float[] up = (float[])x.Clone(), down = (float[])x.Clone();
            up[i] += Step;
            down[i] -= Step;
            double numeric = ((double)model.Logit(up) - model.Logit(down)) / (2 * Step);
            worst = Math.Max(worst, Math.Abs(numeric - gradient[i]) / (1e-2 + Math.Abs(numeric)));
        }

        output.WriteLine($"{name}: largest relative difference {worst:E2} over {n} inputs");
        Assert.True(worst < 2e-2, $"{name}: the input gradient differs from central differences by {worst:E2}");
        Assert.True(gradient.Any(g => g != 0), "the gradient is not all zero");
    }

    [Fact]
    public void Softmax_logit_is_the_difference_of_the_two_units_and_matches_the_probability()
    {
        var model = new Softmax2(seed: 3);
        float[] x = TestData.Features(1, 30, seed: 2);
        var probabilities = new float[2];
        model.Predict(x, probabilities);
        Assert.Equal(Math.Log(probabilities[1] / probabilities[0]), model.Logit(x), 1e-4);
    }

    [Fact]
    public void Integrated_gradients_add_up_to_the_logit_difference()
    {
        var model = new Mlp30(seed: 5);
        model.Fit(TrainingData.Separable(300, seed: 1), new FitOptions { Epochs = 5 });
        float[] x = TestData.Features(1, 30, seed: 4);
        Attribution attribution = IntegratedGradients.Explain(model, x, steps: 128);
        output.WriteLine($"logit {attribution.Logit:F4}, baseline {attribution.BaselineLogit:F4}, completeness gap {attribution.CompletenessGap:E2}");
        Assert.True(Math.Abs(attribution.CompletenessGap) < 1e-2 * (1 + Math.Abs(attribution.Logit - attribution.BaselineLogit)), $"gap {attribution.CompletenessGap}");
        Assert.Equal(30, attribution.Values.Count);
    }

    [Fact]
    public void For_logistic_regression_they_are_exactly_weight_times_difference()
    {
        var model = new LbfgsLogistic(seed: 5);
        float[] x = TestData.Features(1, 30, seed: 6), baseline = TestData.Features(1, 30, seed: 7);
        Attribution attribution = IntegratedGradients.Explain(model, x, baseline, steps: 4);
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(model.Parameters[i] * ((double)x[i] - baseline[i]), attribution.Values[i], 1e-5);
        }

        Assert.True(Math.Abs(attribution.CompletenessGap) < 1e-4, $"gap {attribution.CompletenessGap}");
        Assert.Throws<ArgumentException>(() => IntegratedGradients.Explain(model, x.AsSpan(0, 3)));
        Assert.False(new NormalizedCnn() is IInputGradientModel, "BatchNorm models have no inference-time input gradient");
    }
}
