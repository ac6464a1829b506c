using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Generators.Tests.Infrastructure;
using ModelGen.Persistence;
using ModelGen.Svm;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Svm;

/// <summary>
/// A declared machine's generated decision function (the kernel specialized to its input size) gives the runtime
/// loop's bits for every kernel and width; shrinking leaves the solution where it was; probabilities from the
/// cross-validated Platt fit are scikit-learn's <c>probability=True</c>'s and survive every way of saving the model.
/// run-tests.sh runs these on every SIMD path.
/// </summary>
public sealed class SvmKernelTests(ITestOutputHelper output)
{
    private static Dataset Cancer() => Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");

    public static TheoryData<string> Declared => new() { "rbf", "poly", "sigmoid", "linear", "tiny", "wide" };

    [Theory]
    [MemberData(nameof(Declared))]
    public void The_generated_decision_function_gives_the_runtime_loops_bits(string kind)
    {
        (KernelModel declared, Dataset data) = kind switch
        {
            "rbf" => ((KernelModel)new CancerSvm(), Standardized(Cancer())),
            "poly" => (new CancerPolySvm(), Standardized(Cancer())),
            "sigmoid" => (new CancerSigmoidSvm(), Standardized(Cancer())),
            "linear" => (new CancerLinearSvm(), Standardized(Cancer())),
            "tiny" => (new TinySvm(), Standardized(Columns(Cancer(), 3))),
            _ => (new WideSvm(), Standardized(Wide(Cancer()))),
        };
        Assert.NotEqual(typeof(SvmModel), declared.GetType());
        declared.Fit(data, new FitOptions());
        var runtime = new SvmModel(declared.InputSize, declared.Options);
        runtime.LoadState(declared.SaveState());
        int width = declared.InputSize, differences = 0;
        for (int n = 0; n < data.Count; n++)
        {
            ReadOnlySpan<float> row = data.Features.Slice(n * width, width);
            differences += BitConverter.DoubleToInt64Bits(declared.DecisionFunction(row)) == BitConverter.DoubleToInt64Bits(runtime.DecisionFunction(row)) ? 0 : 1;
        }

        output.WriteLine($"{kind}: {declared.SupportVectorCount} support vectors, {data.Count} rows, {differences} differ");
        Assert.Equal(0, differences);
    }

