using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using ModelGen.Preprocessing;
using ModelGen.Tests.Models;
using ModelGen.Training;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Persistence;

/// <summary>
/// One saved artifact: parameters, fitted preprocessing, calibration, threshold and metadata travel together, and a
/// loaded classifier answers raw rows exactly as the one that was saved.
/// </summary>
public sealed class ClassifierTests : IDisposable
{
    private const string Csv = "age,plan,y\n30,basic,no\nNA,premium,yes\n50,,no\n40,basic,yes\n22,premium,yes\n61,family,no\n35,basic,no\n47,premium,yes\n";

    private readonly TemporaryFolder _folder = new("modelgen-classifier-");

    public void Dispose() => _folder.Dispose();

    /// <summary>A model of the pipeline's 5 features (age + 4 plan categories), trained briefly.</summary>
    private static (Classifier Classifier, TabularData Raw) Trained(string? calibration)
    {
        TabularData raw = CsvDatasetReader.ReadTable(new StringReader(Csv), "train.csv", "y", "yes", new CsvOptions { CategoricalColumns = new[] { "plan" } });
        FittedTabularPipeline pipeline = new TabularPipeline().Fit(raw);
        Dataset data = pipeline.Transform(raw);
        var model = new Pipeline5(seed: 3);
        model.Fit(data, new FitOptions { Epochs = 20, BatchSize = 4 });
        float[] scores = Evaluator.Scores(model, data);
        ICalibrator? fitted = calibration switch
        {
            "platt" => PlattScaling.Fit(scores, data.Labels),
            "isotonic" => IsotonicCalibration.Fit(scores, data.Labels),
            _ => null,
        };
        var metrics = new Dictionary<string, double> { ["train_auc"] = Metrics.RocAuc(scores, data.Labels) };
        return (new Classifier(model, pipeline, threshold: 0.37f, fitted, data.PositiveClass, data.NegativeClass, metrics, new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)), raw);
    }

    public static IEnumerable<object?[]> Calibrations() => new[] { new object?[] { null }, new object?[] { "platt" }, new object?[] { "isotonic" } };

    [Theory]
    [MemberData(nameof(Calibrations))]
    public void A_loaded_classifier_answers_raw_rows_exactly_as_the_saved_one(string? calibration)
    {
        (Classifier saved, _) = Trained(calibration);
        saved.Save(_folder.File("churn.mgc"));

        Classifier loaded = Classifier.Load(_folder.File("churn.mgc"), new Pipeline5(seed: 99));

        Assert.Equal(saved.Model.SaveState(), loaded.Model.SaveState());
        Assert.Equal(0.37f, loaded.Threshold);
        Assert.Equal(("yes", "no"), (loaded.PositiveClass, loaded.NegativeClass));
        Assert.Equal(saved.Metrics["train_auc"], loaded.Metrics["train_auc"]);
        Assert.Equal(saved.TrainedAt, loaded.TrainedAt);
        Assert.Equal(saved.Calibrator?.GetType(), loaded.Calibrator?.GetType());
        foreach (string?[] row in new[] { new[] { "33", "basic" }, new[] { "NA", "premium" }, new[] { "58", "" }, new[] { "44", "student" } })
        {
            Assert.Equal(saved.PredictProbability(row), loaded.PredictProbability(row));
            Assert.Equal(saved.Predict(row), loaded.Predict(row));
        }
    }

    [Fact]
    public void A_classifier_carries_the_quick_starts_scaler_and_answers_raw_rows_after_a_round_trip()
    {
        Dataset data = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        StandardScaler scaler = StandardScaler.Fit(data);
        var model = new Mlp30(seed: 4);
        model.Fit(scaler.Transform(data), epochs: 3, validationSplit: 0.2, classWeights: ClassWeights.Balanced);
        var saved = new Classifier(model, scaler, data.FeatureNames, positiveClass: "M", negativeClass: "B");
        saved.Save(_folder.File("cancer.mgc"));
        Classifier loaded = Classifier.Load(_folder.File("cancer.mgc"), new Mlp30());

        float[] row = data.Features[..30].ToArray();
        float[] scaled = (float[])row.Clone();
        scaler.TransformInPlace(scaled);
        string[] raw = row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(model.Predict(scaled), loaded.PredictProbability(raw));
        Assert.Equal(model.Predict(scaled) >= 0.5f ? "M" : "B", loaded.Predict(raw));
        Assert.Equal(data.FeatureNames, loaded.Preprocessing!.InputColumns);
        raw[3] = "";
        Assert.Contains("no numeric imputation", Assert.Throws<ArgumentException>(() => loaded.PredictProbability(raw)).Message);
    }

    [Fact]
    public void Scores_go_through_the_pipeline_and_the_calibrator_and_decide_at_the_threshold()
    {
        (Classifier classifier, _) = Trained("platt");
        var features = new float[5];
        classifier.Preprocessing!.TransformRow(new[] { "33", "basic" }, features);
        float expected = classifier.Calibrator!.Calibrate(classifier.Model.Predict(features));
        Assert.Equal(expected, classifier.PredictProbability(new[] { "33", "basic" }));
        Assert.Equal(expected >= 0.37f ? "yes" : "no", classifier.Predict(new[] { "33", "basic" }));
        Assert.Equal(expected >= 0.37f, classifier.Predict(features) == classifier.PositiveClass);
        Assert.Equal(expected, classifier.PredictProbability(features));
    }

    [Fact]
    public void Loading_refuses_another_architecture_and_damaged_files_and_leaves_the_model_untouched()
    {
        (Classifier saved, _) = Trained(null);
        saved.Save(_folder.File("churn.mgc"));
        var other = new Mlp30(seed: 1);
        float[] before = other.Parameters.ToArray();
        Assert.Contains("but the model given is", Assert.Throws<ModelFileException>(() => Classifier.Load(_folder.File("churn.mgc"), other)).Message);
        Assert.Equal(before, other.Parameters.ToArray());

        byte[] good = File.ReadAllBytes(_folder.File("churn.mgc"));
        var model = new Pipeline5(seed: 5);
        float[] untouched = model.Parameters.ToArray();
        for (int i = 0; i < good.Length; i += 5)
        {
            byte[] bad = (byte[])good.Clone();
            bad[i] ^= 0x10;
            File.WriteAllBytes(_folder.File("bad.mgc"), bad);
            Assert.Throws<ModelFileException>(() => Classifier.Load(_folder.File("bad.mgc"), model));
            File.WriteAllBytes(_folder.File("bad.mgc"), good[..i]);
            Assert.Throws<ModelFileException>(() => Classifier.Load(_folder.File("bad.mgc"), model));
        }

        Assert.Equal(untouched, model.Parameters.ToArray());
        WeightsFile.Save(model, _folder.File("weights.mgw"));
        Assert.Contains("not a ModelGen classifier file", Assert.Throws<ModelFileException>(() => Classifier.Load(_folder.File("weights.mgw"), model)).Message);
    }

    [Fact]
    public void A_pipeline_that_does_not_fit_the_model_is_refused()
    {
        (Classifier classifier, _) = Trained(null);
        var error = Assert.Throws<ArgumentException>(() => new Classifier(new Mlp30(), classifier.Preprocessing));
        Assert.Contains("writes 5 features but the model reads 30", error.Message);
    }
}
