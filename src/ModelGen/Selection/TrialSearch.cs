using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelGen.Data;
using ModelGen.Numerics;

namespace ModelGen.Selection;

/// <summary>What a trial search builds from a <see cref="Trial"/>: a named model factory and its run-time hyperparameters.</summary>
/// <param name="Model">The name the result table shows (a model class, a family).</param>
/// <param name="Create">Creates the model of each fold from the fold's seed.</param>
/// <param name="Hyperparameters">Epochs, batch size, learning rate and the rest; <see langword="null"/> keeps the search's.</param>
public sealed record SearchCandidate(string Model, Func<int, IModel> Create, Hyperparameters? Hyperparameters = null);

/// <summary>How <see cref="ModelSearch.Optimize(ParameterSpace, Func{Trial, SearchCandidate}, Dataset, TrialSearchOptions?)"/> searches.</summary>
public sealed record TrialSearchOptions
{
    /// <summary>The trials to run (default 40).</summary>
    public int Trials { get; init; } = 40;

    /// <summary>How each trial is chosen (default <see cref="SearchStrategy.TreeParzen"/>, the faster to a good score in docs/training-and-evaluation.md's measurement).</summary>
    public SearchStrategy Strategy { get; init; } = SearchStrategy.TreeParzen;

    /// <summary>Random trials before the model-based strategies start (default 10, Optuna's).</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>The seed of the draws: the same seed, space and data give the same trials and scores.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Trials proposed together and cross-validated at once on up to this many cores (default 1). The trials depend on
    /// this number, never on the machine's cores, so a search is reproducible anywhere.
    /// </summary>
    public int ParallelTrials { get; init; } = 1;

    /// <summary>The folds, scoring and fit options every trial is cross-validated with.</summary>
    public CrossValidationOptions CrossValidation { get; init; } = new();
}

/// <summary>How <see cref="ModelSearch.Halving(ParameterSpace, Func{Trial, int, SearchCandidate}, Dataset, HalvingOptions?)"/> spends its budget.</summary>
public sealed record HalvingOptions
{
    /// <summary>Random candidates in the first round (default 27).</summary>
    public int Candidates { get; init; } = 27;

    /// <summary>The first round's budget: epochs for networks, trees for ensembles (default 3).</summary>
    public int MinimumBudget { get; init; } = 3;

    /// <summary>Each round keeps the best ⌈n/<c>Factor</c>⌉ and multiplies the budget by it (default 3, scikit-learn's).</summary>
    public int Factor { get; init; } = 3;

    /// <summary>The largest budget a round may give (default: no limit but the rounds).</summary>
    public int MaximumBudget { get; init; } = int.MaxValue;

    /// <summary>The seed of the candidates' draws.</summary>
    public int Seed { get; init; }

    /// <summary>Candidates cross-validated at once on up to this many cores (default 1; the result does not depend on it).</summary>
    public int ParallelTrials { get; init; } = 1;

    /// <summary>The folds, scoring and fit options every candidate is cross-validated with.</summary>
    public CrossValidationOptions CrossValidation { get; init; } = new();
}

/// <summary>Successive halving's rounds, each a ranked search, and the winner of the last.</summary>
public sealed class HalvingResult
{
    internal HalvingResult(IReadOnlyList<SearchResult> rounds) => Rounds = rounds;

    /// <summary>Every round, first to last: its candidates at its budget, best first.</summary>
    public IReadOnlyList<SearchResult> Rounds { get; }

    /// <summary>The best candidate of the last round (scikit-learn's <c>best_params_</c>).</summary>
    public SearchTrial Best => Rounds[^1].Best;

    /// <summary>Each round's table, headed by its budget.</summary>
    public override string ToString() => string.Join("\n", Rounds.Select((r, i) =>
        $"round {i + 1}, budget {r.Best.Budget}:\n{r.ToTable()}"));
}

public static partial class ModelSearch
{
    /// <summary>
    /// Searches <paramref name="space"/> for the candidate with the best cross-validated score: random draws, the
    /// tree-structured Parzen estimator or a Gaussian process with expected improvement
    /// (<see cref="TrialSearchOptions.Strategy"/>). Every trial is cross-validated on the same folds; the factory may
    /// build any model family from the trial (a categorical parameter naming the family), so networks, trees and kernel
    /// machines compete in one space.
    /// </summary>
    public static SearchResult Optimize(ParameterSpace space, Func<Trial, SearchCandidate> create, Dataset data, TrialSearchOptions? options = null) =>
        Optimize(space, create, options ?? new TrialSearchOptions(), o => FoldSource.For(Require(data), o));

    /// <summary>The trial search on raw rows, <see cref="CrossValidationOptions.Pipeline"/> fitted in each training fold.</summary>
    public static SearchResult Optimize(ParameterSpace space, Func<Trial, SearchCandidate> create, TabularData data, TrialSearchOptions? options = null) =>
        Optimize(space, create, options ?? new TrialSearchOptions(), o => FoldSource.For(Require(data), o));

