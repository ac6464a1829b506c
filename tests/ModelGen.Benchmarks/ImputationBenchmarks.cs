using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Preprocessing;
using ModelGen.Sampling;

namespace ModelGen.Benchmarks;

/// <summary>
/// k-NN imputation (k = 5) of a 60,000 × 30 table: standardized breast-cancer rows repeated with seeded noise, 5% of the
/// rows missing one to three cells. <see cref="KNearestNeighborsImputer"/> (a k-d tree over the rows without gaps, a scan
/// of the few with them) against the all-pairs search scikit-learn's <c>KNNImputer</c> runs, written plainly here; and
/// SMOTE's neighbour search on the table's 6,000-row minority. Peers/imputer.py times scikit-learn on the same table.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(iterationCount: 5, warmupCount: 1)]
public class ImputationBenchmarks
{
    private const int Rows = 60_000, Width = 30;
    private float[] _table = null!;
    private Dataset _labelled = null!;

    [GlobalSetup]
    public void Setup() => (_table, _labelled) = Table();

    /// <summary>The table (NaN in the gaps) and the same rows without gaps, one in ten labelled positive.</summary>
    public static (float[] WithGaps, Dataset Labelled) Table()
    {
        Dataset cancer = Dataset.FromCsv(Path.Combine(Repository.Root, "samples", "BreastCancer", "data", "breast_cancer.csv"), "diagnosis", "M");
        Dataset scaled = StandardScaler.Fit(cancer).Transform(cancer);
        var random = new SeededRandom(17);
        var table = new float[Rows * Width];
        var labels = new float[Rows];
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<float> source = scaled.Row(random.NextInt(scaled.Count));
            for (int c = 0; c < Width; c++)
            {
                table[r * Width + c] = source[c] + (float)(0.05 * (random.NextDouble() - 0.5));
            }

            labels[r] = r % 10 == 0 ? 1 : 0;
        }

        var labelled = new Dataset((float[])table.Clone(), labels, scaled.FeatureNames);
        for (int r = 0; r < Rows; r++)
        {
            if (random.NextDouble() < 0.05)
            {
                for (int gaps = 1 + random.NextInt(3); gaps > 0; gaps--)
                {
                    table[r * Width + random.NextInt(Width)] = float.NaN;
                }
            }
        }

        return (table, labelled);
    }

    [Benchmark(Description = "knn impute 60000x30, k-d tree")]
    public float[] Tree()
    {
        float[] rows = (float[])_table.Clone();
        KNearestNeighborsImputer.Fit(_table, Width).Transform(rows);
        return rows;
    }

    [Benchmark(Description = "knn impute 60000x30, all pairs")]
    public float[] AllPairs()
    {
        float[] rows = (float[])_table.Clone();
        BruteForceImpute(_table, rows, Width, 5);
        return rows;
    }

    [Benchmark(Description = "smote neighbours, 6000 minority of 60000x30")]
    public Dataset Smote() => new Smote().Resample(_labelled, seed: 1);

    /// <summary>scikit-learn's KNNImputer algorithm, plainly: each row with a gap against every training row, the k nearest kept by insertion.</summary>
    private static void BruteForceImpute(float[] fit, float[] rows, int width, int k)
    {
        int fitRows = fit.Length / width;
        var distances = new double[fitRows];
        var best = new (double Distance, int Row)[k];
        for (int r = 0; r < rows.Length / width; r++)
        {
            Span<float> row = rows.AsSpan(r * width, width);
            if (!row.ContainsAnyExcept(float.NaN) || !Array.Exists(row.ToArray(), float.IsNaN))
            {
                continue;
            }

            float[] original = row.ToArray();
            for (int j = 0; j < fitRows; j++)
            {
                double sum = 0;
                int common = 0;
                for (int c = 0; c < width; c++)
                {
                    float a = original[c], b = fit[j * width + c];
                    if (!float.IsNaN(a) && !float.IsNaN(b))
                    {
                        sum += ((double)a - b) * ((double)a - b);
                        common++;
                    }
                }

                distances[j] = common == 0 ? double.PositiveInfinity : Math.Sqrt((double)width / common * sum);
            }

            for (int c = 0; c < width; c++)
            {
                if (!float.IsNaN(original[c]))
                {
                    continue;
                }

                int kept = 0;
                for (int j = 0; j < fitRows; j++)
                {
                    if (float.IsNaN(fit[j * width + c]) || (kept == k && distances[j] >= best[k - 1].Distance))
                    {
                        continue;
                    }

                    int at = kept < k ? kept++ : k - 1;
                    while (at > 0 && best[at - 1].Distance > distances[j])
                    {
                        best[at] = best[at - 1];
                        at--;
                    }

                    best[at] = (distances[j], j);
                }

                double total = 0;
                for (int n = 0; n < kept; n++)
                {
                    total += fit[best[n].Row * width + c];
                }

                row[c] = (float)(total / kept);
            }
        }
    }
}
