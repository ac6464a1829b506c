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
    /// For numeric <see cref="Dataset"/>s: fits a scaler on each training fold and applies it to both parts, so the test
    /// fold never leaks into preprocessing (as a scikit-learn <c>Pipeline</c> inside <c>cross_val_score</c>). Default:
    /// <see cref="StandardScaler.Fit"/>, since a network trained on unscaled features scores little better than chance;
    /// <see langword="null"/> for none (data already scaled, or a model that does not need it).
    /// </summary>
    public Func<Dataset, FeatureScaler>? Scaler { get; init; } = StandardScaler.Fit;

    /// <summary>
    /// For raw <see cref="TabularData"/>: the whole pipeline (imputation, encoding, scaling) fitted on each training fold
    /// and applied to both parts. Default: <c>new TabularPipeline()</c> (mean imputation, one-hot categories, standard
    /// scaling).
    /// </summary>
    public TabularPipeline Pipeline { get; init; } = new();
}

/// <summary>What cross-validation splits: the labels it stratifies on, and how one fold's two parts are made ready for a model.</summary>
internal abstract class FoldSource
{
    public abstract ReadOnlySpan<float> Labels { get; }

    /// <summary>The fold's training and test parts, preprocessing fitted on the training part only.</summary>
    public abstract (Dataset Train, Dataset Test) Prepare(int[] train, int[] test);

    public static FoldSource For(Dataset data, CrossValidationOptions options) => new NumericFolds(data, options.Scaler);

    public static FoldSource For(TabularData data, CrossValidationOptions options) => new TabularFolds(data, options.Pipeline);

    private sealed class NumericFolds(Dataset data, Func<Dataset, FeatureScaler>? fitScaler) : FoldSource
    {
        public override ReadOnlySpan<float> Labels => data.Labels;

        public override (Dataset Train, Dataset Test) Prepare(int[] train, int[] test)
        {
            Dataset trainPart = data.Select(train);
            Dataset testPart = data.Select(test);
            if (fitScaler is null)
            {
                return (trainPart, testPart);
            }

            FeatureScaler scaler = fitScaler(trainPart);
            return (scaler.Transform(trainPart), scaler.Transform(testPart));
        }
    }

    private sealed class TabularFolds(TabularData data, TabularPipeline pipeline) : FoldSource
    {
        public override ReadOnlySpan<float> Labels => data.Labels;

        public override (Dataset Train, Dataset Test) Prepare(int[] train, int[] test)
        {
            TabularData trainPart = data.Select(train);
            FittedTabularPipeline fitted = pipeline.Fit(trainPart);
            return (fitted.Transform(trainPart), fitted.Transform(data.Select(test)));
        }
    }
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
    /// the fold index (0-based) as the seed of its initial weights. Each training fold is standardized on its own
    /// statistics unless <see cref="CrossValidationOptions.Scaler"/> says otherwise.
    /// </summary>
    public static CrossValidationResult Run(Func<int, IModel> createModel, Dataset data, CrossValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new CrossValidationOptions();
        FoldSource source = FoldSource.For(data, options);
        return Run(createModel, source, options.Folds.Split(source.Labels), options);
    }

    /// <summary>
    /// Cross-validates the generated model class <typeparamref name="TModel"/>: each fold's model comes from its
    /// <see cref="IModelFactory{TSelf}.Create"/> with the fold index as seed, as <c>Run(seed => new TModel(seed), ...)</c>.
    /// </summary>
    public static CrossValidationResult Run<TModel>(Dataset data, CrossValidationOptions? options = null)
        where TModel : IModel, IModelFactory<TModel> =>
        Run(seed => TModel.Create(seed), data, options);

    /// <summary>Cross-validates the generated model class <typeparamref name="TModel"/> on raw rows (see the untyped overload).</summary>
    public static CrossValidationResult Run<TModel>(TabularData data, CrossValidationOptions? options = null)
        where TModel : IModel, IModelFactory<TModel> =>
        Run(seed => TModel.Create(seed), data, options);

    /// <summary>
    /// Cross-validates on raw rows: <see cref="CrossValidationOptions.Pipeline"/> (imputation, encoding, scaling) is fitted
    /// on each training fold alone, as a scikit-learn <c>Pipeline</c> inside <c>cross_validate</c>.
    /// </summary>
    public static CrossValidationResult Run(Func<int, IModel> createModel, TabularData data, CrossValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new CrossValidationOptions();
        FoldSource source = FoldSource.For(data, options);
        return Run(createModel, source, options.Folds.Split(source.Labels), options);
    }

    /// <summary>
    /// The fold scores alone, as scikit-learn's <c>cross_val_score</c>: standardized in each training fold and trained for
    /// <see cref="Hyperparameters.Epochs"/> (default 10) epochs, so the one-liner gives a meaningful score.
    /// </summary>
    public static IReadOnlyList<double> Score(Func<int, IModel> createModel, Dataset data, Scoring scoring, int folds = 5, int seed = 0, Hyperparameters? hyperparameters = null) =>
        Run(createModel, data, ScoreOptions(scoring, folds, seed, hyperparameters)).Scores;

    /// <summary>The fold scores of raw rows, the default <see cref="TabularPipeline"/> fitted in each training fold.</summary>
    public static IReadOnlyList<double> Score(Func<int, IModel> createModel, TabularData data, Scoring scoring, int folds = 5, int seed = 0, Hyperparameters? hyperparameters = null) =>
        Run(createModel, data, ScoreOptions(scoring, folds, seed, hyperparameters)).Scores;

    private static CrossValidationOptions ScoreOptions(Scoring scoring, int folds, int seed, Hyperparameters? hyperparameters) => new()
    {
        Folds = new StratifiedKFold(folds, seed),
        Scoring = scoring,
        Hyperparameters = hyperparameters ?? new Hyperparameters(),
    };

    /// <summary>Cross-validates on folds already split, so several candidates can share them.</summary>
    internal static CrossValidationResult Run(Func<int, IModel> createModel, FoldSource source, IReadOnlyList<(int[] Train, int[] Test)> folds, CrossValidationOptions options)
    {
        var reports = new BinaryReport[folds.Count];
        Hyperparameters hyperparameters = options.Hyperparameters;
        for (int k = 0; k < folds.Count; k++)
        {
            (Dataset train, Dataset test) = source.Prepare(folds[k].Train, folds[k].Test);
            IModel model = createModel(k);
            hyperparameters.ApplyTo(model);
            FitOptions fit = hyperparameters.ToFitOptions(options.Fit) with { Seed = options.Fit.Seed + k };
            model.Fit(train, fit);
            reports[k] = Evaluator.Evaluate(model, test, hyperparameters.Threshold);
        }

        return new CrossValidationResult(options.Scoring, reports);
    }
}
