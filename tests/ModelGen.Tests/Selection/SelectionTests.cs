using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Data;
using ModelGen.Preprocessing;
using ModelGen.Sampling;
using ModelGen.Selection;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Selection;

public sealed class SelectionTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Stratified_folds_test_every_sample_once_with_both_classes_balanced(int folds)
    {
        Dataset data = Imbalanced(203, seed: 1);
        var splits = new StratifiedKFold(folds, seed: 3).Split(data.Labels);

        Assert.Equal(folds, splits.Count);
        Assert.Equal(Enumerable.Range(0, data.Count), splits.SelectMany(s => s.Test).Order());
        int positives = data.PositiveCount;
        foreach ((int[] train, int[] test) in splits)
        {
            Assert.Equal(data.Count, train.Length + test.Length);
            Assert.Empty(train.Intersect(test));
            int testPositives = test.Count(i => data.Labels[i] == 1f);
            Assert.InRange(testPositives, positives / folds, (positives + folds - 1) / folds);
            Assert.InRange(test.Length - testPositives, (data.Count - positives) / folds, (data.Count - positives + folds - 1) / folds);
        }

        Assert.InRange(splits.Max(s => s.Test.Length) - splits.Min(s => s.Test.Length), 0, 1);
    }

    [Fact]
    public void A_class_smaller_than_the_fold_count_fails_clearly()
    {
        var labels = new float[20];
        labels[3] = labels[9] = 1f;
        var error = Assert.Throws<ArgumentException>(() => new StratifiedKFold(3).Split(labels));
        Assert.Contains("Class 1 has 2 samples, fewer than the 3 folds", error.Message);
    }

    [Fact]
    public void Cross_val_score_trains_a_fresh_model_per_fold_and_scores_the_test_fold()
    {
        Dataset data = Separable(240, seed: 2);
        var seeds = new List<int>();
        IReadOnlyList<double> scores = CrossValidation.Score(
            fold => { seeds.Add(fold); return new Mlp30(fold); }, data, Scoring.RocAuc, folds: 3, hyperparameters: new Hyperparameters { Epochs = 40, LearningRate = 0.01f });

        Assert.Equal(new[] { 0, 1, 2 }, seeds);
        Assert.Equal(3, scores.Count);
        Assert.All(scores, s => Assert.True(s > 0.8, $"fold ROC-AUC {s}"));
    }

    [Fact]
    public void Scaler_and_resampler_see_only_the_training_fold()
    {
        Dataset data = Imbalanced(150, seed: 2);
        var scalerInputs = new List<int>();
        var recorder = new CountingResampler();
        var options = new CrossValidationOptions
        {
            Folds = new StratifiedKFold(3),
            Scaler = train => { scalerInputs.Add(train.Count); return StandardScaler.Fit(train); },
            Fit = new FitOptions { Resampler = recorder, Metrics = Array.Empty<EpochMetric>() },
            Hyperparameters = new Hyperparameters { Epochs = 1 },
        };
        CrossValidationResult result = CrossValidation.Run(seed => new Mlp30(seed), data, options);

        Assert.Equal(new[] { 100, 100, 100 }, scalerInputs);
        Assert.Equal(new[] { 100, 100, 100 }, recorder.Counts);
        Assert.All(result.Reports, r => Assert.Equal(50, r.Matrix.Total));
    }

    [Fact]
    public void A_generated_model_class_cross_validates_through_its_own_factory_with_any_scoring()
    {
        Dataset data = Separable(150, seed: 5);
        var options = new CrossValidationOptions { Folds = new StratifiedKFold(3), Scoring = Scoring.NegativeLogLoss, Hyperparameters = new Hyperparameters { Epochs = 5 } };
        CrossValidationResult typed = CrossValidation.Run<Mlp30>(data, options);
        CrossValidationResult lambda = CrossValidation.Run(seed => new Mlp30(seed), data, options);

        Assert.Equal(lambda.Scores, typed.Scores);
        // scikit-learn's neg_log_loss: higher is better, so the score is minus each fold's log loss.
        Assert.Equal(typed.Reports.Select(r => -r.LogLoss), typed.Scores);
        Assert.All(typed.Scores, s => Assert.True(s < 0, $"negative log loss {s}"));
    }

    [Fact]
    public void Grid_search_tries_every_combination_on_the_same_folds_and_ranks_by_mean()
    {
        Dataset data = Separable(150, seed: 5);
        var space = new SearchSpace { LearningRates = new[] { 1e-4f, 1e-2f }, Epochs = new[] { 2, 8 }, L2 = new[] { 0f, 1e-3f } };
        SearchResult result = ModelSearch.Grid("Mlp30", seed => new Mlp30(seed), data, space, new CrossValidationOptions { Folds = new StratifiedKFold(3) });

        Assert.Equal(8, result.Trials.Count);
        Assert.Equal(8, result.Trials.Select(t => t.Hyperparameters).Distinct().Count());
        Assert.Equal(result.Trials.Max(t => t.Result.Mean), result.Best.Result.Mean);
        Assert.True(result.Trials.Zip(result.Trials.Skip(1)).All(p => p.First.Result.Mean >= p.Second.Result.Mean));
        Assert.Equal(1e-2f, result.Best.Hyperparameters.LearningRate);
        string table = result.ToTable();
        Assert.StartsWith("rank  model", table);
        Assert.Contains("   1  Mlp30  lr=0.01", table);
        Assert.Equal(9, table.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public void Random_search_draws_learning_rates_log_uniformly_inside_the_range_reproducibly()
    {
        Dataset data = Separable(90, seed: 5);
        var space = new SearchSpace { LearningRateRange = (1e-4f, 1e-1f), BatchSizes = new[] { 8, 32 }, ClassWeights = new ClassWeights?[] { null, ClassWeights.Balanced } };
        var options = new CrossValidationOptions { Folds = new StratifiedKFold(2), Hyperparameters = new Hyperparameters { Epochs = 1 } };
        SearchResult a = ModelSearch.Random("Mlp30", seed => new Mlp30(seed), data, space, trials: 5, seed: 3, options);
        SearchResult b = ModelSearch.Random("Mlp30", seed => new Mlp30(seed), data, space, trials: 5, seed: 3, options);

        Assert.Equal(5, a.Trials.Count);
        Assert.All(a.Trials, t => Assert.InRange(t.Hyperparameters.LearningRate!.Value, 1e-4f, 1e-1f));
        Assert.Equal(a.Trials.Select(t => t.Hyperparameters), b.Trials.Select(t => t.Hyperparameters));
        Assert.Equal(a.Trials.Select(t => t.Result.Mean), b.Trials.Select(t => t.Result.Mean));
    }

    [Fact]
    public void Comparing_model_classes_uses_identical_folds()
    {
        Dataset data = Separable(120, seed: 6);
        SearchResult result = ModelSearch.Compare(
            new (string, Func<int, IModel>)[] { ("Mlp30", seed => new Mlp30(seed)), ("Mlp30-frozen", seed => new Mlp30(seed) { LearningRate = 1e-30f }) },
            data,
            new CrossValidationOptions { Folds = new StratifiedKFold(3), Scoring = Scoring.Accuracy, Hyperparameters = new Hyperparameters { Epochs = 10 } });

        Assert.Equal("Mlp30", result.Best.Model);
        IEnumerable<(int, int)> Supports(SearchTrial trial) => trial.Result.Reports.Select(r => (r.Matrix.Positives, r.Matrix.Negatives));
        Assert.Equal(Supports(result.Trials[0]), Supports(result.Trials[1]));
        Assert.Contains("accuracy", result.ToTable());
    }

    [Fact]
    public void The_threshold_hyperparameter_is_the_one_scored()
    {
        Dataset data = Separable(90, seed: 7);
        var options = new CrossValidationOptions { Folds = new StratifiedKFold(3), Scoring = Scoring.Recall, Hyperparameters = new Hyperparameters { Epochs = 1, Threshold = 0f } };
        CrossValidationResult result = CrossValidation.Run(seed => new Mlp30(seed), data, options);
        Assert.All(result.Scores, s => Assert.Equal(1.0, s));
        Assert.All(result.Reports, r => Assert.Equal(0f, r.Threshold));
    }

    private sealed class CountingResampler : IResampler
    {
        public List<int> Counts { get; } = new();

        public Dataset Resample(Dataset training, int seed)
        {
            Counts.Add(training.Count);
            return training;
        }
    }
}
