using System;
using System.IO;
using ModelGen;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Preprocessing;
using ModelGen.Selection;
using ModelGen.Training;

namespace BreastCancer;

/// <summary>The whole sample as one call, so the tests run exactly what the program runs.</summary>
public static class BreastCancerExperiment
{
    /// <summary>Epochs of training; the data are small, so this takes well under a second.</summary>
    public const int Epochs = 100;

    /// <summary>What a run produced.</summary>
    public sealed record Result(CancerNet Model, StandardScaler Scaler, History History, BinaryReport Test, RankedScores TestScores, SearchResult Comparison);

    /// <summary>Loads the CSV, splits 80/20 stratified (seed 42), scales on the training part only, trains and evaluates.</summary>
    public static Result Run(string csvPath, TextWriter? log = null)
    {
        Dataset data = Dataset.FromCsv(csvPath, label: "diagnosis", positive: "M");
        (Dataset train, Dataset test) = data.Split(testFraction: 0.2, stratify: true, seed: 42);

        StandardScaler scaler = StandardScaler.Fit(train);
        train = scaler.Transform(train);
        test = scaler.Transform(test);

        var model = new CancerNet(seed: 42);
        History history = model.Fit(train, epochs: Epochs, batchSize: 32, seed: 42, log: log);

        // The network, a forest and boosted trees on the same five folds of the training part (each fold scaled on its own).
        SearchResult comparison = ModelSearch.Compare(
            new (string, Func<int, IModel>)[] { ("CancerNet", s => new CancerNet(s)), ("CancerForest", s => new CancerForest(s)), ("CancerBoost", s => new CancerBoost(s)) },
            train,
            new CrossValidationOptions { Folds = new StratifiedKFold(5, seed: 42), Hyperparameters = new Hyperparameters { Epochs = Epochs } });
        return new Result(model, scaler, history, model.Evaluate(test), new RankedScores(Evaluator.Scores(model, test), test.Labels), comparison);
    }
}
