using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Data;
using ModelGen.Preprocessing;
using ModelGen.Sampling;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Preprocessing;

/// <summary>
/// k-NN imputation against scikit-learn 1.2's <c>KNNImputer</c> (Reference/make_knn_imputer_references.py and its stored
/// values): breast cancer with a tenth of its cells removed, fitted on 400 rows, imputing them and 169 others; and the
/// imputer inside <see cref="TabularPipeline"/>, fitted on training rows only, saved and loaded.
/// </summary>
public sealed class KNearestNeighborsImputerTests(ITestOutputHelper output)
{
    private static readonly JsonElement s_root = Load();

    [Theory]
    [InlineData("k5_uniform", 5, NeighborWeights.Uniform)]
    [InlineData("k3_distance", 3, NeighborWeights.Distance)]
    [InlineData("k1", 1, NeighborWeights.Uniform)]
    public void Imputation_equals_scikit_learns_knn_imputer(string name, int neighbors, NeighborWeights weights)
    {
        (float[] train, float[] test, int width) = Data();
        JsonElement reference = s_root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var imputer = KNearestNeighborsImputer.Fit(train, width, neighbors, weights);
        double worst = 0;
        foreach ((float[] rows, string part) in new[] { (train, "train"), (test, "test") })
        {
            float[] filled = (float[])rows.Clone();
            imputer.Transform(filled);
            double[] expected = reference.Doubles(part);
            int[] gaps = Enumerable.Range(0, rows.Length).Where(i => float.IsNaN(rows[i])).ToArray();
            Assert.Equal(expected.Length, gaps.Length);
            for (int g = 0; g < gaps.Length; g++)
            {
                worst = Math.Max(worst, Math.Abs(filled[gaps[g]] - expected[g]) / Math.Max(1e-12, Math.Abs(expected[g])));
            }

            Assert.Equal(rows.Where(v => !float.IsNaN(v)), filled.Where((_, i) => !float.IsNaN(rows[i])));
        }

        output.WriteLine($"{name}: largest relative difference {worst:E2} from scikit-learn over {reference.Doubles("train").Length + reference.Doubles("test").Length} filled cells");
        Assert.True(worst < 1e-6, $"{name}: a filled value differs by {worst:E2} (relative) from scikit-learn's");
    }

    [Fact]
    public void In_a_pipeline_it_is_fitted_on_training_rows_and_saved_with_them()
    {
        (float[] train, float[] test, int width) = Data();
        string[] names = Enumerable.Range(0, width).Select(c => "f" + c).ToArray();
        TabularData Table(float[] rows)
        {
            var text = new System.Text.StringBuilder(string.Join(",", names) + ",label\n");
            for (int r = 0; r < rows.Length / width; r++)
            {
                text.Append(string.Join(",", rows.AsSpan(r * width, width).ToArray().Select(v => float.IsNaN(v) ? "" : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))))
                    .Append(',').Append(r % 2).Append('\n');
            }

            string path = Path.Combine(Path.GetTempPath(), $"knn-{Guid.NewGuid():N}.csv");
            File.WriteAllText(path, text.ToString());
            try
            {
                return TabularData.FromCsv(path, "label", "1");
            }
            finally
            {
                File.Delete(path);
            }
        }

        var pipeline = new TabularPipeline { NumericImputation = NumericImputation.KNearestNeighbors, Neighbors = 5, Scaling = Scaling.None };
        FittedTabularPipeline fitted = pipeline.Fit(Table(train));
        Assert.NotNull(fitted.NeighborsImputer);
        Dataset transformed = fitted.Transform(Table(test));

        // The same as the imputer alone, fitted on the training rows only.
        float[] expected = (float[])test.Clone();
        KNearestNeighborsImputer.Fit(train, width).Transform(expected);
        Assert.Equal(expected, transformed.Features.ToArray());

