using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Preprocessing;
using ModelGen.Svm;
using ModelGen.Training;
using Xunit;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// A classifier's preprocessing and calibration in ONNX Runtime: one-hot categories (missing tokens, unseen categories,
/// both policies), k-nearest-neighbours imputation (donors, ties, both weightings) and isotonic calibration. Each
/// checks the features the graph feeds the model against <see cref="FittedTabularPipeline.TransformRow(IReadOnlyList{string?}, Span{float})"/>
/// bit for bit, as well as the outputs.
/// </summary>
public sealed partial class OnnxExportTests
{
    private static readonly string[] s_plans = { "basic", "family", "premium" };
    private static readonly string[] s_regions = { "north", "south", "east", "west" };

    [Fact]
    public void Categorical_columns_are_one_hot_encoded_as_the_pipeline_encodes_them()
    {
        string?[][] training = ChurnRows(300, seed: 1, gaps: true, unseen: false);
        FittedTabularPipeline pipeline = new TabularPipeline { NumericImputation = NumericImputation.Median }.Fit(ChurnTable(training));
        Classifier classifier = LinearClassifier(pipeline, training, calibrate: true);
        string?[][] rows = Unlabelled(ChurnRows(120, seed: 2, gaps: true, unseen: true));
        Assert.Contains(rows, r => r[2] == "enterprise");
        Assert.Contains(rows, r => r[4] == "?");

        byte[] file = OnnxRuntimeSession.Keep("classifier-categorical", OnnxFile.ToBytes(classifier));
        OnnxRuntimeSession.Outputs outputs = RunRaw(OnnxRuntimeSession.WithOutput(file, "features"), pipeline, rows);

        AssertFeatures(pipeline, rows, outputs.Floats["features"]);
        float[] probabilities = rows.Select(r => classifier.PredictProbability(r)).ToArray();
        AssertClose(probabilities, outputs.Floats["probability"], "probability");
        Assert.Equal(rows.Select(r => classifier.Predict(r)).ToArray(), outputs.Strings["class"]);
        Assert.Equal("[\"age\",\"income\",\"visits\"]", outputs.Metadata["numeric_columns"]);
        Assert.Equal("[\"plan\",\"region\"]", outputs.Metadata["categorical_columns"]);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(pipeline.FeatureNames), outputs.Metadata["model_features"]);
    }

    [Fact]
    public void A_pipeline_of_categorical_columns_only_reads_only_categories()
    {
        string?[][] training = ChurnRows(200, seed: 3, gaps: true, unseen: false).Select(r => new[] { r[2], r[4], r[5] }).ToArray();
        var table = TabularData.FromCsv(WriteCsv(new[] { "plan", "region", "churned" }, training), "churned", "yes",
            new CsvOptions { CategoricalColumns = new[] { "plan", "region" } });
        FittedTabularPipeline pipeline = new TabularPipeline().Fit(table);
        var model = new SvmModel(pipeline.OutputSize, new SvmOptions { Kernel = SvmKernel.Linear });
        model.Fit(pipeline.Transform(table), new FitOptions());
        var classifier = new Classifier(model, pipeline);
        string?[][] rows = training.Take(50).Select(r => r[..2]).ToArray();

        OnnxRuntimeSession.Outputs outputs = RunRaw(OnnxRuntimeSession.WithOutput(OnnxFile.ToBytes(classifier), "features"), pipeline, rows);

        AssertFeatures(pipeline, rows, outputs.Floats["features"]);
        AssertClose(rows.Select(r => classifier.PredictProbability(r)).ToArray(), outputs.Floats["probability"], "probability");
    }

    [Fact]
    public void Where_the_pipeline_throws_ONNX_Runtime_fails_the_run()
    {
        // Unseen categories are errors, and a missing category has no fill.
        string?[][] training = ChurnRows(200, seed: 4, gaps: false, unseen: false);
        FittedTabularPipeline pipeline = new TabularPipeline { UnknownCategories = UnknownCategories.Error, CategoricalImputation = CategoricalImputation.None }
            .Fit(ChurnTable(training));
        Classifier classifier = LinearClassifier(pipeline, training, calibrate: false);
        byte[] file = OnnxRuntimeSession.Keep("classifier-strict", OnnxFile.ToBytes(classifier));
        string?[][] clean = Unlabelled(ChurnRows(20, seed: 5, gaps: false, unseen: false));

        OnnxRuntimeSession.Outputs outputs = RunRaw(file, pipeline, clean);
        AssertClose(clean.Select(r => classifier.PredictProbability(r)).ToArray(), outputs.Floats["probability"], "probability");

        foreach (string?[] bad in new[] { With(clean[0], 2, "enterprise"), With(clean[0], 4, ""), With(clean[0], 4, "NA") })
        {
            Assert.Throws<ArgumentException>(() => classifier.PredictProbability(bad));
            Assert.Throws<OnnxRuntimeException>(() => RunRaw(file, pipeline, clean.Append(bad).ToArray()));
        }
    }

    public static TheoryData<NeighborWeights, string> NeighborCases => new()
    {
        { NeighborWeights.Uniform, "cancer" }, { NeighborWeights.Distance, "cancer" }, { NeighborWeights.Uniform, "ties" }, { NeighborWeights.Distance, "ties" },
        { NeighborWeights.Uniform, "fewer-than-k" }, { NeighborWeights.Distance, "fewer-than-k" },
    };

    /// <summary>
    /// On the breast-cancer rows with gaps; on small integers, where equal distances are everywhere; and on three training
    /// rows, fewer than the five neighbours asked for.
    /// </summary>
    [Theory]
    [MemberData(nameof(NeighborCases))]
    public void K_nearest_neighbours_imputation_finds_the_imputer_s_donors(NeighborWeights weights, string data)
    {
        (string[] header, string?[][] training, string?[][] rows) = data switch
        {
            "cancer" => CancerWithGaps(),
            "ties" => SmallIntegers(trainingRows: 60),
            _ => SmallIntegers(trainingRows: 3),
        };
        var table = TabularData.FromCsv(WriteCsv(header, training), header[^1], header[^1] == "diagnosis" ? "M" : "yes");
        FittedTabularPipeline pipeline = new TabularPipeline { NumericImputation = NumericImputation.KNearestNeighbors, Neighbors = 5, NeighborWeights = weights }.Fit(table);
        Classifier classifier = LinearClassifier(pipeline, table, calibrate: false);

        byte[] file = OnnxRuntimeSession.Keep($"classifier-knn-{weights}-{data}", OnnxFile.ToBytes(classifier));
        OnnxRuntimeSession.Outputs outputs = RunRaw(OnnxRuntimeSession.WithOutput(OnnxRuntimeSession.WithOutput(file, "neighbors_imputed"), "scaled"), pipeline, rows);

        int width = header.Length - 1;
        float[] expected = rows.SelectMany(r => r.Select(Number)).ToArray();
        Assert.Contains(expected, float.IsNaN);
        pipeline.NeighborsImputer!.Transform(expected);
        Assert.Equal(expected, outputs.Floats["neighbors_imputed"]);
        AssertFeatures(pipeline, rows, outputs.Floats["scaled"]);
        AssertClose(rows.Select(r => classifier.PredictProbability(r)).ToArray(), outputs.Floats["probability"], "probability");
        Assert.Equal(rows.Length * width, expected.Length);
    }

    [Fact]
    public void Isotonic_calibration_interpolates_between_its_points_as_ModelGen_does()
    {
        Dataset data = ScaledCancer;
        var svm = new SvmModel(30, new SvmOptions());
        svm.Fit(data, new FitOptions());
        float[] rows = data.Features.ToArray();
        var shape = new long[] { data.Count, 30 };
        // Calibrated on the runtime's own scores, which the kernel-machine test holds within 1e-5 of ModelGen's: a steep
        // step of the calibration magnifies that difference (2.5e-5 on these rows), so the map itself is checked on the
        // scores it is given, bit for bit. Fitted on every other row: the others fall between its points, these on them.
        float[] scores = OnnxRuntimeSession.Run(OnnxFile.ToBytes(svm, OnnxOutputs.Score), rows, shape).Floats["score"];
        var isotonic = IsotonicCalibration.Fit(scores.Where((_, i) => i % 2 == 0).ToArray(), data.Labels.ToArray().Where((_, i) => i % 2 == 0).ToArray());
        var classifier = new Classifier(svm, calibrator: isotonic, threshold: 0.4f);
        Assert.True(isotonic.Scores.Count > 10);

        OnnxRuntimeSession.Outputs outputs = OnnxRuntimeSession.Run(OnnxRuntimeSession.Keep("classifier-isotonic", OnnxFile.ToBytes(classifier)), rows, shape);

        Assert.Equal(scores, outputs.Floats["score"]);
        float[] probabilities = scores.Select(isotonic.Calibrate).ToArray();
        Assert.Equal(probabilities, outputs.Floats["probability"]);
        Assert.Equal(probabilities.Select(p => p >= 0.4f ? 1L : 0L).ToArray(), outputs.Longs["label"]);

        // One point: every score maps to the one probability.
        var constant = IsotonicCalibration.Fit(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, new float[] { 1, 0, 1, 1 });
        OnnxRuntimeSession.Outputs flat = OnnxRuntimeSession.Run(OnnxFile.ToBytes(new Classifier(svm, calibrator: constant)), rows, shape);
        Assert.All(flat.Floats["probability"], p => Assert.Equal(0.75f, p));
    }

    /// <summary>Raw rows through the classifier's graph: numeric cells parsed as the pipeline parses them, categorical ones as text.</summary>
    private static OnnxRuntimeSession.Outputs RunRaw(byte[] file, FittedTabularPipeline pipeline, string?[][] rows)
    {
        int[] numeric = Enumerable.Range(0, pipeline.Steps.Count).Where(s => pipeline.Steps[s].Kind == ColumnKind.Numeric).ToArray();
        int[] categorical = Enumerable.Range(0, pipeline.Steps.Count).Where(s => pipeline.Steps[s].Kind == ColumnKind.Categorical).ToArray();
        float[] numbers = rows.SelectMany(r => numeric.Select(s => Number(r[s]))).ToArray();
        string[] categories = rows.SelectMany(r => categorical.Select(s => r[s] ?? "")).ToArray();
        return OnnxRuntimeSession.Run(file, numbers, numeric.Length, categories, categorical.Length);
    }

    private static float Number(string? cell) =>
        cell is null || CsvOptions.DefaultMissingValues.Contains(cell) ? float.NaN : float.Parse(cell, CultureInfo.InvariantCulture);

    /// <summary>The graph's features equal, bit for bit, what the pipeline writes for each raw row.</summary>
    private static void AssertFeatures(FittedTabularPipeline pipeline, string?[][] rows, float[] actual)
    {
        int width = actual.Length / rows.Length;
        Assert.Equal(rows.Length * width, actual.Length);
        var expected = new float[width];
        for (int n = 0; n < rows.Length; n++)
        {
            if (width == pipeline.OutputSize)
            {
                pipeline.TransformRow(rows[n], expected);
            }
            else
            {
                // The numeric columns alone (the tensor before the one-hot blocks join them).
                var all = new float[pipeline.OutputSize];
                pipeline.TransformRow(rows[n], all);
                expected = all[..width];
            }

            Assert.True(expected.AsSpan().SequenceEqual(actual.AsSpan(n * width, width)),
                $"row {n}: ModelGen [{string.Join(", ", expected)}], ONNX Runtime [{string.Join(", ", actual.AsSpan(n * width, width).ToArray())}]");
        }
    }

    /// <summary>A linear SVM (every feature counts) on the pipeline's features, Platt-calibrated or not.</summary>
    private static Classifier LinearClassifier(FittedTabularPipeline pipeline, string?[][] training, bool calibrate) =>
        LinearClassifier(pipeline, ChurnTable(training), calibrate);

    private static Classifier LinearClassifier(FittedTabularPipeline pipeline, TabularData table, bool calibrate)
    {
        var model = new SvmModel(pipeline.OutputSize, new SvmOptions { Kernel = SvmKernel.Linear, Probability = calibrate });
        model.Fit(pipeline.Transform(table), new FitOptions());
        return new Classifier(model, pipeline, calibrator: model.Probability, positiveClass: table.PositiveClass, negativeClass: table.NegativeClass);
    }

    private static readonly string[] s_churnHeader = { "age", "income", "plan", "visits", "region", "churned" };

    private static TabularData ChurnTable(string?[][] rows) =>
        TabularData.FromCsv(WriteCsv(s_churnHeader, rows), "churned", "yes", new CsvOptions { CategoricalColumns = new[] { "plan", "region" } });

    /// <summary>
    /// Churn-like rows (age, income, plan, visits, region; then the label): numeric and categorical columns interleaved,
    /// missing tokens in both kinds, and categories never seen in training when <paramref name="unseen"/>.
    /// </summary>
    private static string?[][] ChurnRows(int count, int seed, bool gaps, bool unseen)
    {
        var random = new Random(seed);
        string Gap(string value, string token) => gaps && random.NextDouble() < 0.08 ? token : value;
        var rows = new string?[count][];
        for (int n = 0; n < count; n++)
        {
            int age = random.Next(18, 80), visits = random.Next(0, 12);
            float income = MathF.Round(20000 + random.NextSingle() * 80000, 2);
            string plan = unseen && random.NextDouble() < 0.1 ? "enterprise" : s_plans[random.Next(3)];
            string region = unseen && random.NextDouble() < 0.1 ? "central" : s_regions[random.Next(4)];
            double logit = 0.04 * (50 - age) + (plan == "basic" ? 0.9 : plan == "premium" ? -0.9 : 0) + (region == "south" ? 0.6 : 0) - 0.15 * visits + 2 * (random.NextDouble() - 0.5);
            rows[n] = new[]
            {
                Gap(age.ToString(CultureInfo.InvariantCulture), "NA"), Gap(income.ToString("R", CultureInfo.InvariantCulture), ""), Gap(plan, ""),
                visits.ToString(CultureInfo.InvariantCulture), Gap(region, "?"), logit > 0 ? "yes" : "no",
            };
        }

        return rows;
    }

    /// <summary>The breast-cancer rows with gaps: training rows (every 7th value missing) and rows to impute (every 5th).</summary>
    private static (string[] Header, string?[][] Training, string?[][] Rows) CancerWithGaps()
    {
        string[] header = Cancer.FeatureNames.Append("diagnosis").ToArray();
        string?[][] Cells(Dataset data, bool labels) => Enumerable.Range(0, data.Count)
            .Select(n => data.Row(n).ToArray().Select(v => float.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture))
                .Concat(labels ? new[] { data.Labels[n] == 1 ? "M" : "B" } : Array.Empty<string>()).ToArray<string?>())
            .ToArray();
        return (header, Cells(WithGaps(Cancer, every: 7), labels: true), Cells(WithGaps(Cancer, every: 5), labels: false).Take(200).ToArray());
    }

    /// <summary>Three columns of 0, 1 and 2 with a fifth of the values missing: many training rows at equal distances.</summary>
    private static (string[] Header, string?[][] Training, string?[][] Rows) SmallIntegers(int trainingRows)
    {
        var random = new Random(9);
        string?[] Row(string? label) => Enumerable.Range(0, 3).Select(_ => random.NextDouble() < 0.2 ? "" : random.Next(3).ToString(CultureInfo.InvariantCulture))
            .Concat(label is null ? Array.Empty<string>() : new[] { label }).ToArray();
        string?[][] training = Enumerable.Range(0, trainingRows).Select(n => Row(n % 2 == 0 ? "yes" : "no")).ToArray();
        return (new[] { "a", "b", "c", "label" }, training, Enumerable.Range(0, 80).Select(_ => Row(label: null)).ToArray());
    }

    private static string?[][] Unlabelled(string?[][] rows) => rows.Select(r => r[..^1]).ToArray();

    private static string WriteCsv(string[] header, string?[][] rows)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "rows.csv");
        File.WriteAllLines(path, new[] { string.Join(",", header) }.Concat(rows.Select(r => string.Join(",", r))));
        return path;
    }

    private static string?[] With(string?[] row, int column, string value)
    {
        string?[] copy = row.ToArray();
        copy[column] = value;
        return copy;
    }
}
