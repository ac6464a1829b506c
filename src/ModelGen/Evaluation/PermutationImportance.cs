using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Selection;

namespace ModelGen.Evaluation;

/// <summary>One feature's permutation importance: how much the score drops when the feature's column is shuffled.</summary>
/// <param name="Feature">The feature's index.</param>
/// <param name="Name">The feature's name.</param>
/// <param name="Mean">The mean drop over the repeats (scikit-learn's <c>importances_mean</c>).</param>
/// <param name="StandardDeviation">The drops' population standard deviation (<c>importances_std</c>).</param>
public sealed record FeatureImportance(int Feature, string Name, double Mean, double StandardDeviation);

/// <summary>
/// Permutation importance for any model (scikit-learn's <c>permutation_importance</c>): the model's score on the data,
/// minus its score after shuffling one feature's column, averaged over repeats. It needs only predictions, so it ranks a
/// network's and a forest's features alike; measure it on held-out data to see what the model relies on to generalize.
/// </summary>
public static class PermutationImportance
{
    /// <summary>Each feature's importance on <paramref name="data"/>, most important first.</summary>
    /// <exception cref="ArgumentException">The data's width differs from the model's input size.</exception>
    public static IReadOnlyList<FeatureImportance> Compute(IModel model, Dataset data, Scoring scoring, int repeats = 5, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(scoring);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        if (data.FeatureCount != model.InputSize)
        {
            throw new ArgumentException($"The model reads {model.InputSize} features per sample but the data has {data.FeatureCount}.", nameof(data));
        }

        int rows = data.Count, width = data.FeatureCount;
        float[] features = data.Features.ToArray();
        var scores = new float[rows];
        double baseline = Score(model, features, data, scores, scoring);
        var random = new SeededRandom(seed);
        var order = new int[rows];
        var column = new float[rows];
        var result = new List<FeatureImportance>(width);
        for (int f = 0; f < width; f++)
        {
            for (int r = 0; r < rows; r++)
            {
                column[r] = features[r * width + f];
            }

            var drops = new double[repeats];
            for (int k = 0; k < repeats; k++)
            {
                for (int r = 0; r < rows; r++)
                {
                    order[r] = r;
                }

                random.Shuffle<int>(order);
                for (int r = 0; r < rows; r++)
                {
                    features[r * width + f] = column[order[r]];
                }

                drops[k] = baseline - Score(model, features, data, scores, scoring);
            }

            for (int r = 0; r < rows; r++)
            {
                features[r * width + f] = column[r];
            }

            double mean = drops.Average();
            result.Add(new FeatureImportance(f, data.FeatureNames[f], mean, Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / repeats)));
        }

        return result.OrderByDescending(i => i.Mean).ToArray();
    }

    /// <summary>A ranked table: feature, mean drop ± standard deviation.</summary>
    public static string ToTable(IEnumerable<FeatureImportance> importances)
    {
        ArgumentNullException.ThrowIfNull(importances);
        var text = new StringBuilder();
        foreach (FeatureImportance i in importances)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{i.Name,-28} {i.Mean,9:F4} ± {i.StandardDeviation:F4}\n"));
        }

        return text.ToString();
    }

    private static double Score(IModel model, float[] features, Dataset data, float[] scores, Scoring scoring)
    {
        model.PredictBatch(features, scores);
        return scoring.Score(BinaryReport.Create(scores, data.Labels, model.DecisionThreshold, model.OutputsProbabilities));
    }
}
