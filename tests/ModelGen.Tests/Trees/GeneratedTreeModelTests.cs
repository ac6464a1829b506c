using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using ModelGen.Selection;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using ModelGen.Training;
using ModelGen.Trees;
using Xunit;

namespace ModelGen.Tests.Trees;

/// <summary>
/// Tree models declared with attributes, as a user writes them: they train, predict, save and compare under the same
/// contract as the networks; training is deterministic, missing values are routed, bad input is refused.
/// </summary>
public sealed class GeneratedTreeModelTests : IDisposable
{
    private static readonly Lazy<Dataset> s_cancer = new(() => Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M"));
    private readonly TemporaryFolder _folder = new("modelgen-trees-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_attribute_options_reach_the_model()
    {
        Assert.Equal(60, CancerBoost.DeclaredOptions.Trees);
        Assert.Equal(3, CancerBoost.DeclaredOptions.MaxDepth);
        Assert.Equal(0.2, CancerBoost.DeclaredOptions.LearningRate);
        Assert.Equal(1.0, CancerBoost.DeclaredOptions.L2);                      // XGBoost's lambda, a default filled in
        Assert.Equal(FeatureSampling.Sqrt, CancerForest.DeclaredOptions.MaxFeatures); // a forest's default
        Assert.Equal(30, CancerForest.InputSize);
        Assert.Contains("RandomForest(trees=60", new CancerForest().Architecture);
    }

    [Fact]
    public void A_forest_a_boosted_model_and_a_network_are_compared_on_the_same_folds()
    {
        SearchResult result = ModelSearch.Compare(new (string, Func<int, IModel>)[]
        {
            ("CancerForest", seed => new CancerForest(seed)),
            ("CancerBoost", seed => new CancerBoost(seed)),
            ("Mlp30", seed => new Mlp30(seed)),
        }, s_cancer.Value, new CrossValidationOptions { Folds = new StratifiedKFold(5, seed: 3), Hyperparameters = new Hyperparameters { Epochs = 30 } });

        Assert.Equal(3, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.True(t.Result.Mean >= 0.97, $"{t.Model}: {t.Result}"));
        var supports = result.Trials.Select(t => string.Join(",", t.Result.Reports.Select(r => r.Matrix.Positives))).Distinct();
        Assert.Single(supports);
    }

    [Fact]
    public void The_same_seed_trains_the_same_trees_bit_for_bit()
    {
        (Dataset train, _) = s_cancer.Value.Split(0.2, seed: 1);
        foreach (Func<IModel> create in new Func<IModel>[] { () => new CancerForest(7), () => new CancerBoost(7), () => new CancerAnomalies(7) })
        {
            IModel a = create(), b = create();
            a.Fit(train, new FitOptions { Seed = 2 });
            b.Fit(train, new FitOptions { Seed = 2 });
            Assert.Equal(a.SaveState(), b.SaveState());
        }

        var c = new CancerForest(8);
        c.Fit(train, new FitOptions { Seed = 2 });
        var d = new CancerForest(7);
        d.Fit(train, new FitOptions { Seed = 2 });
        Assert.NotEqual(c.SaveState(), d.SaveState());
    }

    [Fact]
    public void Missing_values_train_and_predict_down_a_learned_branch()
    {
        (Dataset train, Dataset test) = s_cancer.Value.Split(0.2, seed: 1);
        Dataset withGaps = Gaps(train, every: 3);
        var model = new CancerBoost(1);
        model.Fit(withGaps, new FitOptions());
        BinaryReport report = model.Evaluate(Gaps(test, every: 3));
        Assert.True(report.RocAuc >= 0.97, $"ROC-AUC with a third of the worst-radius values missing: {report.RocAuc}");

        float[] row = test.Features.Slice(0, 30).ToArray();
        row[20] = float.NaN;
        Assert.InRange(model.Predict(row), 0f, 1f);
        Assert.Throws<ArgumentException>(() => new Mlp30().Fit(withGaps, new FitOptions()));
    }

    [Fact]
    public void A_sealed_classifier_of_a_forest_round_trips_and_rejects_damage()
    {
        (Dataset train, Dataset test) = s_cancer.Value.Split(0.2, seed: 1);
        var model = new CancerForest(3);
        model.Fit(train, new FitOptions());
        new Classifier(model, positiveClass: "M", negativeClass: "B").Save(_folder.File("forest.mgc"));

        Classifier loaded = Classifier.Load(_folder.File("forest.mgc"), new CancerForest());
        var expected = new float[test.Count];
        var actual = new float[test.Count];
        model.PredictBatch(test.Features, expected);
        loaded.Model.PredictBatch(test.Features, actual);
        Assert.Equal(expected, actual);

        Assert.Throws<ModelFileException>(() => Classifier.Load(_folder.File("forest.mgc"), new CancerBoost()));
        byte[] good = File.ReadAllBytes(_folder.File("forest.mgc"));
        for (int i = 0; i < good.Length; i += 97)
        {
            byte[] bad = (byte[])good.Clone();
            bad[i] ^= 0x20;
            File.WriteAllBytes(_folder.File("bad.mgc"), bad);
            Assert.Throws<ModelFileException>(() => Classifier.Load(_folder.File("bad.mgc"), new CancerForest()));
        }
    }

    [Fact]
    public void Prediction_is_thread_safe_and_allocates_nothing()
    {
        (Dataset train, Dataset test) = s_cancer.Value.Split(0.2, seed: 1);
        var model = new CancerBoost(1);
        model.Fit(train, new FitOptions());
        var expected = new float[test.Count];
        model.PredictBatch(test.Features, expected);
        Parallel.For(0, 8, _ =>
        {
            for (int n = 0; n < test.Count; n++)
            {
                Assert.Equal(expected[n], model.Predict(test.Features.Slice(n * 30, 30)));
            }
        });

        float[] row = test.Features.Slice(0, 30).ToArray();
        model.Predict(row);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            model.Predict(row);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Bad_input_gets_a_specific_error()
    {
        (Dataset train, _) = s_cancer.Value.Split(0.2, seed: 1);
        var model = new CancerTree();
        Assert.Contains("not trained", Assert.Throws<InvalidOperationException>(() => model.Predict(new float[30])).Message);

        Dataset oneClass = train.Select(Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == 0f).ToArray());
        Assert.Contains("only the negative class", Assert.Throws<ArgumentException>(() => model.Fit(oneClass, new FitOptions())).Message);
        Assert.Contains("Callbacks", Assert.Throws<ArgumentException>(() => model.Fit(train, new FitOptions { Callbacks = new Callback[] { new ModelGen.Training.Callbacks.TerminateOnNaN() } })).Message);

        model.Fit(train, new FitOptions());
        float[] row = new float[30];
        row[4] = float.PositiveInfinity;
        Assert.Contains("infinite", Assert.Throws<ArgumentException>(() => model.Predict(row)).Message);
        Assert.Throws<ArgumentException>(() => model.Predict(new float[29]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TreeModel(30, new TreeOptions { MaxBins = 70000 }));
    }

    [Fact]
    public void An_isolation_forest_finds_the_rare_class_as_anomalies()
    {
        // Benign tumours as the normal class and one in ten malignant ones as anomalies.
        Dataset all = s_cancer.Value;
        int[] rows = Enumerable.Range(0, all.Count).Where(i => all.Labels[i] == 0f || i % 10 == 0).ToArray();
        Dataset data = all.Select(rows);
        var model = new CancerAnomalies(1);
        model.Fit(data, new FitOptions());
        BinaryReport report = model.Evaluate(data);
        Assert.False(model.OutputsProbabilities);
        Assert.InRange(model.DecisionThreshold, 0.3f, 0.9f);
        Assert.True(report.RocAuc >= 0.9, $"anomaly ROC-AUC {report.RocAuc}");
    }

    [Fact]
    public void EasyEnsemble_learns_a_rare_class_from_balanced_subsets()
    {
        Dataset all = s_cancer.Value;
        int[] rows = Enumerable.Range(0, all.Count).Where(i => all.Labels[i] == 0f || i % 6 == 0).ToArray();
        (Dataset train, Dataset test) = all.Select(rows).Split(0.3, seed: 2);
        var model = new CancerEasyEnsemble(1);
        model.Fit(train, new FitOptions());

        Assert.Equal(8 * 10, model.Ensemble.TreeCount);                   // eight learners of ten rounds (the default)
        Assert.Equal(8, CancerEasyEnsemble.DeclaredOptions.Subsets);
        BinaryReport report = model.Evaluate(test);
        Assert.True(report.RocAuc >= 0.97, $"ROC-AUC {report.RocAuc}");
        Assert.True(report.Recall >= 0.8, $"recall at 0.5 on the rare class {report.Recall}: balanced subsets should not sacrifice it");
    }

    private static Dataset Gaps(Dataset data, int every)
    {
        float[] features = data.Features.ToArray();
        for (int n = 0; n < data.Count; n += every)
        {
            features[n * data.FeatureCount + 20] = float.NaN; // worst radius, the most informative feature
        }

        return new Dataset(features, data.Labels.ToArray(), data.FeatureNames, data.PositiveClass, data.NegativeClass, allowMissing: true);
    }
}