    /// <summary>
    /// Successive halving (scikit-learn's <c>HalvingRandomSearchCV</c>): <see cref="HalvingOptions.Candidates"/> random
    /// draws cross-validated at the smallest budget, the best 1/Factor of them again at Factor times the budget, until one
    /// round has at most Factor candidates. The factory receives the round's budget — epochs for a network
    /// (<see cref="Hyperparameters.Epochs"/>), trees for an ensemble.
    /// </summary>
    public static HalvingResult Halving(ParameterSpace space, Func<Trial, int, SearchCandidate> create, Dataset data, HalvingOptions? options = null) =>
        Halving(space, create, options ?? new HalvingOptions(), o => FoldSource.For(Require(data), o));

    /// <summary>Successive halving on raw rows, <see cref="CrossValidationOptions.Pipeline"/> fitted in each training fold.</summary>
    public static HalvingResult Halving(ParameterSpace space, Func<Trial, int, SearchCandidate> create, TabularData data, HalvingOptions? options = null) =>
        Halving(space, create, options ?? new HalvingOptions(), o => FoldSource.For(Require(data), o));

    private static SearchResult Optimize(ParameterSpace space, Func<Trial, SearchCandidate> create, TrialSearchOptions options, Func<CrossValidationOptions, FoldSource> source)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ParallelTrials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.StartupTrials);
        if (!Enum.IsDefined(options.Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Strategy, "Strategy must be Random, TreeParzen or GaussianProcess.");
        }

        FoldSource folds = source(options.CrossValidation);
        var split = options.CrossValidation.Folds.Split(folds.Labels);
        var random = new SeededRandom(options.Seed);
        var history = new List<(IReadOnlyList<object> Values, double Score)>();
        var trials = new List<SearchTrial>();
        while (trials.Count < options.Trials)
        {
            int batch = Math.Min(options.ParallelTrials, options.Trials - trials.Count);
            var proposed = new Trial[batch];
            for (int b = 0; b < batch; b++)
            {
                proposed[b] = new Trial(space, trials.Count + b, TrialSamplers.Propose(options.Strategy, space, history, options.StartupTrials, random));
            }

            SearchTrial[] done = Evaluate(proposed, t => (create(t), (int?)null), folds, split, options.CrossValidation, options.ParallelTrials);
            foreach (SearchTrial trial in done)
            {
                trials.Add(trial);
                history.Add((trial.Parameters!.Values, trial.Result.Mean));
            }
        }

        return new SearchResult(trials);
    }

    private static HalvingResult Halving(ParameterSpace space, Func<Trial, int, SearchCandidate> create, HalvingOptions options, Func<CrossValidationOptions, FoldSource> source)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Candidates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinimumBudget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Factor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumBudget, options.MinimumBudget);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ParallelTrials, 1);
        FoldSource folds = source(options.CrossValidation);
        var split = options.CrossValidation.Folds.Split(folds.Labels);
        var random = new SeededRandom(options.Seed);
        Trial[] candidates = Enumerable.Range(0, options.Candidates)
            .Select(n => new Trial(space, n, TrialSamplers.Propose(SearchStrategy.Random, space, Array.Empty<(IReadOnlyList<object>, double)>(), 0, random)))
            .ToArray();
        var rounds = new List<SearchResult>();
        long budget = options.MinimumBudget;
        while (true)
        {
            int roundBudget = (int)Math.Min(budget, options.MaximumBudget);
            var result = new SearchResult(Evaluate(candidates, t => (create(t, roundBudget), roundBudget), folds, split, options.CrossValidation, options.ParallelTrials));
            rounds.Add(result);
            if (candidates.Length <= options.Factor || roundBudget >= options.MaximumBudget)
            {
                return new HalvingResult(rounds);
            }

            candidates = result.Trials.Take((candidates.Length + options.Factor - 1) / options.Factor).Select(t => t.Parameters!).ToArray();
            budget *= options.Factor;
        }
    }

    /// <summary>Cross-validates the trials on the shared folds, up to <paramref name="parallel"/> at once; results in the trials' order.</summary>
    private static SearchTrial[] Evaluate(Trial[] trials, Func<Trial, (SearchCandidate Candidate, int? Budget)> build, FoldSource folds,
        IReadOnlyList<(int[] Train, int[] Test)> split, CrossValidationOptions options, int parallel)
    {
        var done = new SearchTrial[trials.Length];
        void Run(int i)
        {
            (SearchCandidate candidate, int? budget) = build(trials[i]);
            CrossValidationOptions trialOptions = candidate.Hyperparameters is { } h ? options with { Hyperparameters = h } : options;
            done[i] = new SearchTrial(candidate.Model, trialOptions.Hyperparameters, CrossValidation.Run(candidate.Create, folds, split, trialOptions), trials[i], budget);
        }

        if (parallel == 1 || trials.Length == 1)
        {
            for (int i = 0; i < trials.Length; i++)
            {
                Run(i);
            }

            return done;
        }

        try
        {
            Parallel.For(0, trials.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(parallel, Environment.ProcessorCount) }, Run);
        }
        catch (AggregateException failure)
        {
            // A trial's own error (a bad option, a diverged fit), as it would be thrown without parallelism.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure.InnerExceptions[0]).Throw();
        }

        return done;
    }
}