        // Saved and loaded: the same rows, one raw row at a time too.
        using var stream = new MemoryStream();
        fitted.Save(stream);
        stream.Position = 0;
        FittedTabularPipeline loaded = FittedTabularPipeline.Load(stream);
        var row = new float[width];
        loaded.TransformRow(test.AsSpan(0, width).ToArray().Select(v => float.IsNaN(v) ? null : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray(), row);
        Assert.Equal(expected.AsSpan(0, width).ToArray(), row);
        Assert.Equal(5, loaded.NeighborsImputer!.Neighbors);

        // Scaling is fitted on the imputed training column, as a scaler after KNNImputer in a scikit-learn pipeline.
        FittedTabularPipeline scaled = (pipeline with { Scaling = Scaling.Standard }).Fit(Table(train));
        float[] imputedTrain = (float[])train.Clone();
        KNearestNeighborsImputer.Fit(train, width).Transform(imputedTrain);
        double mean = Enumerable.Range(0, train.Length / width).Average(r => (double)imputedTrain[r * width]);
        Assert.Equal(mean, scaled.Steps[0].Offset, 1e-3);
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var empty = new float[] { 1, float.NaN, 2, float.NaN };
        Assert.Contains("Column 1 has no value", Assert.Throws<ArgumentException>(() => KNearestNeighborsImputer.Fit(empty, 2)).Message);
        Assert.Contains("infinite", Assert.Throws<ArgumentException>(() => KNearestNeighborsImputer.Fit(new[] { 1f, float.PositiveInfinity }, 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => KNearestNeighborsImputer.Fit(new[] { 1f, 2f }, 2, neighbors: 0));
        Assert.Throws<ArgumentException>(() => KNearestNeighborsImputer.Fit(new[] { 1f, 2f, 3f }, 2));

        // A row with no value at all takes the training means.
        var imputer = KNearestNeighborsImputer.Fit(new[] { 1f, 10f, 3f, 30f }, 2);
        var row = new[] { float.NaN, float.NaN };
        imputer.TransformRow(row);
        Assert.Equal(new[] { 2f, 20f }, row);
    }

    [Fact]
    public void Smote_finds_the_same_neighbours_as_comparing_every_pair()
    {
        // Duplicated rows make ties: both searches break them towards the earlier sample, so SMOTE's output is unchanged.
        var random = new Random(5);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int i = 0; i < 400; i++)
        {
            float[] row = Enumerable.Range(0, 6).Select(_ => (float)Math.Round(random.NextDouble() * 4, 1)).ToArray();
            rows.Add(row);
            labels.Add(i % 7 == 0 ? 1 : 0);
            if (i % 50 == 0)
            {
                rows.Add((float[])row.Clone());
                labels.Add(1);
            }
        }

        Dataset data = Dataset.FromArrays(rows, labels);
        Dataset resampled = new Smote(neighbors: 5).Resample(data, seed: 3);
        int[] minority = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == 1f).ToArray();
        var random2 = new ModelGen.Numerics.SeededRandom(3);
        int extra = resampled.Count - data.Count;
        for (int s = 0; s < extra; s++)
        {
            int pick = random2.NextInt(minority.Length);
            int[] byBruteForce = minority.Select((row, position) => (position, distance: Distance(data, minority[pick], row)))
                .Where(p => p.position != pick).OrderBy(p => p.distance).ThenBy(p => p.position).Take(5).Select(p => p.position).ToArray();
            int to = minority[byBruteForce[random2.NextInt(5)]];
            float gap = (float)random2.NextDouble();
            for (int f = 0; f < 6; f++)
            {
                float from = data.Row(minority[pick])[f];
                Assert.Equal(from + gap * (data.Row(to)[f] - from), resampled.Row(data.Count + s)[f]);
            }
        }
    }

    private static double Distance(Dataset data, int a, int b)
    {
        double sum = 0;
        for (int f = 0; f < data.FeatureCount; f++)
        {
            double d = (double)data.Row(a)[f] - data.Row(b)[f];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>The stored table: its training rows, its other rows and its width.</summary>
    private static (float[] Train, float[] Test, int Width) Data()
    {
        int width = s_root.GetProperty("width").GetInt32(), trainRows = s_root.GetProperty("trainRows").GetInt32();
        float[] all = s_root.GetProperty("data").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? float.NaN : (float)v.GetDouble()).ToArray();
        return (all[..(trainRows * width)], all[(trainRows * width)..], width);
    }

    private static JsonElement Load()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(ReferenceCases.File("Preprocessing", "Reference", "knn_imputer_references.json")));
        return document.RootElement.Clone();
    }
}
