using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Preprocessing;
using ModelGen.Training;

namespace ModelGen.Selection;

/// <summary>How <see cref="CrossValidation"/> trains and scores each fold.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>The folds (default: 5 stratified, seed 0).</summary>
    public StratifiedKFold Folds { get; init; } = new();

    /// <summary>What is scored on each test fold (default: ROC-AUC).</summary>
    public Scoring Scoring { get; init; } = Scoring.RocAuc;

    /// <summary>The hyperparameters of every fold's training.</summary>
    public Hyperparameters Hyperparameters { get; init; } = new();

    /// <summary>
    /// The rest of each fold's training (resampler, callbacks, metrics); the fold's seed is added to its seed.
    /// Resampling and validation splits apply inside the training fold only.
    /// </summary>
    public FitOptions Fit { get; init; } = new() { Metrics = Array.Empty<EpochMetric>() };

    /// <summary>
    /// Fits a scaler on each training fold and applies it to both parts, so the test fold never leaks into
    /// preprocessing (as a scikit-learn <c>Pipeline</c> inside <c>cross_val_score</c>); <see langword="null"/> for none.
    /// </summary>
    public Func<Dataset, FeatureScaler>? Scaler { get; init; }
}

/// <summary>One cross-validation: the score and the full report of each fold.</summary>
public sealed class CrossValidationResult
{
    internal CrossValidationResult(Scoring scoring, IReadOnlyList<BinaryReport> reports)
    {
        Scoring = scoring;
        Reports = reports;
        Scores = reports.Select(scoring.Score).ToArray();
        Mean = Scores.Average();
        StandardDeviation = Math.Sqrt(Scores.Sum(s => (s - Mean) * (s - Mean)) / Scores.Count);
    }

    /// <summary>What was scored.</summary>
    public Scoring Scoring { get; }

    /// <summary>Each test fold's score, in fold order (scikit-learn's <c>cross_val_score</c> array).</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>Each test fold's full evaluation.</summary>
    public IReadOnlyList<BinaryReport> Reports { get; }

    /// <summary>The mean fold score.</summary>
    public double Mean { get; }

    /// <summary>The population standard deviation of the fold scores (NumPy's <c>std</c>, as scikit-learn users report it).</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Scoring.Name}: {Mean:F4} ± {StandardDeviation:F4} [{string.Join(", ", Scores.Select(s => s.ToString("F4", CultureInfo.InvariantCulture)))}]");
}

/// <summary>Stratified k-fold cross-validation of a model class, as scikit-learn's <c>cross_validate</c> and <c>cross_val_score</c>.</summary>
public static class CrossValidation
{
    /// <summary>
    /// Trains a fresh model on each training fold and evaluates it on the test fold. <paramref name="createModel"/> gets
    /// the fold index (0-based) as the seed of its initial weights.
    /// </summary>
    public static CrossValidationResult Run(Func<int, IModel> createModel, Dataset data, CrossValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new CrossValidationOptions();
        return Run(createModel, data, options.Folds.Split(data.Labels), options);
    }

    /// <summary>The fold scores alone, as scikit-learn's <c>cross_val_score</c>.</summary>
    public static IReadOnlyList<double> Score(Func<int, IModel> createModel, Dataset data, Scoring scoring, int folds = 5, int seed = 0, Hyperparameters? hyperparameters = null) =>
        Run(createModel, data, new CrossValidationOptions
        {
            Folds = new StratifiedKFold(folds, seed),
            Scoring = scoring,
            Hyperparameters = hyperparameters ?? new Hyperparameters(),
        }).Scores;

    /// <summary>Cross-validates on folds already split, so several candidates can share them.</summary>
    internal static CrossValidationResult Run(Func<int, IModel> createModel, Dataset data, IReadOnlyList<(int[] Train, int[] Test)> folds, CrossValidationOptions options)
    {
        var reports = new BinaryReport[folds.Count];
        Hyperparameters hyperparameters = options.Hyperparameters;
        for (int k = 0; k < folds.Count; k++)
        {
            Dataset train = data.Select(folds[k].Train);
            Dataset test = data.Select(folds[k].Test);
            if (options.Scaler is { } fitScaler)
            {
                FeatureScaler scaler = fitScaler(train);
                train = scaler.Transform(train);
                test = scaler.Transform(test);
            }

            IModel model = createModel(k);
            hyperparameters.ApplyTo(model);
            FitOptions fit = hyperparameters.ToFitOptions(options.Fit) with { Seed = options.Fit.Seed + k };
            Trainer.Fit(model, train, fit);
            reports[k] = Evaluator.Evaluate(model, test, hyperparameters.Threshold);
        }

        return new CrossValidationResult(options.Scoring, reports);
    }
}
