using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Selection;
using ModelGen.Svm;
using ModelGen.Tests.Models;
using ModelGen.Tests.Infrastructure;
using ModelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Svm;

/// <summary>
/// The SMO trainer against scikit-learn 1.2's <c>SVC</c> (libsvm) on standardized breast cancer, for every kernel, γ
/// rule and balanced class weights (Reference/make_svm_references.py and its stored values): the same support vectors
/// and the same decision function on the test rows, within what libsvm's stopping tolerance 1e-3 leaves open.
/// </summary>
public sealed class SvmReferenceTests(ITestOutputHelper output)
{
    private static readonly JsonElement s_root = Load();

    public static TheoryData<string> Cases => new() { "rbf", "rbf_c10_auto", "linear", "poly", "sigmoid", "rbf_balanced" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_decision_function_matches_scikit_learn(string name)
    {
        JsonElement reference = s_root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        (Dataset train, Dataset test) = Split();
        JsonElement parameters = reference.GetProperty("params");
        var model = new SvmModel(30, Options(parameters));
        model.Fit(train, new FitOptions { ClassWeights = parameters.TryGetProperty("class_weight", out _) ? ClassWeights.Balanced : null });

        double[] expected = reference.Doubles("decision");
        double[] actual = Enumerable.Range(0, test.Count).Select(n => (double)model.Predict(test.Features.Slice(n * 30, 30))).ToArray();
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        double auc = model.Evaluate(test).RocAuc;
        output.WriteLine($"{name}: gamma {model.Gamma:G6} (scikit-learn {reference.GetProperty("gamma").GetDouble():G6}), support vectors {model.SupportVectorCount} ({reference.GetProperty("supportVectors").GetInt32()}), " +
            $"intercept {model.Intercept:F5} ({reference.GetProperty("intercept").GetDouble():F5}), largest decision difference {worst:E2}, ROC-AUC {auc:F5} ({reference.GetProperty("auc").GetDouble():F5}), {model.Iterations} iterations");

        Assert.Equal(reference.GetProperty("gamma").GetDouble(), model.Gamma, 1e-9);
        Assert.InRange(model.SupportVectorCount, reference.GetProperty("supportVectors").GetInt32() - 2, reference.GetProperty("supportVectors").GetInt32() + 2);
        Assert.True(worst < 0.01, $"{name}: the decision function differs by up to {worst} from scikit-learn's");
        Assert.Equal(reference.GetProperty("auc").GetDouble(), auc, 0.002);
    }

    public static TheoryData<string, string> ParityCases => new()
    {
        { "cancer", "linear" }, { "cancer", "rbf" }, { "cancer", "poly" }, { "cancer", "sigmoid" },
        { "digits", "linear" }, { "digits", "rbf" }, { "digits", "poly" }, { "digits", "sigmoid" },
    };

    [Theory]
    [MemberData(nameof(ParityCases))]
    public void At_a_tight_tolerance_the_support_vectors_are_scikit_learns_and_the_decision_function_within_1e_3(string data, string kernel)
    {
        JsonElement reference = s_root.GetProperty("parity").EnumerateArray()
            .Single(c => c.GetProperty("data").GetString() == data && c.GetProperty("name").GetString() == kernel);
        (Dataset train, Dataset test) = data == "cancer" ? Split() : DigitsSplit();
        int width = train.FeatureCount;
        var model = new SvmModel(width, Options(reference.GetProperty("params")) with { Tolerance = 1e-5 });
        model.Fit(train, new FitOptions());

        double[] expected = reference.Doubles("decision");
        double[] actual = Enumerable.Range(0, test.Count).Select(n => model.DecisionFunction(test.Features.Slice(n * width, width))).ToArray();
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        int[] support = reference.GetProperty("support").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        int[] ours = SupportRows(model, train);
        output.WriteLine($"{data} {kernel}, tolerance 1e-5: support vectors {ours.Length} ({support.Length}), {ours.Except(support).Count()} not scikit-learn's, " +
            $"{support.Except(ours).Count()} missing, largest decision difference {worst:E2}, {model.Iterations} iterations");
        Assert.Equal(reference.GetProperty("gamma").GetDouble(), model.Gamma, 1e-6 * model.Gamma);
        Assert.Equal(support, ours);
        Assert.True(worst < 1e-3, $"{data} {kernel}: the decision function differs by up to {worst} from scikit-learn's");
    }

    /// <summary>The training rows whose features are a support vector's, ascending (scikit-learn's sorted <c>support_</c>).</summary>
    private static int[] SupportRows(SvmModel model, Dataset train)
    {
        int width = train.FeatureCount;
        var rows = new System.Collections.Generic.Dictionary<string, int>();
        for (int i = 0; i < train.Count; i++)
        {
            rows.TryAdd(string.Join(",", train.Features.Slice(i * width, width).ToArray()), i);
        }

        float[] vectors = model.SupportVectors.ToArray();
        return Enumerable.Range(0, model.SupportVectorCount)
            .Select(s => rows[string.Join(",", vectors.AsSpan(s * width, width).ToArray())])
            .OrderBy(i => i).ToArray();
    }

    private static SvmOptions Options(JsonElement parameters) => new()
    {
        Kernel = parameters.GetProperty("kernel").GetString() switch { "linear" => SvmKernel.Linear, "poly" => SvmKernel.Polynomial, "sigmoid" => SvmKernel.Sigmoid, _ => SvmKernel.Rbf },
        C = parameters.GetProperty("C").GetDouble(),
        Gamma = !parameters.TryGetProperty("gamma", out JsonElement gamma) || gamma.ValueKind == JsonValueKind.String && gamma.GetString() == "scale" ? SvmGamma.Scale
            : gamma.ValueKind == JsonValueKind.String ? SvmGamma.Auto : SvmGamma.Value,
        GammaValue = parameters.TryGetProperty("gamma", out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0,
        Degree = parameters.TryGetProperty("degree", out JsonElement degree) ? degree.GetInt32() : 3,
        Coef0 = parameters.TryGetProperty("coef0", out JsonElement coef0) ? coef0.GetDouble() : 0,
    };

    public static TheoryData<string> OneClassCases => new() { "rbf_nu05", "rbf_nu30", "poly_nu10" };

    [Theory]
    [MemberData(nameof(OneClassCases))]
    public void The_one_class_svm_matches_scikit_learn_as_an_anomaly_detector(string name)
    {
        JsonElement oneClass = s_root.GetProperty("oneClass");
        JsonElement reference = oneClass.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        Dataset all = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        Dataset data = Standardized(all.Select(oneClass.GetProperty("rows").EnumerateArray().Select(v => v.GetInt32()).ToArray()), oneClass);
        JsonElement parameters = reference.GetProperty("params");
        var model = new OneClassSvmModel(30, new SvmOptions
        {
            Kernel = parameters.GetProperty("kernel").GetString() == "poly" ? SvmKernel.Polynomial : SvmKernel.Rbf,
            Nu = parameters.GetProperty("nu").GetDouble(),
            Degree = parameters.TryGetProperty("degree", out JsonElement degree) ? degree.GetInt32() : 3,
            Coef0 = parameters.TryGetProperty("coef0", out JsonElement coef0) ? coef0.GetDouble() : 0,
        });
        model.Fit(data, new FitOptions());

        double[] expected = reference.Doubles("decision");
        double[] actual = Enumerable.Range(0, data.Count).Select(n => model.DecisionFunction(data.Features.Slice(n * 30, 30))).ToArray();
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() / expected.Max(Math.Abs);
        double auc = model.Evaluate(data).RocAuc;
        output.WriteLine($"one-class {name}: support vectors {model.SupportVectorCount} ({reference.GetProperty("supportVectors").GetInt32()}), " +
            $"largest decision difference {worst:E2} of the largest |decision|, anomaly ROC-AUC {auc:F5} ({reference.GetProperty("auc").GetDouble():F5})");
        Assert.InRange(model.SupportVectorCount, reference.GetProperty("supportVectors").GetInt32() - 2, reference.GetProperty("supportVectors").GetInt32() + 2);
        Assert.True(worst < 0.01, $"{name}: the decision function differs by up to {worst:P2} of its range from scikit-learn's");
        Assert.Equal(reference.GetProperty("auc").GetDouble(), auc, 0.005);
    }

    [Fact]
    public void A_trained_svm_round_trips_its_state_and_refuses_one_class_and_damaged_state()
    {
        (Dataset train, Dataset test) = Split();
        var model = new SvmModel(30, new SvmOptions());
        model.Fit(train, new FitOptions());
        var copy = new SvmModel(30, new SvmOptions());
        copy.LoadState(model.SaveState());
        for (int n = 0; n < test.Count; n++)
        {
            Assert.Equal(model.Predict(test.Features.Slice(n * 30, 30)), copy.Predict(test.Features.Slice(n * 30, 30)));
        }

        byte[] state = model.SaveState();
        Assert.Throws<InvalidDataException>(() => copy.LoadState(state.AsSpan(0, state.Length - 3)));
        Assert.Throws<InvalidDataException>(() => new SvmModel(30, new SvmOptions { C = 2 }).LoadState(state));
        Dataset negatives = train.Select(Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == 0f).ToArray());
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => new SvmModel(30, new SvmOptions()).Fit(negatives, new FitOptions())).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SvmModel(30, new SvmOptions { C = 0 }));

