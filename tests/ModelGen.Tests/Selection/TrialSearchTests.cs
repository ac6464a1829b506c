using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Selection;
using ModelGen.Svm;
using ModelGen.Tests.Models;
using ModelGen.Trees;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Selection;

/// <summary>
/// Trial searches over a parameter space: the tree-structured Parzen estimator and the Gaussian process beside random
/// draws, networks, forests and SVMs in one space, successive halving's rounds, reproducibility with parallel trials.
/// </summary>
public sealed class TrialSearchTests(ITestOutputHelper output)
{
    private static readonly ParameterSpace s_svmSpace = new(
        SearchParameter.Float("C", 1e-3, 1e3, log: true),
        SearchParameter.Float("gamma", 1e-5, 10, log: true));

    private static Dataset Cancer() => Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");

    private static SearchCandidate Svm(Trial trial) => new("SvmModel", _ => new SvmModel(30, new SvmOptions
    {
        C = trial.Float("C"),
        Gamma = SvmGamma.Value,
        GammaValue = trial.Float("gamma"),
    }));

    private static TrialSearchOptions Options(SearchStrategy strategy, int trials, int seed = 0, int parallel = 1) => new()
    {
        Strategy = strategy,
        Trials = trials,
        Seed = seed,
        StartupTrials = 5,
        ParallelTrials = parallel,
        CrossValidation = new CrossValidationOptions { Folds = new StratifiedKFold(3, seed: 1), Scoring = Scoring.MatthewsCorrelation },
    };

    [Theory]
    [InlineData(SearchStrategy.TreeParzen)]
    [InlineData(SearchStrategy.GaussianProcess)]
    public void A_model_based_search_is_reproducible_and_concentrates_on_good_regions(SearchStrategy strategy)
    {
        Dataset data = Cancer();
        SearchResult result = ModelSearch.Optimize(s_svmSpace, Svm, data, Options(strategy, 20));
        SearchResult again = ModelSearch.Optimize(s_svmSpace, Svm, data, Options(strategy, 20));
        output.WriteLine(result.ToTable());
        Assert.Equal(20, result.Trials.Count);
        Assert.Equal(result.Trials.Select(t => t.Parameters!.ToString()), again.Trials.Select(t => t.Parameters!.ToString()));
        Assert.Equal(result.Trials.Select(t => t.Result.Mean), again.Trials.Select(t => t.Result.Mean));

        // After the five random startup trials the proposals cluster where the score is good: their median beats the startup's.
        double Median(System.Collections.Generic.IEnumerable<double> scores) => scores.OrderBy(s => s).ElementAt(scores.Count() / 2);
        var byNumber = result.Trials.OrderBy(t => t.Parameters!.Number).ToArray();
        double startup = Median(byNumber.Take(5).Select(t => t.Result.Mean)), guided = Median(byNumber.Skip(5).Select(t => t.Result.Mean));
        output.WriteLine($"{strategy}: median score of the startup trials {startup:F4}, of the guided ones {guided:F4}");
        Assert.True(guided > startup, $"{strategy}: the guided trials' median {guided} is no better than the random startup's {startup}");
    }

    [Fact]
    public void Parallel_trials_give_the_same_search_every_time()
    {
        Dataset data = Cancer();
        SearchResult first = ModelSearch.Optimize(s_svmSpace, Svm, data, Options(SearchStrategy.TreeParzen, 12, seed: 4, parallel: 4));
        SearchResult second = ModelSearch.Optimize(s_svmSpace, Svm, data, Options(SearchStrategy.TreeParzen, 12, seed: 4, parallel: 4));
        Assert.Equal(first.Trials.Select(t => (t.Parameters!.ToString(), t.Result.Mean)), second.Trials.Select(t => (t.Parameters!.ToString(), t.Result.Mean)));
    }

