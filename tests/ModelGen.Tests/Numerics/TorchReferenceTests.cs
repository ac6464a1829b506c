using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Numerics;

/// <summary>
/// The generated layers and optimizers against PyTorch (Reference/make_torch_references.py and the values it stored):
/// Conv2D (Valid and Same, stride 1 and 2, odd and even kernels), max pooling with ties and overlapping windows and after a
/// convolution whose last row and column it leaves out (prediction's fused pass computes only the rows it reads), average
/// pooling, batch normalization in training and inference with its running statistics, dropout given its mask, and Adam,
/// AdamW, RMSprop and SGD steps in both conventions. An error shared by the generator's own double-precision reference
/// and its float code would pass the gradient checks but not these. tests/run-tests.sh runs them on every SIMD path.
/// </summary>
public sealed class TorchReferenceTests
{
    private static readonly JsonElement s_root = LoadRoot();

    private static readonly Dictionary<string, Func<IGradientModel>> s_models = new()
    {
        ["ConvValid"] = () => new ConvValid(),
        ["ConvValidStride2"] = () => new ConvValidStride2(),
        ["ConvSameOdd"] = () => new ConvSameOdd(),
        ["ConvSameStride2Even"] = () => new ConvSameStride2Even(),
        ["MaxPoolTies"] = () => new MaxPoolTies(),
        ["MaxPoolOverlapping"] = () => new MaxPoolOverlapping(),
        ["AvgPool"] = () => new AvgPool(),
        ["BatchNormDense"] = () => new BatchNormDense(),
        ["BatchNormConv"] = () => new BatchNormConv(),
        ["DropoutDense"] = () => new DropoutDense(),
        ["ConvChannelLast"] = () => new ConvChannelLast(),
        ["ConvPoolDropsRow"] = () => new ConvPoolDropsRow(),
        ["AdamKeras"] = () => new AdamKeras(),
        ["AdamPyTorch"] = () => new AdamPyTorch(),
        ["AdamPyTorchDefaults"] = () => new AdamPyTorchDefaults(),
        ["AdamWKeras"] = () => new AdamWKeras(),
        ["AdamWPyTorch"] = () => new AdamWPyTorch(),
        ["RmsPropKeras"] = () => new RmsPropKeras(),
        ["RmsPropPyTorch"] = () => new RmsPropPyTorch(),
        ["RmsPropCenteredMomentumKeras"] = () => new RmsPropCenteredMomentumKeras(),
        ["RmsPropCenteredMomentumPyTorch"] = () => new RmsPropCenteredMomentumPyTorch(),
        ["SgdNesterov"] = () => new SgdNesterov(),
    };

    public static TheoryData<string> LayerCases => Names("layers");

    public static TheoryData<string> OptimizerCases => Names("optimizers");

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void Outputs_loss_and_gradients_match_PyTorch(string name)
    {
        JsonElement reference = Case("layers", name);
        IGradientModel model = s_models[name]();
        float[] features = reference.Floats("features");
        float[] labels = reference.Floats("labels");
        reference.Floats("parameters").CopyTo(model.Parameters);

        // Inference: running statistics for batch normalization, dropout off.
        double[] predictions = reference.Doubles("predictions");
        for (int n = 0; n < labels.Length; n++)
        {
            AssertClose(predictions[n], model.Predict(features.AsSpan(n * model.InputSize, model.InputSize)), $"{name} prediction {n}");
        }

        // Training mode: batch statistics, the dropout masks of step 0.
        float loss = model.ComputeGradients(features, labels);
        AssertClose(reference.GetProperty("loss").GetDouble(), loss, $"{name} loss");
        double[] gradients = reference.Doubles("gradients");
        Assert.Equal(gradients.Length, model.Gradients.Length);
        for (int i = 0; i < gradients.Length; i++)
        {
            AssertClose(gradients[i], model.Gradients[i], $"{name} gradient {i}");
        }

        if (reference.TryGetProperty("runningStatistics", out _))
        {
            double[] expected = reference.Doubles("runningStatistics");
            model.TrainStep(features, labels);
            float[] running = model.Layers.SelectMany(l => l.Tensors.Where(t => t.Name is "running_mean" or "running_var"))
                .SelectMany(t => model.Parameters.Slice(t.Offset, t.Length).ToArray()).ToArray();
            Assert.Equal(expected.Length, running.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                AssertClose(expected[i], running[i], $"{name} running statistic {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Optimizer_steps_match_the_reference(string name)
    {
        JsonElement reference = Case("optimizers", name);
        IGradientModel model = s_models[name]();
        reference.Floats("parameters").CopyTo(model.Parameters);
        JsonElement[] batches = reference.GetProperty("batches").EnumerateArray().ToArray();
        JsonElement[] after = reference.GetProperty("parametersAfterEachStep").EnumerateArray().ToArray();
        for (int step = 0; step < batches.Length; step++)
        {
            model.TrainStep(batches[step].Floats("features"), batches[step].Floats("labels"));
            double[] expected = after[step].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int i = 0; i < expected.Length; i++)
            {
                AssertClose(expected[i], model.Parameters[i], $"{name} step {step + 1} parameter {i}");
            }
        }
    }

    [Fact]
    public void The_two_conventions_really_differ_on_these_cases()
    {
        // Otherwise a convention switch that did nothing would pass both optimizer cases.
        foreach ((string keras, string torch) in new[] { ("AdamKeras", "AdamPyTorch"), ("RmsPropKeras", "RmsPropPyTorch"), ("RmsPropCenteredMomentumKeras", "RmsPropCenteredMomentumPyTorch") })
        {
            double[] a = Case("optimizers", keras).GetProperty("parametersAfterEachStep")[2].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double[] b = Case("optimizers", torch).GetProperty("parametersAfterEachStep")[2].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) > 1e-4, $"{keras} and {torch} agree to 1e-4");
        }
    }

    /// <summary>Float code against float64 references: 2e-5 relative, 2e-6 absolute for values near zero.</summary>
    private static void AssertClose(double expected, float actual, string what)
    {
        double tolerance = 2e-6 + 2e-5 * Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: PyTorch {expected:R}, ModelGen {actual:R}");
    }

    private static JsonElement Case(string group, string name) =>
        s_root.GetProperty(group).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string group)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in s_root.GetProperty(group).EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement LoadRoot()
    {
        using JsonDocument document = JsonDocument.Parse(System.IO.File.ReadAllText(ReferenceCases.File("Numerics", "Reference", "torch_references.json")));
        return document.RootElement.Clone();
    }
}