        // Missing values: refused at training (with the row and feature) and at prediction, never a silent NaN.
        float[] gappy = train.Features.ToArray();
        gappy[3 * 30 + 7] = float.NaN;
        var withGap = new Dataset(gappy, train.Labels.ToArray(), train.FeatureNames, allowMissing: true);
        Assert.Contains("Row 3, feature 7", Assert.Throws<ArgumentException>(() => new SvmModel(30, new SvmOptions()).Fit(withGap, new FitOptions())).Message);
        float[] row = test.Features[..30].ToArray();
        row[2] = float.PositiveInfinity;
        Assert.Contains("Feature 2", Assert.Throws<ArgumentException>(() => model.Predict(row)).Message);
    }

    [Fact]
    public void An_svm_takes_part_in_cross_validation_and_a_calibrated_classifier_like_every_model()
    {
        // Raw breast-cancer rows: each training fold standardized on its own statistics, as for the networks.
        Dataset raw = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        CrossValidationResult cv = CrossValidation.Run(_ => new SvmModel(30, new SvmOptions()), raw,
            new CrossValidationOptions { Folds = new StratifiedKFold(5) });
        output.WriteLine(cv.ToString());
        Assert.All(cv.Scores, auc => Assert.True(auc > 0.98, $"fold ROC-AUC {auc}"));

        (Dataset train, Dataset test) = Split();
        var model = new SvmModel(30, new SvmOptions());
        model.Fit(train, new FitOptions());
        var platt = PlattScaling.Fit(Evaluator.Scores(model, train), train.Labels);
        var classifier = new Classifier(model, preprocessing: null, threshold: 0.5f, calibrator: platt, positiveClass: "M", negativeClass: "B");
        float p = classifier.PredictProbability(test.Features[..30]);
        Assert.InRange(p, 0f, 1f);
        Assert.Equal(p >= 0.5f ? "M" : "B", classifier.Predict(test.Features[..30]));
    }

    [Fact]
    public void A_declared_svm_is_the_runtime_model_with_its_attributes_options()
    {
        (Dataset train, Dataset test) = Split();
        var declared = new CancerSvm();
        var direct = new SvmModel(30, new SvmOptions { C = 2 });
        Assert.Equal(direct.Options, CancerSvm.DeclaredOptions);
        Assert.Equal(direct.Architecture, declared.Architecture);
        declared.Fit(train, new FitOptions());
        direct.Fit(train, new FitOptions());
        for (int n = 0; n < test.Count; n++)
        {
            Assert.Equal(direct.Predict(test.Features.Slice(n * 30, 30)), declared.Predict(test.Features.Slice(n * 30, 30)));
        }

        Assert.Contains("Support vectors", declared.Summary());
        var detector = new CancerOneClassSvm();
        var directDetector = new OneClassSvmModel(30, new SvmOptions { Nu = 0.05 });
        Assert.Equal(directDetector.Architecture, detector.Architecture);
        detector.Fit(train, new FitOptions());
        directDetector.Fit(train, new FitOptions());
        Assert.Equal(directDetector.Predict(test.Features[..30]), detector.Predict(test.Features[..30]));
        CrossValidationResult cv = CrossValidation.Run<CancerSvm>(train, new CrossValidationOptions { Folds = new StratifiedKFold(3) });
        Assert.All(cv.Scores, auc => Assert.True(auc > 0.97, $"fold ROC-AUC {auc}"));
    }

    [Fact]
    public void An_svm_a_forest_and_a_network_compare_on_the_same_folds_and_an_svm_classifier_round_trips()
    {
        (Dataset train, Dataset test) = Split();
        SearchResult result = ModelSearch.Compare(new (string, Func<int, IModel>)[]
        {
            ("CancerSvm", seed => new CancerSvm(seed)),
            ("CancerForest", seed => new CancerForest(seed)),
            ("Mlp30", seed => new Mlp30(seed)),
        }, train, new CrossValidationOptions { Folds = new StratifiedKFold(3, seed: 3), Hyperparameters = new Hyperparameters { Epochs = 20 } });
        output.WriteLine(result.ToTable());
        Assert.Equal(3, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.True(t.Result.Mean >= 0.97, $"{t.Model}: {t.Result}"));
        Assert.Single(result.Trials.Select(t => string.Join(",", t.Result.Reports.Select(r => r.Matrix.Positives))).Distinct());

        var model = new CancerSvm();
        model.Fit(train, new FitOptions());
        string path = Path.Combine(Path.GetTempPath(), $"svm-{Guid.NewGuid():N}.mgc");
        try
        {
            new Classifier(model, positiveClass: "M", negativeClass: "B").Save(path);
            Classifier loaded = Classifier.Load(path, new CancerSvm());
            var expected = new float[test.Count];
            var actual = new float[test.Count];
            model.PredictBatch(test.Features, expected);
            loaded.Model.PredictBatch(test.Features, actual);
            Assert.Equal(expected, actual);
            Assert.Throws<ModelGen.Persistence.ModelFileException>(() => Classifier.Load(path, new SvmModel(30, new SvmOptions { C = 7 })));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The stored split, standardized with the stored training mean and scale as scikit-learn computed them.</summary>
    private static (Dataset Train, Dataset Test) Split()
    {
        Dataset all = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        Dataset Part(string name) => Standardized(all.Select(s_root.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray()), s_root);
        return (Part("train"), Part("test"));
    }

    /// <summary>Digits 5-vs-rest (1,797 × 64) on the stored split, standardized with the stored training statistics.</summary>
    private static (Dataset Train, Dataset Test) DigitsSplit()
    {
        JsonElement digits = s_root.GetProperty("digits");
        Dataset all = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv"), "digit", "5", new CsvOptions { PositiveVersusRest = true });
        Dataset Part(string name) => Standardized(all.Select(digits.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray()), digits);
        return (Part("train"), Part("test"));
    }

    /// <summary><paramref name="data"/> scaled by the <c>scalerMean</c> and <c>scalerScale</c> that <paramref name="stored"/> holds.</summary>
    private static Dataset Standardized(Dataset data, JsonElement stored)
    {
        double[] mean = stored.Doubles("scalerMean"), scale = stored.Doubles("scalerScale");
        float[] features = data.Features.ToArray();
        for (int i = 0; i < features.Length; i++)
        {
            int f = i % data.FeatureCount;
            features[i] = (float)((features[i] - mean[f]) / scale[f]);
        }

        return new Dataset(features, data.Labels.ToArray(), data.FeatureNames);
    }

    private static JsonElement Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(ReferenceCases.File("Svm", "Reference", "svm_references.json")));
        return document.RootElement.Clone();
    }
}
