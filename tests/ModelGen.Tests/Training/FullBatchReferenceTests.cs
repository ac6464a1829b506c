using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Data;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Training;

/// <summary>
/// The full-batch optimizers. <c>[Optimizer(OptimizerKind.Lbfgs)]</c> against PyTorch's <c>LBFGS(line_search_fn="strong_wolfe")</c>
/// (Reference/make_lbfgs_references.py and its stored values): an L2-penalized logistic regression on standardized breast
/// cancer from zero weights reaches the same optimum, in about as many iterations; conjugate gradient reaches it too.
/// </summary>
public sealed class FullBatchReferenceTests(ITestOutputHelper output)
{
    private static readonly JsonElement s_reference = Load();

    [Fact]
    public void Lbfgs_reaches_pytorchs_optimum_in_as_few_iterations()
    {
        var model = new LbfgsLogistic();
        (History history, double loss, double worst) = FitFromZero(model, 100, s_reference.Doubles("weights"));
        double bias = s_reference.GetProperty("bias").GetDouble();
        output.WriteLine($"loss {loss:F7} (PyTorch {s_reference.GetProperty("loss").GetDouble():F7}), largest weight difference {worst:E2}, " +
            $"bias {model.Parameters[30]:F5} ({bias:F5}), {history.Epochs.Count} iterations (PyTorch {s_reference.GetProperty("iterations").GetInt32()}), " +
            $"{history.Epochs.Sum(e => e.Logs["evaluations"])} line-search evaluations; {history.StopReason}");

        Assert.Equal(s_reference.GetProperty("loss").GetDouble(), loss, 1e-5);
        Assert.True(worst < 2e-3, $"a weight differs by {worst} from PyTorch's optimum");
        Assert.Equal(bias, model.Parameters[30], 2e-3);
        Assert.InRange(history.Epochs.Count, 5, 3 * s_reference.GetProperty("iterations").GetInt32());
        Assert.StartsWith("converged", history.StopReason);
    }

    [Fact]
    public void Conjugate_gradient_reaches_the_same_optimum()
    {
        var model = new ConjugateGradientLogistic();
        (History history, double loss, double worst) = FitFromZero(model, 500, s_reference.Doubles("weights"));
        output.WriteLine($"conjugate gradient: loss {loss:F7} (optimum {s_reference.GetProperty("loss").GetDouble():F7}), largest weight difference {worst:E2}, " +
            $"{history.Epochs.Count} iterations, {history.Epochs.Sum(e => e.Logs["evaluations"])} line-search evaluations; {history.StopReason}");
        Assert.Equal(s_reference.GetProperty("loss").GetDouble(), loss, 1e-5);
        Assert.True(worst < 5e-3, $"a weight differs by {worst} from the optimum");
        Assert.Equal(OptimizerKind.ConjugateGradient, model.FullBatchOptimizer);
        Assert.StartsWith("converged", history.StopReason);
    }

    [Fact]
    public void Newton_cg_reaches_the_same_optimum_in_fewer_iterations()
    {
        (History history, double loss, double worst) = FitFromZero(new NewtonCgLogistic(), 50, s_reference.Doubles("weights"));
        output.WriteLine($"Newton-CG (exact Hessian products): loss {loss:F7} (optimum {s_reference.GetProperty("loss").GetDouble():F7}), largest weight difference {worst:E2}, " +
            $"{history.Epochs.Count} iterations; {history.StopReason}");
        Assert.Equal(s_reference.GetProperty("loss").GetDouble(), loss, 1e-5);
        Assert.True(worst < 5e-3, $"a weight differs by {worst} from the optimum");
        Assert.True(history.Epochs.Count <= 12, $"Newton-CG took {history.Epochs.Count} iterations");
    }

    [Fact]
    public void Newton_with_the_exact_hessian_reaches_the_optimum_in_a_few_iterations()
    {
        (History history, double loss, double worst) = FitFromZero(new NewtonLogistic(), 30, s_reference.Doubles("weights"));
        output.WriteLine($"Newton: loss {loss:F7}, largest weight difference {worst:E2}, {history.Epochs.Count} iterations; {history.StopReason}");
        Assert.Equal(s_reference.GetProperty("loss").GetDouble(), loss, 1e-5);
        Assert.True(worst < 5e-3, $"a weight differs by {worst} from the optimum");
        Assert.True(history.Epochs.Count <= 10, $"Newton took {history.Epochs.Count} iterations");

        // Without a bias the Hessian has no bias row, and Newton still converges (to its own, different optimum).
        var noBias = new NewtonLogisticNoBias();
        noBias.Parameters.Clear();
        History plain = noBias.Fit(Standardized(), new FitOptions { Epochs = 30 });
        Assert.StartsWith("converged", plain.StopReason);
        Assert.True(plain.Epochs.Count <= 10, $"Newton without a bias took {plain.Epochs.Count} iterations");
    }

