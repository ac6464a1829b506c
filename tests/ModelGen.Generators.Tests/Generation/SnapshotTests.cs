using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Generation;

/// <summary>The generated source of representative models, compared with committed snapshots.</summary>
public sealed class SnapshotTests
{
    private static void VerifyModel(string source, string hintName, string test)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(source);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationErrors);
        string generated = outcome.Source(hintName);
        RequireNoOneIterationLoop(generated);
        Snapshot.Verify(generated, nameof(SnapshotTests), test);
    }

    /// <summary>
    /// A loop whose bounds the generator knew and that runs once should have been written as its body: a counted loop
    /// over one value, or a loop from 0 (outputs in blocks, gradients in vectors) whose step reaches its bound at once.
    /// </summary>
    private static void RequireNoOneIterationLoop(string generated)
    {
        foreach (System.Text.RegularExpressions.Match loop in System.Text.RegularExpressions.Regex.Matches(generated, @"for \(int (\w+) = (\d+); \1 < (\d+); \1\+\+\)"))
        {
            Assert.True(int.Parse(loop.Groups[3].Value) - int.Parse(loop.Groups[2].Value) != 1, $"one-iteration loop: {loop.Value}");
        }

        string[] onceFromZero = [@"for \(; (\w+) < (\d+); \1 \+= \2\)", @"for \(; (\w+) <= 0; \1 \+= \d+\)"];
        foreach (string pattern in onceFromZero)
        {
            System.Text.RegularExpressions.Match loop = System.Text.RegularExpressions.Regex.Match(generated, pattern);
            Assert.False(loop.Success, $"one-iteration loop: {loop.Value}");
        }
    }

    /// <summary>Layers of exactly one block of outputs, and a single ReLU output, sized where one-iteration loops were written.</summary>
    [Theory]
    [InlineData("[Input(30)] [Dense(16, Activation.Relu)] [Dense(8, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]")]
    [InlineData("[Input(8)] [Dense(1, Activation.Relu)] [Loss(LossKind.MeanSquaredError)]")]
    public void Layers_of_one_block_have_no_one_iteration_loops(string attributes)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run($"using ModelGen; namespace Samples; {attributes} public partial class Small {{ }}");
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationErrors);
        RequireNoOneIterationLoop(outcome.Source("Samples.Small.g.cs"));
    }

    [Fact]
    public void LogisticRegression() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(30)]
        [Dense(1, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
        public partial class LogisticRegression { }
        """, "Samples.LogisticRegression.g.cs", nameof(LogisticRegression));

    [Fact]
    public void BoostedTrees() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(30)]
        [GradientBoostedTrees(Trees = 200, LearningRate = 0.1, Growth = TreeGrowth.LeafWise, MaxLeaves = 31)]
        public partial class BoostedTrees { }
        """, "Samples.BoostedTrees.g.cs", nameof(BoostedTrees));

    [Fact]
    public void PolynomialSvm() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(30)]
        [Svm(Kernel = SvmKernel.Polynomial, Degree = 3, Coef0 = 1, C = 0.5)]
        public partial class PolynomialSvm { }
        """, "Samples.PolynomialSvm.g.cs", nameof(PolynomialSvm));

    [Fact]
    public void KerasMlp() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(30)]
        [Dense(64, Activation.Relu)]
        [Dense(1, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Optimizer(OptimizerKind.Adam)]
        public partial class KerasMlp { }
        """, "Samples.KerasMlp.g.cs", nameof(KerasMlp));

    [Fact]
    public void LinearSvm() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(30)]
        [Dense(1, Activation.Linear, L2 = 0.001)]
        [Loss(LossKind.Hinge)]
        [Optimizer(OptimizerKind.Sgd, LearningRate = 0.01, Momentum = 0.9, Nesterov = true)]
        public partial class LinearSvm { }
        """, "Samples.LinearSvm.g.cs", nameof(LinearSvm));

    [Fact]
    public void SoftmaxClassifier() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(8)]
        [Dense(4, Activation.Tanh)]
        [Dense(2, Activation.Softmax)]
        [Loss(LossKind.CategoricalCrossEntropy)]
        [Optimizer(OptimizerKind.RmsProp)]
        public partial class SoftmaxClassifier { }
        """, "Samples.SoftmaxClassifier.g.cs", nameof(SoftmaxClassifier));

    [Fact]
    public void WideSimdLayer() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(784)]
        [Dense(128, Activation.Relu)]
        [Dense(64, Activation.Relu)]
        [Dense(1, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Optimizer(OptimizerKind.AdamW)]
        public partial class FashionMlp { }
        """, "Samples.FashionMlp.g.cs", nameof(WideSimdLayer));

    [Fact]
    public void SmallCnn() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(8, 8, 1)]
        [Conv2D(8, 3, activation: Activation.Relu)]
        [MaxPool2D(2)]
        [Conv2D(4, 3, padding: Padding.Same, activation: Activation.Relu)]
        [AvgPool2D(3)]
        [Flatten]
        [Dropout(0.25)]
        [Dense(1, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Optimizer(OptimizerKind.Adam)]
        public partial class SmallCnn { }
        """, "Samples.SmallCnn.g.cs", nameof(SmallCnn));

    [Fact]
    public void NormalizedMlp() => VerifyModel("""
        using ModelGen;
        namespace Samples;
        [Input(4)]
        [Dense(3)]
        [BatchNorm]
        [Dropout(0.5)]
        [Dense(1, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Optimizer(OptimizerKind.AdamW)]
        public partial class NormalizedMlp { }
        """, "Samples.NormalizedMlp.g.cs", nameof(NormalizedMlp));
}
