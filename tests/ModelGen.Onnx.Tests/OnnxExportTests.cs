using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Preprocessing;
using ModelGen.Svm;
using ModelGen.Trees;
using ModelGen.Training;
using Xunit;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// Every export runs in ONNX Runtime and gives what ModelGen computes within 1e-5 (relative to the value's size above
/// one): the batch outputs, the positive-class score, the label at the model's threshold, and for a classifier the
/// preprocessing, calibration and class names too.
/// </summary>
public sealed partial class OnnxExportTests
{
    private const float Tolerance = 1e-5f;

    private static readonly Lazy<Dataset> s_cancer = new(() =>
        Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M"));

    private static Dataset Cancer => s_cancer.Value;

    /// <summary>Standardized breast-cancer rows, as the networks and SVMs are trained on them.</summary>
    private static Dataset ScaledCancer => StandardScaler.Fit(Cancer).Transform(Cancer);

    public static TheoryData<string> Networks => new() { nameof(CancerMlp), nameof(SoftmaxHead), nameof(NormalizedMargin), nameof(EveryLayerCnn), nameof(SeedCnn) };

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_network_runs_in_ONNX_Runtime_as_it_predicts(string name)
    {
        IGradientModel model = name switch
        {
            nameof(CancerMlp) => new CancerMlp(),
            nameof(SoftmaxHead) => new SoftmaxHead(),
            nameof(NormalizedMargin) => new NormalizedMargin(),
            nameof(EveryLayerCnn) => new EveryLayerCnn(),
            _ => new SeedCnn(),
        };
        RandomizeParameters(model, seed: name.Length);
        float[] rows = RandomRows(((IModel)model).InputSize, 37, seed: 7);
        long[] shape = NetworkShape(model, 37);

        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(OnnxRuntimeSession.Keep(name, OnnxFile.ToBytes(model)), rows, shape);

        var expected = new float[37 * model.OutputSize];
        model.PredictBatch(rows, expected);
        AssertClose(expected, outputs.Floats["output"], "output");
        float[] scores = Enumerable.Range(0, 37).Select(n => model.Predict(rows.AsSpan(n * ((IModel)model).InputSize, ((IModel)model).InputSize))).ToArray();
        AssertClose(scores, outputs.Floats["score"], "score");
        AssertLabels(scores, model.DecisionThreshold, outputs);
        Assert.Equal(model.Architecture, outputs.Metadata["architecture"]);
    }

    [Fact]
    public void Images_are_read_as_N_C_H_W_in_ModelGen_s_channel_major_order()
    {
        IModel model = new EveryLayerCnn();
        RandomizeParameters((IGradientModel)model, seed: 3);
        float[] rows = RandomRows(((IModel)model).InputSize, 2, seed: 1);

        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(OnnxFile.ToBytes(model), rows, new long[] { 2, 2, 14, 14 });

        Assert.Equal(model.Predict(rows.AsSpan(0, ((IModel)model).InputSize)), outputs.Floats["score"][0], Tolerance);
        Assert.Equal(model.Predict(rows.AsSpan(((IModel)model).InputSize)), outputs.Floats["score"][1], Tolerance);
    }

    public static TheoryData<string> TreeAlgorithms => new()
    {
        nameof(TreeAlgorithm.DecisionTree), nameof(TreeAlgorithm.RandomForest), nameof(TreeAlgorithm.GradientBoostedTrees), nameof(TreeAlgorithm.IsolationForest),
    };

    [Theory]
    [MemberData(nameof(TreeAlgorithms))]
    public void A_tree_ensemble_runs_in_ONNX_Runtime_with_missing_values_routed_as_trained(string algorithm)
    {
        var options = new TreeOptions { Algorithm = Enum.Parse<TreeAlgorithm>(algorithm), Trees = algorithm == nameof(TreeAlgorithm.DecisionTree) ? 1 : 40, MaxDepth = 5 };
        if (options.Algorithm == TreeAlgorithm.IsolationForest)
        {
            options = options with { MaxSamples = 128 };
        }

        var model = new TreeModel(30, options, seed: 11);
        // An isolation forest has no branch for missing values and refuses them in training.
        bool gaps = options.Algorithm != TreeAlgorithm.IsolationForest;
        model.Fit(gaps ? WithGaps(Cancer, every: 13) : Cancer, new FitOptions());
        float[] rows = (gaps ? WithGaps(Cancer, every: 7) : Cancer).Features.ToArray();

        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(OnnxRuntimeSession.Keep("trees-" + algorithm, OnnxFile.ToBytes(model)), rows, new long[] { Cancer.Count, 30 });

        float[] scores = Enumerable.Range(0, Cancer.Count).Select(n => model.Predict(rows.AsSpan(n * 30, 30))).ToArray();
        Assert.Equal(gaps, rows.Any(float.IsNaN));
        AssertClose(scores, outputs.Floats["score"], "score");
        AssertLabels(scores, model.DecisionThreshold, outputs);
    }

    public static TheoryData<SvmKernel> Kernels => new() { SvmKernel.Rbf, SvmKernel.Linear, SvmKernel.Polynomial, SvmKernel.Sigmoid };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void A_kernel_machine_runs_in_ONNX_Runtime_as_its_decision_function(SvmKernel kernel)
    {
        Dataset data = ScaledCancer;
        var model = new SvmModel(30, new SvmOptions { Kernel = kernel, C = 1, Coef0 = kernel == SvmKernel.Sigmoid ? 0 : 1, Degree = 3, Probability = kernel == SvmKernel.Rbf });
        model.Fit(data, new FitOptions());

        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(OnnxRuntimeSession.Keep("svm-" + kernel, OnnxFile.ToBytes(model)), data.Features.ToArray(), new long[] { data.Count, 30 });

        float[] scores = Enumerable.Range(0, data.Count).Select(n => model.Predict(data.Row(n))).ToArray();
        AssertClose(scores, outputs.Floats["score"], "decision function");
        AssertLabels(scores, model.DecisionThreshold, outputs);
        if (model.Probability is { } platt)
        {
            AssertClose(scores.Select(platt.Calibrate).ToArray(), outputs.Floats["probability"], "probability");
        }
        else
        {
            Assert.False(outputs.Floats.ContainsKey("probability"));
        }
    }

    [Fact]
    public void A_one_class_machine_exports_its_negated_decision_function()
    {
        Dataset data = ScaledCancer;
        var model = new OneClassSvmModel(30, new SvmOptions { Nu = 0.1 });
        model.Fit(data, new FitOptions());

        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(OnnxRuntimeSession.Keep("one-class-svm", OnnxFile.ToBytes(model)), data.Features.ToArray(), new long[] { data.Count, 30 });

        float[] scores = Enumerable.Range(0, data.Count).Select(n => model.Predict(data.Row(n))).ToArray();
        AssertClose(scores, outputs.Floats["score"], "score");
        AssertLabels(scores, model.DecisionThreshold, outputs);
    }

    [Fact]
    public void A_classifier_exports_its_imputation_scaling_calibration_threshold_and_class_names()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
        TabularData raw = TabularData.FromCsv(path, "diagnosis", "M");
        FittedTabularPipeline pipeline = new TabularPipeline { NumericImputation = NumericImputation.Median }.Fit(raw);
        var svm = new SvmModel(30, new SvmOptions { Probability = true });
        svm.Fit(pipeline.Transform(raw), new FitOptions());
        var classifier = new Classifier(svm, pipeline, threshold: 0.3f, calibrator: svm.Probability, positiveClass: "M", negativeClass: "B",
            metrics: new Dictionary<string, double> { ["test_roc_auc"] = 0.99 });
        int columns = pipeline.InputColumns.Count;
        float[] rows = WithGaps(Cancer, every: 5).Features.ToArray();
        string?[][] cells = Enumerable.Range(0, Cancer.Count)
            .Select(n => rows.AsSpan(n * columns, columns).ToArray().Select(v => float.IsNaN(v) ? null : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(OnnxRuntimeSession.Keep("classifier", OnnxFile.ToBytes(classifier)), rows, new long[] { Cancer.Count, columns });

        float[] probabilities = cells.Select(row => classifier.PredictProbability(row)).ToArray();
        AssertClose(probabilities, outputs.Floats["probability"], "probability");
        Assert.Equal(cells.Select(row => classifier.Predict(row)).ToArray(), outputs.Strings["class"]);
        Assert.Equal(probabilities.Select(p => p >= 0.3f ? 1L : 0L).ToArray(), outputs.Longs["label"]);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(pipeline.InputColumns), outputs.Metadata["feature_names"]);
        Assert.Equal("M", outputs.Metadata["positive_class"]);
        Assert.Equal("0.3", outputs.Metadata["threshold"]);
        Assert.Equal("0.99", outputs.Metadata["metric.test_roc_auc"]);
    }

    [Fact]
    public void Only_the_outputs_asked_for_are_in_the_graph()
    {
        var model = new CancerMlp();
        float[] rows = RandomRows(30, 4, seed: 2);

        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(OnnxFile.ToBytes(model, OnnxOutputs.Output), rows, new long[] { 4, 30 });
        OnnxRuntimeSession.Outputs labels = OnnxRuntimeSession.Run(OnnxFile.ToBytes(model, OnnxOutputs.Label), rows, new long[] { 4, 30 });

        Assert.Equal(new[] { "output" }, outputs.Floats.Keys);
        Assert.Empty(outputs.Longs);
        Assert.Empty(labels.Floats);
        Assert.Equal(new[] { "label" }, labels.Longs.Keys);
        Assert.Throws<ArgumentException>(() => OnnxFile.ToBytes(model, (OnnxOutputs)0));
        // A network has no probability or class names of its own: asking for only those is an error, not an empty graph.
        Assert.Contains("Output, Score, Label", Assert.Throws<ArgumentException>(() => OnnxFile.ToBytes(model, OnnxOutputs.Probability | OnnxOutputs.Class)).Message);
    }

    [Fact]
    public void A_classifier_gives_only_the_outputs_asked_for_and_needs_no_ML_operators_without_class_names()
    {
        var model = new CancerMlp();
        RandomizeParameters(model, seed: 5);
        var classifier = new Classifier(model, StandardScalerPipeline(), threshold: 0.25f, positiveClass: "M", negativeClass: "B");
        float[] rows = RandomRows(30, 9, seed: 3);

        byte[] lean = OnnxFile.ToBytes(classifier, OnnxOutputs.Probability | OnnxOutputs.Label);
        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(lean, rows, new long[] { 9, 30 });
        OnnxRuntimeSession.Outputs names = OnnxRuntimeSession.Run(OnnxFile.ToBytes(classifier, OnnxOutputs.Class | OnnxOutputs.Output), rows, new long[] { 9, 30 });

        Assert.Equal(new[] { "probability" }, outputs.Floats.Keys);
        Assert.Equal(new[] { "label" }, outputs.Longs.Keys);
        Assert.Empty(outputs.Strings);
        Assert.DoesNotContain(global::Onnx.ModelProto.Parser.ParseFrom(lean).OpsetImport, o => o.Domain == "ai.onnx.ml");
        // The raw rows, as the graph reads them: the classifier's pipeline scales them.
        float[] probabilities = rows.Chunk(30).Select(row => classifier.PredictProbability(row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray())).ToArray();
        AssertClose(probabilities, outputs.Floats["probability"], "probability");
        Assert.Equal(probabilities.Select(p => p >= 0.25f ? 1L : 0L).ToArray(), outputs.Longs["label"]);
        Assert.Equal(new[] { "output" }, names.Floats.Keys);
        Assert.Equal(probabilities.Select(p => p >= 0.25f ? "M" : "B").ToArray(), names.Strings["class"]);
        Assert.Throws<ArgumentException>(() => OnnxFile.ToBytes(classifier, (OnnxOutputs)0));
    }

    /// <summary>A standardizing pipeline over the breast-cancer columns, as the quick start's scaler gives it.</summary>
    private static FittedTabularPipeline StandardScalerPipeline() =>
        FittedTabularPipeline.FromScaler(StandardScaler.Fit(Cancer), Cancer.FeatureNames);

    [Fact]
    public void Export_writes_the_file_atomically_and_refuses_a_folder()
    {
        var model = new CancerMlp();
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            OnnxFile.Export(model, path);
            Assert.Equal(OnnxFile.ToBytes(model), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(folder));
            Assert.Throws<IOException>(() => OnnxFile.Export(model, folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void What_has_no_ONNX_form_is_refused_with_the_reason()
    {
        var untrained = new TreeModel(30, new TreeOptions { Algorithm = TreeAlgorithm.RandomForest });
        Assert.Contains("not trained", Assert.Throws<InvalidOperationException>(() => OnnxFile.ToBytes(untrained)).Message);
        Assert.Contains("not trained", Assert.Throws<InvalidOperationException>(() => OnnxFile.ToBytes(new SvmModel(30, new SvmOptions()))).Message);

        var diverged = new CancerMlp();
        diverged.Parameters[5] = float.NaN;
        Assert.Contains("Parameter 5", Assert.Throws<InvalidOperationException>(() => OnnxFile.ToBytes(diverged)).Message);

        IModel foreign = System.Reflection.DispatchProxy.Create<IModel, ForeignModel>();
        Assert.Contains("has no ONNX form", Assert.Throws<NotSupportedException>(() => OnnxFile.ToBytes(foreign)).Message);
    }

    /// <summary>A model of a kind the exporter does not know: answers its shape, nothing else.</summary>
    public class ForeignModel : System.Reflection.DispatchProxy
    {
        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            "get_Architecture" => "Foreign",
            "get_InputSize" => 3,
            "get_OutputSize" => 1,
            _ => null,
        };
    }

    private static void AssertLabels(float[] scores, float threshold, OnnxRuntimeSession.Outputs outputs) =>
        Assert.Equal(scores.Select(s => s >= threshold ? 1L : 0L).ToArray(), outputs.Longs["label"]);

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float allowed = Tolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= allowed, $"{what} {i}: ModelGen {expected[i]:R}, ONNX Runtime {actual[i]:R}");
        }
    }

