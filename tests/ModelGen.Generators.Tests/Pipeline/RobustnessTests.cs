using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Pipeline;

/// <summary>The generator never throws, and its output does not depend on the machine's culture.</summary>
public sealed class RobustnessTests
{
    [Theory]
    [InlineData("[Input(30)] [Dense(16, Activation.)] [Loss(LossKind.BinaryCrossEntropy)]")]
    [InlineData("[Input(30)] [Dense(] [Loss(LossKind.BinaryCrossEntropy)]")]
    [InlineData("[Input(\"thirty\")] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]")]
    [InlineData("[Input(30)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam, LearningRate = )]")]
    [InlineData("[Input(30)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Optimizer(OptimizerKind.Adam, Beta1 = double.NaN)]")]
    [InlineData("[Input(int.MaxValue)] [Dense(int.MaxValue, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]")]
    [InlineData("[Input(-4)] [Dense(0, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]")]
    [InlineData("[Dense(1, Activation.Sigmoid)]")]
    [InlineData("[Input(30)] [Input(31)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] [Loss(LossKind.Hinge)]")]
    public void Half_typed_or_nonsense_attributes_do_not_crash_the_generator(string attributes)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run($"using ModelGen; namespace N; {attributes} public partial class Broken {{ }}");

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Null(outcome.RunResult.Results.Single().Exception);
    }

    [Theory]
    [InlineData("[Dense(4, (Activation)42)]", "MG0022")]
    [InlineData("[Dense(1, Activation.Softmax)]", "MG0001")]
    [InlineData("[Dense(2, Activation.Softmax)]", "MG0002")]
    public void Invalid_model_compiles_and_throws_naming_the_diagnostic(string output, string diagnosticId)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run($$"""
            using ModelGen;
            namespace N;
            [Input(3)] {{output}} [Loss(LossKind.BinaryCrossEntropy)]
            public partial class Invalid { }
            public static class User
            {
                public static float Use() => new Invalid(seed: 1).Predict(new float[3]);
            }
            """);

        Assembly assembly = GeneratorHarness.Load(outcome);
        var error = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(assembly.GetType("N.Invalid")!, 1));
        var invalid = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains(diagnosticId, invalid.Message);
    }

    [Fact]
    public void Output_is_identical_under_a_culture_with_a_non_ascii_minus_sign()
    {
        const string Source = """
            using ModelGen;
            namespace N;
            [Input(4)]
            [Dense(300, Activation.LeakyRelu, NegativeSlope = 0.125, L2 = 0.0005)]
            [Dense(1, Activation.Linear)]
            [Loss(LossKind.Hinge)]
            [Optimizer(OptimizerKind.AdamW, LearningRate = 1.5e-3, Epsilon = 1e-8, WeightDecay = 0.0125)]
            public partial class Cultured { }
            """;
        string invariant = Generate(Source, CultureInfo.InvariantCulture);
        string swedish = Generate(Source, new CultureInfo("sv-SE"));

        Assert.Equal("\u2212", new CultureInfo("sv-SE").NumberFormat.NegativeSign);
        Assert.Equal(invariant, swedish);
        Assert.Contains("_learningRate = 0.0015f;", swedish, StringComparison.Ordinal);
        Assert.Contains("0.125f * ", swedish, StringComparison.Ordinal);
        Assert.DoesNotContain("\u2212", swedish, StringComparison.Ordinal);

        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("sv-SE");
            GeneratorHarness.Load(GeneratorHarness.Run(Source));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Theory]
    [InlineData(1.0 / 3.0)]
    [InlineData(1e-7)]
    [InlineData(0.1)]
    [InlineData(123456.789)]
    public void Float_literals_round_trip_exactly(double learningRate)
    {
        string source = GeneratorHarness.Run($$"""
            using ModelGen;
            [Input(2)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
            [Optimizer(OptimizerKind.Sgd, LearningRate = {{learningRate.ToString("R", CultureInfo.InvariantCulture)}})]
            public partial class Rate { }
            """).RunResult.Results.Single().GeneratedSources.Single().SourceText.ToString();

        var literal = System.Text.RegularExpressions.Regex.Match(source, @"_learningRate = ([^;]+)f;");
        Assert.True(literal.Success, source);
        Assert.Equal((float)learningRate, float.Parse(literal.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string Generate(string source, CultureInfo culture)
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return GeneratorHarness.Run(source).RunResult.Results.Single().GeneratedSources.Single().SourceText.ToString();
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
            CultureInfo.CurrentUICulture = original;
        }
    }
}