    [Theory]
    [InlineData("lbfgs")]
    [InlineData("newton-cg")]
    [InlineData("newton-cholesky")]
    public void Each_solver_with_scikit_learns_C_matches_its_logistic_regression(string solver)
    {
        // C = 1 sets the L2 strength to 1/(2·C·N): scikit-learn's objective divided by C·N, so the same optimum.
        IGradientModel model = solver switch
        {
            "lbfgs" => new LbfgsLogisticC1(),
            "newton-cg" => new NewtonCgLogisticC1(),
            _ => new NewtonLogisticC1(),
        };
        JsonElement sklearn = s_reference.GetProperty("sklearnSolversC1").GetProperty(solver);
        double[] weights = sklearn.Doubles("weights");
        (History history, _, double worst) = FitFromZero(model, 200, weights);
        double relative = worst / weights.Max(Math.Abs);
        output.WriteLine($"{model.GetType().Name}, C = 1: largest weight difference {relative:E2} of the largest weight from scikit-learn's {solver}, bias {model.Parameters[30]:F6} " +
            $"({sklearn.GetProperty("bias").GetDouble():F6}), {history.Epochs.Count} iterations (scikit-learn {sklearn.GetProperty("iterations").GetInt32()}); {history.StopReason}");
        Assert.Equal(1 / (2.0 * Standardized().Count), model.L2Strengths[0], 1e-9);
        Assert.True(relative < 1e-4, $"the weights differ by {relative:E2} (relative) from scikit-learn's {solver}");
        Assert.Equal(sklearn.GetProperty("bias").GetDouble(), model.Parameters[30], 1e-4);
    }

    [Fact]
    public void A_30_16_8_1_network_reaches_pytorchs_and_scikit_learns_lbfgs_loss_from_the_same_start()
    {
        JsonElement mlp = s_reference.GetProperty("mlp");
        double[] initial = mlp.Doubles("initial");
        var model = new LbfgsMlp();
        Assert.Equal(LbfgsMlp.ParameterCount, initial.Length);
        for (int i = 0; i < initial.Length; i++)
        {
            model.Parameters[i] = (float)initial[i];
        }

        Dataset data = Standardized();
        History history = model.Fit(data, new FitOptions { Epochs = 1000 });
        double loss = model.ComputeLoss(data.Features, data.Labels);
        double torch = mlp.GetProperty("torchLoss").GetDouble(), sklearn = mlp.GetProperty("sklearnLoss").GetDouble();
        output.WriteLine($"30-16-8-1 L-BFGS: loss {loss:F6} (PyTorch {torch:F6} in {mlp.GetProperty("torchIterations").GetInt32()} iterations, " +
            $"scikit-learn {sklearn:F6} in {mlp.GetProperty("sklearnIterations").GetInt32()}), {history.Epochs.Count} iterations, " +
            $"{history.Epochs.Sum(e => e.Logs["evaluations"])} evaluations; {history.StopReason}");
        Assert.True(Math.Abs(loss - torch) <= 0.01 * torch, $"loss {loss} is not within 1% of PyTorch's {torch}");
        Assert.True(Math.Abs(loss - sklearn) <= 0.01 * sklearn, $"loss {loss} is not within 1% of scikit-learn's {sklearn}");
    }

    /// <summary>Fits <paramref name="model"/> from zero weights on the standardized data; its loss there and its largest weight's distance from <paramref name="weights"/>.</summary>
    private static (History History, double Loss, double Worst) FitFromZero(IGradientModel model, int epochs, double[] weights)
    {
        Dataset data = Standardized();
        model.Parameters.Clear();
        History history = model.Fit(data, new FitOptions { Epochs = epochs });
        double worst = Enumerable.Range(0, weights.Length).Max(i => Math.Abs(model.Parameters[i] - weights[i]));
        return (history, model.ComputeLoss(data.Features, data.Labels), worst);
    }

    private static Dataset Standardized()
    {
        Dataset all = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        double[] mean = s_reference.Doubles("scalerMean"), scale = s_reference.Doubles("scalerScale");
        float[] features = all.Features.ToArray();
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)((features[i] - mean[i % 30]) / scale[i % 30]);
        }

        return new Dataset(features, all.Labels.ToArray(), all.FeatureNames);
    }

    private static JsonElement Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(ReferenceCases.File("Training", "Reference", "lbfgs_references.json")));
        return document.RootElement.Clone();
    }
}
