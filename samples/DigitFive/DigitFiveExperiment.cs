using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelGen;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Preprocessing;
using ModelGen.Sampling;
using ModelGen.Selection;
using ModelGen.Training;
using ModelGen.Training.Callbacks;

namespace DigitFive;

/// <summary>
/// The seeds' "5 detector" on the UCI digits, step by step as a scikit-learn user would run it: the never-5 baseline,
/// 3-fold cross-validation, imbalance handling, a model comparison, a tuned threshold, calibration and the report.
/// </summary>
public static class DigitFiveExperiment
{
    /// <summary>The seed of every split, initialization and shuffle.</summary>
    public const int Seed = 42;

    /// <summary>Training epochs of each fold and of the final model.</summary>
    public const int Epochs = 30;

    /// <summary>The short training budget under which the class imbalance shows.</summary>
    public const int ImbalanceEpochs = 3;

    /// <summary>What a run produced, for the tests.</summary>
    public sealed record Result(
        CrossValidationResult ModelAccuracy,
        CrossValidationResult BaselineAccuracy,
        CrossValidationResult ModelF1,
        IReadOnlyList<(string Name, CrossValidationResult Recall)> Imbalance,
        SearchResult Comparison,
        float Threshold,
        BinaryReport Test,
        BinaryReport Baseline,
        CalibrationReport Calibration,
        BinaryReport CnnTest);

    /// <summary>Runs the whole study, writing what it finds to <paramref name="log"/>.</summary>
    public static Result Run(string csvPath, TextWriter log)
    {
        Dataset data = Dataset.FromCsv(csvPath, label: "digit", positive: 5, new CsvOptions { PositiveVersusRest = true });
        (Dataset train, Dataset test) = data.Split(testFraction: 0.25, stratify: true, seed: Seed);
        log.WriteLine($"{data.Count} digits, {data.PositiveCount} fives; training on {train.Count}, testing on {test.Count}.");

        var folds = new StratifiedKFold(folds: 3, seed: Seed);
        var hyperparameters = new Hyperparameters { Epochs = Epochs };
        CrossValidationOptions Options(Scoring scoring) => new()
        {
            Folds = folds,
            Scoring = scoring,
            Hyperparameters = hyperparameters,
            Scaler = MinMaxScaler.Fit,
        };

        // Accuracy alone: a classifier that never says "5" is right nine times in ten.
        log.WriteLine();
        log.WriteLine("3-fold cross-validation on the training set (min-max scaling fitted inside each fold):");
        CrossValidationResult modelAccuracy = CrossValidation.Run(seed => new FiveNet(seed), train, Options(Scoring.Accuracy));
        CrossValidationResult baselineAccuracy = CrossValidation.Run(_ => new NeverFive(), train, Options(Scoring.Accuracy) with { Hyperparameters = hyperparameters with { Epochs = 1 } });
        CrossValidationResult modelF1 = CrossValidation.Run(seed => new FiveNet(seed), train, Options(Scoring.F1));
        log.WriteLine($"  FiveNet   {modelAccuracy}");
        log.WriteLine($"  never 5   {baselineAccuracy}");
        log.WriteLine($"  FiveNet   {modelF1}");

        // Imbalance: one sample in ten is a five. Weighting or resampling the training folds (never the test fold)
        // moves the default threshold's trade-off towards recall. The network separates its training folds almost
        // perfectly whatever the weights, so the effect shows on a linear model given a short training budget.
        log.WriteLine();
        log.WriteLine($"Recall and precision at threshold 0.5 of FiveLogistic after {ImbalanceEpochs} epochs, 3-fold cross-validation:");
        var imbalance = new List<(string, CrossValidationResult)>();
        foreach ((string name, ClassWeights? weights, IResampler? resampler) in new (string, ClassWeights?, IResampler?)[]
                 {
                     ("as is", null, null),
                     ("balanced class weights", ClassWeights.Balanced, null),
                     ("random oversampling", null, new RandomOverSampler()),
                     ("SMOTE", null, new Smote()),
                 })
        {
            CrossValidationResult recall = CrossValidation.Run(seed => new FiveLogistic(seed), train, Options(Scoring.Recall) with
            {
                Hyperparameters = new Hyperparameters { Epochs = ImbalanceEpochs, LearningRate = 1e-3f, ClassWeights = weights },
                Fit = new FitOptions { Resampler = resampler, Metrics = Array.Empty<EpochMetric>() },
            });
            imbalance.Add((name, recall));
            double precision = recall.Reports.Average(r => r.Precision);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24}recall {recall.Mean:F4} ± {recall.StandardDeviation:F4}   precision {precision:F4}"));
        }

