using System;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Selection;
using ModelGen.Svm;

namespace ModelGen.Benchmarks;

/// <summary>
/// Which trial search reaches a good model in fewer trials: an RBF SVM's C and γ (both log-scale) on breast cancer and on
/// digits 5-vs-rest, 3-fold cross-validated ROC-AUC, the best score after 10, 20 and 40 trials for a grid, random search,
/// the tree-structured Parzen estimator and the Gaussian process, the seeded strategies averaged over ten seeds; and the
/// trials after which each one's average best score first reaches random search's average 40-trial score.
///     dotnet run -c Release --project tests/ModelGen.Benchmarks -- --search-study
/// </summary>
internal static class SearchStudy
{
    private static readonly int[] Budgets = { 10, 20, 40 };
    private const int Seeds = 10;

    public static void Run(TextWriter log)
    {
        var space = new ParameterSpace(SearchParameter.Float("C", 1e-3, 1e3, log: true), SearchParameter.Float("gamma", 1e-5, 10, log: true));
        var data = new (string Name, Dataset Rows)[]
        {
            ("breast cancer", Dataset.FromCsv(Path.Combine(Repository.Root, "samples", "BreastCancer", "data", "breast_cancer.csv"), "diagnosis", "M")),
            ("digits 5-vs-rest", Dataset.FromCsv(Path.Combine(Repository.Root, "samples", "DigitFive", "data", "digits.csv"), "digit", "5", new CsvOptions { PositiveVersusRest = true })),
        };
        var cv = new CrossValidationOptions { Folds = new StratifiedKFold(3, seed: 0), Scoring = Scoring.RocAuc };
        log.WriteLine("| data | search | best after 10 | 20 | 40 | trials to reach random's 40-trial score |");
        log.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach ((string name, Dataset rows) in data)
        {
            int width = rows.FeatureCount;
            SearchCandidate Create(Trial trial) => new("SvmModel", _ => new SvmModel(width, new SvmOptions { C = trial.Float("C"), Gamma = SvmGamma.Value, GammaValue = trial.Float("gamma") }));
            double[] grid = Budgets.Select(n => space.Grid(n).Max(t => CrossValidation.Run(Create(t).Create, rows, cv).Mean)).ToArray();
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | grid | {grid[0]:F5} | {grid[1]:F5} | {grid[2]:F5} | |"));
            var curves = new System.Collections.Generic.Dictionary<SearchStrategy, double[][]>();
            foreach (SearchStrategy strategy in new[] { SearchStrategy.Random, SearchStrategy.TreeParzen, SearchStrategy.GaussianProcess })
            {
                curves[strategy] = Enumerable.Range(0, Seeds).Select(seed =>
                {
                    SearchResult result = ModelSearch.Optimize(space, Create, rows, new TrialSearchOptions { Strategy = strategy, Trials = Budgets[^1], Seed = seed, CrossValidation = cv });
                    double[] scores = result.Trials.OrderBy(t => t.Parameters!.Number).Select(t => t.Result.Mean).ToArray();
                    var best = new double[scores.Length];
                    for (int i = 0; i < scores.Length; i++)
                    {
                        best[i] = Math.Max(i > 0 ? best[i - 1] : double.NegativeInfinity, scores[i]);
                    }

                    return best;
                }).ToArray();
            }

            double target = curves[SearchStrategy.Random].Average(c => c[^1]);
            foreach ((SearchStrategy strategy, double[][] runs) in curves)
            {
                double[] means = Budgets.Select(n => runs.Average(c => c[n - 1])).ToArray();
                double[] average = Enumerable.Range(0, Budgets[^1]).Select(i => runs.Average(c => c[i])).ToArray();
                int reach = Array.FindIndex(average, s => s >= target - 1e-12) + 1;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {strategy} | {means[0]:F5} | {means[1]:F5} | {means[2]:F5} | {(reach > 0 ? reach.ToString(CultureInfo.InvariantCulture) : "not in 40")} |"));
            }
        }
    }
}
