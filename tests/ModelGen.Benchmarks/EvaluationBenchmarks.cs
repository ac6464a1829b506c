using BenchmarkDotNet.Attributes;
using ModelGen.Evaluation;
using ModelGen.Numerics;

namespace ModelGen.Benchmarks;

/// <summary>
/// Exact ranking metrics on 1,000,000 scores (a third of them tied at three decimals): one O(n log n) sort into the
/// (score, label) buffer, then O(n) walks that allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private const int Count = 1_000_000;
    private float[] _scores = null!;
    private float[] _labels = null!;
    private RankedScores _ranked = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new SeededRandom(7);
        _scores = new float[Count];
        _labels = new float[Count];
        for (int i = 0; i < Count; i++)
        {
            _labels[i] = rng.NextInt(2);
            double score = 0.3 * _labels[i] + 0.7 * rng.NextDouble();
            _scores[i] = i % 3 == 0 ? (float)System.Math.Round(score, 3) : (float)score;
        }

        _ranked = new RankedScores(_scores, _labels);
    }

    [Benchmark(Description = "sort 1M scores (RankedScores)")]
    public int Rank() => new RankedScores(_scores, _labels).Count;

    [Benchmark(Description = "ROC-AUC + average precision + confusion on ranked 1M")]
    public double Walk() => _ranked.RocAuc() + _ranked.AveragePrecision() + _ranked.Confusion(0.5f).Accuracy;

    [Benchmark(Description = "full BinaryReport of 1M scores")]
    public double Report() => BinaryReport.Create(_scores, _labels, 0.5f, probabilities: true).RocAuc;
}
