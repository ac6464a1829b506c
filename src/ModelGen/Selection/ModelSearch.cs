using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Data;
using ModelGen.Numerics;

namespace ModelGen.Selection;

/// <summary>One candidate of a search or comparison and its cross-validation.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Hyperparameters">What it was trained with.</param>
/// <param name="Result">Its fold scores.</param>
/// <param name="Parameters">The parameter values a trial search drew for it, or <see langword="null"/>.</param>
/// <param name="Budget">The epochs or trees successive halving gave it, or <see langword="null"/>.</param>
public sealed record SearchTrial(string Model, Hyperparameters Hyperparameters, CrossValidationResult Result, Trial? Parameters = null, int? Budget = null)
{
    /// <summary>What the table shows of how it was trained: the drawn parameters, the budget, then the hyperparameters.</summary>
    public string Description => string.Join(" ", new[] { Parameters?.ToString(), Budget is int b ? "budget=" + b.ToString(CultureInfo.InvariantCulture) : null, Hyperparameters.ToString() }.Where(t => !string.IsNullOrEmpty(t)));
}

/// <summary>Every trial of a search, best first, and a summary table.</summary>
public sealed class SearchResult
{
    internal SearchResult(IEnumerable<SearchTrial> trials)
    {
        // Stable: equal means keep the order they were tried in.
        Trials = trials.OrderByDescending(t => double.IsNaN(t.Result.Mean) ? double.NegativeInfinity : t.Result.Mean).ToArray();
    }

    /// <summary>Every trial, by descending mean score.</summary>
    public IReadOnlyList<SearchTrial> Trials { get; }

    /// <summary>The trial with the best mean score (scikit-learn's <c>best_params_</c> and <c>best_score_</c>).</summary>
    public SearchTrial Best => Trials[0];

    /// <summary>A ranked table: rank, model, hyperparameters, mean ± std of the score, and each fold's score.</summary>
    public string ToTable()
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string scoring = Trials[0].Result.Scoring.Name;
        int modelWidth = Math.Max("model".Length, Trials.Max(t => t.Model.Length));
        int parameterWidth = Math.Max("hyperparameters".Length, Trials.Max(t => t.Description.Length));
        var text = new StringBuilder();
        text.Append("rank  ").Append("model".PadRight(modelWidth)).Append("  ").Append("hyperparameters".PadRight(parameterWidth))
            .Append("  ").Append(("mean " + scoring).PadLeft(12)).Append("     std  folds\n");
        for (int i = 0; i < Trials.Count; i++)
        {
            SearchTrial trial = Trials[i];
            text.Append((i + 1).ToString(invariant).PadLeft(4)).Append("  ")
                .Append(trial.Model.PadRight(modelWidth)).Append("  ")
                .Append(trial.Description.PadRight(parameterWidth)).Append("  ")
                .Append(trial.Result.Mean.ToString("F4", invariant).PadLeft(12)).Append("  ")
                .Append(trial.Result.StandardDeviation.ToString("F4", invariant).PadLeft(6)).Append("  ")
                .Append(string.Join(" ", trial.Result.Scores.Select(s => s.ToString("F4", invariant)))).Append('\n');
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToTable();
}

/// <summary>
/// Model selection by cross-validation, as scikit-learn's <c>GridSearchCV</c> and <c>RandomizedSearchCV</c>: every
/// candidate is trained and scored on the same stratified folds, so their scores compare fairly.
/// </summary>
public static partial class ModelSearch
{
    /// <summary>Cross-validates every combination of <paramref name="space"/>.</summary>
    public static SearchResult Grid(string name, Func<int, IModel> createModel, Dataset data, SearchSpace space, CrossValidationOptions? options = null) =>
        Grid(name, createModel, space, options ?? new CrossValidationOptions(), o => FoldSource.For(Require(data), o));

    /// <summary>Cross-validates every combination of <paramref name="space"/> on raw rows, <see cref="CrossValidationOptions.Pipeline"/> fitted in each training fold.</summary>
    public static SearchResult Grid(string name, Func<int, IModel> createModel, TabularData data, SearchSpace space, CrossValidationOptions? options = null) =>
        Grid(name, createModel, space, options ?? new CrossValidationOptions(), o => FoldSource.For(Require(data), o));

    /// <summary>Cross-validates <paramref name="trials"/> random draws from <paramref name="space"/>, seeded by <paramref name="seed"/>.</summary>
    public static SearchResult Random(string name, Func<int, IModel> createModel, Dataset data, SearchSpace space, int trials, int seed = 0, CrossValidationOptions? options = null) =>
        Random(name, createModel, space, trials, seed, options ?? new CrossValidationOptions(), o => FoldSource.For(Require(data), o));

    /// <summary>Random search on raw rows, <see cref="CrossValidationOptions.Pipeline"/> fitted in each training fold.</summary>
    public static SearchResult Random(string name, Func<int, IModel> createModel, TabularData data, SearchSpace space, int trials, int seed = 0, CrossValidationOptions? options = null) =>
        Random(name, createModel, space, trials, seed, options ?? new CrossValidationOptions(), o => FoldSource.For(Require(data), o));

    /// <summary>Cross-validates several declared model classes with the same hyperparameters on the same folds.</summary>
    public static SearchResult Compare(IReadOnlyList<(string Name, Func<int, IModel> Create)> models, Dataset data, CrossValidationOptions? options = null) =>
        Compare(models, options ?? new CrossValidationOptions(), o => FoldSource.For(Require(data), o));

    /// <summary>Compares model classes on raw rows, <see cref="CrossValidationOptions.Pipeline"/> fitted in each training fold.</summary>
    public static SearchResult Compare(IReadOnlyList<(string Name, Func<int, IModel> Create)> models, TabularData data, CrossValidationOptions? options = null) =>
        Compare(models, options ?? new CrossValidationOptions(), o => FoldSource.For(Require(data), o));

    private static SearchResult Grid(string name, Func<int, IModel> createModel, SearchSpace space, CrossValidationOptions options, Func<CrossValidationOptions, FoldSource> source)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Search(name, createModel, space.Grid(options.Hyperparameters), options, source);
    }

    private static SearchResult Random(string name, Func<int, IModel> createModel, SearchSpace space, int trials, int seed, CrossValidationOptions options, Func<CrossValidationOptions, FoldSource> source)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        var random = new SeededRandom(seed);
        var candidates = new Hyperparameters[trials];
        for (int i = 0; i < trials; i++)
        {
            candidates[i] = space.Draw(options.Hyperparameters, ref random);
        }

        return Search(name, createModel, candidates, options, source);
    }

    private static SearchResult Compare(IReadOnlyList<(string Name, Func<int, IModel> Create)> models, CrossValidationOptions options, Func<CrossValidationOptions, FoldSource> source)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new ArgumentException("There is no model to compare.", nameof(models));
        }

        FoldSource folds = source(options);
        var split = options.Folds.Split(folds.Labels);
        return new SearchResult(models.Select(m =>
            new SearchTrial(m.Name, options.Hyperparameters, CrossValidation.Run(m.Create, folds, split, options))).ToList());
    }

    private static SearchResult Search(string name, Func<int, IModel> createModel, IReadOnlyList<Hyperparameters> candidates, CrossValidationOptions options, Func<CrossValidationOptions, FoldSource> source)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(createModel);
        FoldSource folds = source(options);
        var split = options.Folds.Split(folds.Labels);
        return new SearchResult(candidates.Select(h =>
            new SearchTrial(name, h, CrossValidation.Run(createModel, folds, split, options with { Hyperparameters = h }))).ToList());
    }

    private static T Require<T>(T data)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return data;
    }
}