    /// <summary>Every parameter drawn from ±0.5 (running variances from [0.5, 1.5]), so no layer is at its initial state.</summary>
    private static void RandomizeParameters(IGradientModel model, int seed)
    {
        var random = new Random(seed);
        Span<float> parameters = model.Parameters;
        foreach (LayerSummary layer in model.Layers)
        {
            foreach (TensorSummary tensor in layer.Tensors)
            {
                for (int i = 0; i < tensor.Length; i++)
                {
                    parameters[tensor.Offset + i] = tensor.Name == "running_var" ? 0.5f + random.NextSingle() : random.NextSingle() - 0.5f;
                }
            }
        }
    }

    private static float[] RandomRows(int width, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, width * count).Select(_ => random.NextSingle() * 4 - 2).ToArray();
    }

    private static long[] NetworkShape(IGradientModel model, int count)
    {
        string first = model.Architecture.Split(" -> ")[0];
        int[] dimensions = first["Input(".Length..^1].Split(", ").Select(int.Parse).ToArray();
        return dimensions.Length == 3 ? new long[] { count, dimensions[2], dimensions[0], dimensions[1] } : new long[] { count, ((IModel)model).InputSize };
    }

    /// <summary><paramref name="data"/> with every <paramref name="every"/>-th value missing (NaN).</summary>
    private static Dataset WithGaps(Dataset data, int every)
    {
        float[] features = data.Features.ToArray();
        for (int i = 3; i < features.Length; i += every)
        {
            features[i] = float.NaN;
        }

        return new Dataset(features, data.Labels.ToArray(), data.FeatureNames, data.PositiveClass, data.NegativeClass, allowMissing: true);
    }
}