        log.WriteLine();
        log.WriteLine("Networks, tree models and a kernel SVM on the same folds (average precision; epochs are L-BFGS's iterations):");
        SearchResult comparison = ModelSearch.Compare(
            new (string, Func<int, IModel>)[]
            {
                ("FiveNet", seed => new FiveNet(seed)), ("FiveLbfgsNet", seed => new FiveLbfgsNet(seed)), ("FiveLogistic", seed => new FiveLogistic(seed)),
                ("FiveCnn", seed => new FiveCnn(seed)), ("FiveForest", seed => new FiveForest(seed)), ("FiveBoost", seed => new FiveBoost(seed)),
                ("FiveSvm", seed => new FiveSvm(seed)),
            },
            train,
            Options(Scoring.AveragePrecision));
        log.Write(comparison.ToTable());

        // The final model: early stopping on a validation part of the training set, whose scores then choose the
        // threshold and fit the calibration. The test set is touched once, at the end.
        MinMaxScaler scaler = MinMaxScaler.Fit(train);
        (Dataset fit, Dataset validation) = scaler.Transform(train).Split(testFraction: 0.2, stratify: true, seed: Seed);
        Dataset scaledTest = scaler.Transform(test);
        FitOptions final = new()
        {
            Epochs = 100,
            Seed = Seed,
            ValidationData = validation,
            Metrics = new[] { EpochMetric.Accuracy, EpochMetric.RocAuc },
            Callbacks = new Callback[] { new EarlyStopping("val_loss", patience: 10, restoreBestWeights: true) },
        };
        var model = new FiveNet(Seed);
        model.Fit(fit, final);
        float[] validationScores = Evaluator.Scores(model, validation);
        float threshold = ThresholdTuning.MaximizeF1(new RankedScores(validationScores, validation.Labels));
        BinaryReport report = model.Evaluate(scaledTest, threshold);
        BinaryReport baseline = MajorityClassBaseline.Fit(fit).Evaluate(scaledTest);

        log.WriteLine();
        log.WriteLine($"Test set, threshold {threshold:G4} (maximizes F1 on the validation part):");
        log.Write(ReportComparison.Table(("FiveNet", report), ("never 5", baseline)));
        log.WriteLine();
        log.Write(report.ClassificationReport());

        CalibrationReport calibration = CalibrationReport.Create(PlattScaling.Fit(validationScores, validation.Labels), Evaluator.Scores(model, scaledTest), scaledTest.Labels, bins: 5);
        log.WriteLine();
        log.WriteLine("Platt scaling fitted on the validation part, judged on the test set:");
        log.Write(calibration.ToString());

        // The same digits as 8x8 images, trained the same way: does the convolution see more than the dense layer?
        var cnn = new FiveCnn(Seed);
        cnn.Fit(fit, final with { Callbacks = new Callback[] { new EarlyStopping("val_loss", patience: 10, restoreBestWeights: true) } });
        float cnnThreshold = ThresholdTuning.MaximizeF1(new RankedScores(Evaluator.Scores(cnn, validation), validation.Labels));
        BinaryReport cnnReport = cnn.Evaluate(scaledTest, cnnThreshold);
        double difference = cnnReport.RocAuc - report.RocAuc;
        log.WriteLine();
        log.WriteLine($"FiveCnn ({FiveCnn.ParameterCount} parameters) against FiveNet ({FiveNet.ParameterCount}), same split, early stopping and threshold tuning:");
        log.Write(ReportComparison.Table(("FiveCnn", cnnReport), ("FiveNet", report)));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FiveCnn's test ROC-AUC {cnnReport.RocAuc:F4} {(difference > 0 ? "beats" : difference == 0 ? "ties" : "falls short of")} FiveNet's {report.RocAuc:F4} by {Math.Abs(difference):F4}."));

        return new Result(modelAccuracy, baselineAccuracy, modelF1, imbalance, comparison, threshold, report, baseline, calibration, cnnReport);
    }

    /// <summary>
    /// The seeds' <c>Never5Classifier</c> as an <see cref="IModel"/>: it trains nothing and scores every digit 0, so it
    /// runs through the same cross-validation as the network.
    /// </summary>
    private sealed class NeverFive : IModel
    {
        public int InputSize => 64;

        public int OutputSize => 1;

        public string Architecture => "never 5";

        public float DecisionThreshold => 0.5f;

        public bool OutputsProbabilities => true;

        public float Predict(ReadOnlySpan<float> features) => 0f;

        public void Predict(ReadOnlySpan<float> features, Span<float> output) => output[0] = 0f;

        public void PredictBatch(ReadOnlySpan<float> features, Span<float> outputs) => outputs[..(features.Length / InputSize)].Clear();

        public History Fit(Dataset training, FitOptions options) => new();

        public string Summary(string? name = null) => $"Model: \"{name ?? "NeverFive"}\": scores every digit 0";

        public byte[] SaveState() => Array.Empty<byte>();

        public void LoadState(ReadOnlySpan<byte> state)
        {
            if (!state.IsEmpty)
            {
                throw new ArgumentException("The never-5 baseline has no state.", nameof(state));
            }
        }
    }
}