    [Fact]
    public void Shrinking_leaves_the_solution_within_the_tolerance()
    {
        // Digits 5-vs-rest with a linear kernel takes about 2,000 iterations: shrinking starts after 1,000.
        Dataset data = Standardized(Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv"), "digit", "5", new CsvOptions { PositiveVersusRest = true }));
        var options = new SvmOptions { Kernel = SvmKernel.Linear, C = 0.1, Tolerance = 1e-5 };
        var shrunk = new SvmModel(64, options);
        var whole = new SvmModel(64, options with { Shrinking = false });
        shrunk.Fit(data, new FitOptions());
        whole.Fit(data, new FitOptions());
        double worst = Enumerable.Range(0, data.Count).Max(n => Math.Abs(shrunk.DecisionFunction(data.Features.Slice(n * 64, 64)) - whole.DecisionFunction(data.Features.Slice(n * 64, 64))));
        output.WriteLine($"shrinking: {shrunk.Iterations} iterations, without: {whole.Iterations}; largest decision difference {worst:E2}");
        Assert.True(shrunk.Iterations > 1000, $"{shrunk.Iterations} iterations: shrinking never ran");
        Assert.Equal(whole.SupportVectorCount, shrunk.SupportVectorCount);
        Assert.True(worst < 1e-4, $"the decision functions differ by {worst}");
    }

    [Fact]
    public void Probabilities_from_the_cross_validated_platt_fit_are_scikit_learns()
    {
        JsonElement root = References();
        JsonElement reference = root.GetProperty("probability");
        (Dataset train, Dataset test) = Split(root);
        var model = new SvmModel(30, new SvmOptions { Probability = true });
        model.Fit(train, new FitOptions());
        Assert.NotNull(model.Probability);
        double[] expected = reference.Doubles("proba");
        float[] actual = Enumerable.Range(0, test.Count).Select(n => model.PredictProbability(test.Features.Slice(n * 30, 30))).ToArray();
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        double ours = Metrics.LogLoss(actual, test.Labels), theirs = Metrics.LogLoss(expected.Select(p => (float)p).ToArray(), test.Labels);
        output.WriteLine($"Platt A {model.Probability!.A:F4}, B {model.Probability.B:F4} (scikit-learn, in ModelGen's sign: {reference.GetProperty("probA").GetDouble():F4}, {-reference.GetProperty("probB").GetDouble():F4}); " +
            $"largest probability difference {worst:F4}; test log loss {ours:F4} (scikit-learn {theirs:F4})");
        Assert.Equal(reference.GetProperty("probA").GetDouble(), model.Probability.A, 0.5);
        Assert.True(worst < 0.1, $"a probability differs by {worst} from scikit-learn's");
        Assert.True(Math.Abs(ours - theirs) < 0.1 * theirs, $"log loss {ours} against scikit-learn's {theirs}");

        // The same decision function as without probabilities: the folds only fit the sigmoid.
        var plain = new SvmModel(30, new SvmOptions());
        plain.Fit(train, new FitOptions());
        Assert.Equal(plain.Predict(test.Features[..30]), model.Predict(test.Features[..30]));
        Assert.Contains("Probability = true", Assert.Throws<InvalidOperationException>(() => plain.PredictProbability(test.Features[..30])).Message);

        // The sigmoid is the calibrator a Classifier takes.
        var classifier = new Classifier(model, preprocessing: null, threshold: 0.5f, calibrator: model.Probability, positiveClass: "M", negativeClass: "B");
        Assert.Equal(actual[0], classifier.PredictProbability(test.Features[..30]));
    }

    [Fact]
    public void The_probability_sigmoid_survives_files_state_and_baking_and_old_files_still_load()
    {
        Dataset data = Standardized(Wide(Cancer()));
        var model = new WideSvm();
        model.Fit(data, new FitOptions { Seed = 4 });
        string path = Path.Combine(Path.GetTempPath(), $"wide-{Guid.NewGuid():N}.mgsv");
        try
        {
            SvmModelFile.Save(model, path);
            var loaded = new WideSvm();
            SvmModelFile.Load(loaded, path);
            var restored = new WideSvm();
            restored.LoadState(model.SaveState());
            for (int n = 0; n < data.Count; n += 7)
            {
                ReadOnlySpan<float> row = data.Features.Slice(n * 70, 70);
                Assert.Equal(model.PredictProbability(row), loaded.PredictProbability(row));
                Assert.Equal(model.PredictProbability(row), restored.PredictProbability(row));
            }

            // A version-1 file (no probability line) reads as a machine without the sigmoid.
            string[] lines = File.ReadAllLines(path);
            File.WriteAllLines(path, lines.Where(l => !l.StartsWith("probability: ", StringComparison.Ordinal)).Select(l => l == "ModelGen svm 2" ? "ModelGen svm 1" : l));
            var old = new WideSvm();
            SvmModelFile.Load(old, path);
            Assert.Null(old.Probability);
            Assert.Equal(model.Predict(data.Features[..70]), old.Predict(data.Features[..70]));

            // A damaged probability line is named.
            File.WriteAllLines(path, lines.Select(l => l.StartsWith("probability: ", StringComparison.Ordinal) ? "probability: 12 34" : l));
            Assert.Contains("probability line", Assert.Throws<ModelFileException>(() => SvmModelFile.Load(new WideSvm(), path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Probability_needs_five_rows_of_each_class()
    {
        Dataset data = Standardized(Cancer());
        int[] rows = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == 0f).Take(40)
            .Concat(Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == 1f).Take(3)).ToArray();
        var model = new SvmModel(30, new SvmOptions { Probability = true });
        Assert.Contains("at least 5 training rows", Assert.Throws<ArgumentException>(() => model.Fit(data.Select(rows), new FitOptions())).Message);
    }

    [Fact]
    public void An_iteration_limit_is_a_warning_in_the_history_and_the_log_and_a_cache_below_one_column_is_refused()
    {
        Dataset data = Standardized(Cancer());
        var log = new StringWriter();
        var model = new SvmModel(30, new SvmOptions { MaxIterations = 10 });
        History history = model.Fit(data, new FitOptions { Log = log });
        Assert.Equal(10, model.Iterations);
        Assert.Contains("iteration limit (10)", Assert.Single(history.Warnings));
        Assert.Equal(history.Warnings[0], history.StopReason);
        Assert.Contains("Warning: SMO stopped at its iteration limit", log.ToString());
        Assert.True(model.Evaluate(data).RocAuc > 0.9, "the machine at the limit is usable");

        var silent = new StringWriter();
        new SvmModel(30, new SvmOptions { MaxIterations = 10 }).Fit(data, new FitOptions { Log = silent, Verbosity = Verbosity.Silent });
        Assert.Empty(silent.ToString());

        var tiny = new SvmModel(30, new SvmOptions { CacheMegabytes = 0.001 });
        Assert.Contains("cannot hold one kernel column of these 569 rows", Assert.Throws<ArgumentException>(() => tiny.Fit(data, new FitOptions())).Message);
        Assert.Empty(new SvmModel(30, new SvmOptions()).Fit(data, new FitOptions()).Warnings);

        // A kernel beyond float range (a degree-9 polynomial of raw, unscaled features) names the rows and keeps the trained machine.
        var trained = new SvmModel(30, new SvmOptions { Kernel = SvmKernel.Polynomial, Degree = 9, Gamma = SvmGamma.Value, GammaValue = 1 });
        trained.Fit(data, new FitOptions());
        float before = trained.Predict(data.Features[..30]);
        string message = Assert.Throws<ArgumentException>(() => trained.Fit(Cancer(), new FitOptions())).Message;
        Assert.Contains("Polynomial kernel of training rows", message);
        Assert.Contains("scale the features", message);
        Assert.Equal(before, trained.Predict(data.Features[..30]));
    }

    /// <summary>The first <paramref name="count"/> columns.</summary>
    private static Dataset Columns(Dataset data, int count)
    {
        var features = new float[data.Count * count];
        for (int n = 0; n < data.Count; n++)
        {
            data.Features.Slice(n * data.FeatureCount, count).CopyTo(features.AsSpan(n * count));
        }

        return new Dataset(features, data.Labels.ToArray(), data.FeatureNames.Take(count).ToArray());
    }

    /// <summary>Seventy columns: the thirty, their squares and the first ten again halved.</summary>
    private static Dataset Wide(Dataset data)
    {
        var features = new float[data.Count * 70];
        for (int n = 0; n < data.Count; n++)
        {
            for (int f = 0; f < 70; f++)
            {
                float v = data.Features[n * 30 + f % 30];
                features[n * 70 + f] = f < 30 ? v : f < 60 ? v * v : v / 2;
            }
        }

        return new Dataset(features, data.Labels.ToArray(), Enumerable.Range(0, 70).Select(f => "f" + f).ToArray());
    }

    private static Dataset Standardized(Dataset data) => ModelGen.Preprocessing.StandardScaler.Fit(data).Transform(data);

    private static (Dataset Train, Dataset Test) Split(JsonElement root)
    {
        Dataset all = Cancer();
        double[] mean = root.Doubles("scalerMean"), scale = root.Doubles("scalerScale");
        Dataset Part(string name)
        {
            Dataset part = all.Select(root.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray());
            float[] features = part.Features.ToArray();
            for (int i = 0; i < features.Length; i++)
            {
                features[i] = (float)((features[i] - mean[i % 30]) / scale[i % 30]);
            }

            return new Dataset(features, part.Labels.ToArray(), part.FeatureNames);
        }

        return (Part("train"), Part("test"));
    }

    private static JsonElement References()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(ReferenceCases.File("Svm", "Reference", "svm_references.json")));
        return document.RootElement.Clone();
    }
}
