using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ModelGen.Data;
using ModelGen.Preprocessing;
using ModelGen.Training;

namespace ModelGen.Benchmarks;

/// <summary>
/// Full-batch training on standardized breast cancer (569 × 30), each fit from the same start to convergence:
/// logistic regression as scikit-learn's <c>LogisticRegression(C=1, solver="newton-cholesky")</c> by Newton's method,
/// and the 30-16-8-1 network of the L-BFGS reference test from its stored initial weights by L-BFGS. Peers/fullbatch.py
/// times scikit-learn and PyTorch's LBFGS on the same data and start.
/// </summary>
[MemoryDiagnoser]
public class FullBatchBenchmarks
{
    private Dataset _cancer = null!;
    private float[] _initial = null!;

    [GlobalSetup]
    public void Setup()
    {
        string root = Repository.Root;
        Dataset cancer = Dataset.FromCsv(Path.Combine(root, "samples", "BreastCancer", "data", "breast_cancer.csv"), "diagnosis", "M");
        _cancer = StandardScaler.Fit(cancer).Transform(cancer);
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "tests", "ModelGen.Tests", "Training", "Reference", "lbfgs_references.json")));
        _initial = reference.RootElement.GetProperty("mlp").GetProperty("initial").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
    }

    [Benchmark(Description = "newton logistic regression C=1, breast cancer")]
    public History Newton()
    {
        var model = new NewtonCancer();
        model.Parameters.Clear();
        return model.Fit(_cancer, new FitOptions { Epochs = 100, Threads = 1 });
    }

    [Benchmark(Description = "lbfgs 30-16-8-1 L2 0.01 to convergence, breast cancer")]
    public History Lbfgs()
    {
        var model = new LbfgsCancer30();
        _initial.CopyTo(model.Parameters);
        return model.Fit(_cancer, new FitOptions { Epochs = 1000, Threads = 1 });
    }
}