    [Fact]
    public void Networks_forests_and_svms_compete_in_one_space()
    {
        var space = new ParameterSpace(
            SearchParameter.Categorical("family", "network", "forest", "svm"),
            SearchParameter.Float("lr", 1e-4, 1e-1, log: true),
            SearchParameter.Integer("depth", 2, 12),
            SearchParameter.Float("C", 1e-2, 1e2, log: true));
        SearchCandidate Create(Trial trial) => trial.Choice("family") switch
        {
            "network" => new SearchCandidate("Mlp30", seed => new Mlp30(seed), new Hyperparameters { Epochs = 10, LearningRate = (float)trial.Float("lr") }),
            "forest" => new SearchCandidate("RandomForest", seed => new TreeModel(30, new TreeOptions { Algorithm = TreeAlgorithm.RandomForest, Trees = 30, MaxDepth = trial.Integer("depth"), MaxFeatures = FeatureSampling.Sqrt }, seed)),
            _ => new SearchCandidate("SvmModel", _ => new SvmModel(30, new SvmOptions { C = trial.Float("C") })),
        };
        SearchResult result = ModelSearch.Optimize(space, Create, Cancer(), Options(SearchStrategy.TreeParzen, 15) with
        {
            CrossValidation = new CrossValidationOptions { Folds = new StratifiedKFold(3, seed: 1) },
        });
        output.WriteLine(result.ToTable());
        Assert.Equal(3, result.Trials.Select(t => t.Model).Distinct().Count());
        Assert.True(result.Best.Result.Mean > 0.98, result.Best.ToString());
        Assert.Contains("family=", result.ToTable());
    }

    [Fact]
    public void Successive_halving_keeps_a_third_and_triples_the_budget()
    {
        var space = new ParameterSpace(SearchParameter.Float("lr", 1e-4, 1e-1, log: true));
        HalvingResult result = ModelSearch.Halving(space,
            (trial, epochs) => new SearchCandidate("Mlp30", seed => new Mlp30(seed), new Hyperparameters { Epochs = epochs, LearningRate = (float)trial.Float("lr") }),
            Cancer(),
            new HalvingOptions { Candidates = 9, MinimumBudget = 2, Seed = 3, CrossValidation = new CrossValidationOptions { Folds = new StratifiedKFold(3, seed: 1) } });
        output.WriteLine(result.ToString());
        Assert.Equal(new[] { 9, 3 }, result.Rounds.Select(r => r.Trials.Count));
        Assert.Equal(new int?[] { 2, 6 }, result.Rounds.Select(r => r.Best.Budget));
        Assert.All(result.Rounds[1].Trials, t => Assert.Contains(t.Parameters!.ToString(), result.Rounds[0].Trials.Take(3).Select(p => p.Parameters!.ToString())));
        Assert.Equal(6, result.Best.Hyperparameters.Epochs);

        // For an ensemble the budget is its trees: 4 forests of 5 trees, the better 2 with 10, then the round is small enough to stop.
        HalvingResult forests = ModelSearch.Halving(new ParameterSpace(SearchParameter.Integer("depth", 2, 8)),
            (trial, trees) => new SearchCandidate("Forest", seed => new TreeModel(30, new TreeOptions { Algorithm = TreeAlgorithm.RandomForest, Trees = trees, MaxDepth = trial.Integer("depth"), MaxFeatures = FeatureSampling.Sqrt }, seed)),
            Cancer(), new HalvingOptions { Candidates = 4, MinimumBudget = 5, Factor = 2, Seed = 1, CrossValidation = new CrossValidationOptions { Folds = new StratifiedKFold(3, seed: 1) } });
        Assert.Equal(new[] { 4, 2 }, forests.Rounds.Select(r => r.Trials.Count));
        Assert.Equal(new int?[] { 5, 10 }, forests.Rounds.Select(r => r.Best.Budget));
    }

    [Fact]
    public void A_grid_covers_the_space_evenly_and_bad_names_are_named()
    {
        var grid = s_svmSpace.Grid(16);
        Assert.Equal(16, grid.Count);
        Assert.Equal(1e-3, grid[0].Float("C"), 1e-12);
        Assert.Equal(1e3, grid[^1].Float("C"), 1e-9);
        Assert.Equal(4, grid.Select(t => t.Float("gamma")).Distinct().Count());
        Assert.Contains("no parameter 'c'", Assert.Throws<ArgumentException>(() => grid[0].Float("c")).Message);
        Assert.Contains("is not categorical", Assert.Throws<ArgumentException>(() => grid[0].Choice("C")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SearchParameter.Float("x", 0, 1, log: true));
        Assert.Throws<ArgumentException>(() => new ParameterSpace(SearchParameter.Float("x", 0, 1), SearchParameter.Integer("x", 1, 3)));
    }
}
