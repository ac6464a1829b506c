using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Data;
using ModelGen.Evaluation;

namespace ModelGen.Monitoring;

/// <summary>
/// The usual population-stability bands, each claimed only where the PSI is beyond what sampling noise gives at the
/// number of rows compared (<see cref="FeatureDrift.NoiseFloor"/>).
/// </summary>
public enum DriftLevel
{
    /// <summary>PSI below 0.1, with rows enough that noise alone rarely reaches 0.1: the distribution has not moved.</summary>
    Stable,

    /// <summary>
    /// Too few rows to tell: below a band, but noise alone could reach 0.1 at this count, or fewer than ten rows a
    /// decile. A few hundred rows settle it; a large shift is a band sooner.
    /// </summary>
    Undetermined,

    /// <summary>PSI from 0.1 to 0.25, and above the noise floor: worth watching.</summary>
    Moderate,

    /// <summary>PSI of 0.25 or more, and above the noise floor: the inputs have shifted; retrain or investigate.</summary>
    Significant,
}

/// <summary>How one feature (or the model's score) moved against training.</summary>
/// <param name="Name">The feature's name, or <c>score</c>.</param>
/// <param name="PopulationStabilityIndex">PSI over the training deciles: Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ), each share at least 1e-4.</param>
/// <param name="KolmogorovSmirnov">The two-sample Kolmogorov–Smirnov statistic, the largest gap between the two distribution functions (scipy's <c>ks_2samp</c>).</param>
/// <param name="PValue">The asymptotic p-value of that statistic (small: the samples differ).</param>
/// <param name="TrainingMissingRate">The share of training rows missing the value.</param>
/// <param name="MissingRate">The share of the new rows missing it.</param>
/// <param name="NoiseFloor">
/// The PSI that rows drawn from the training distribution exceed only about once in a thousand, at this many present
/// values n over b occupied deciles: n·PSI is then about χ² with b − 1 degrees of freedom (PSI is, to second order,
/// Pearson's statistic over n), so the floor is its 0.999 quantile over n. Simulated over ten even deciles, such rows
/// exceed it 4.5 times in 1,000 at 100 values, 1.5 at 280 and 1.2 at 1,000
/// (tests/ModelGen.Tests/Monitoring/Reference/simulate_psi_noise_floor.py). Infinite below ten values a decile, where
/// an empty decile's 1e-4 share alone passes it.
/// </param>
public sealed record FeatureDrift(string Name, double PopulationStabilityIndex, double KolmogorovSmirnov, double PValue, double TrainingMissingRate, double MissingRate,
    double NoiseFloor)
{
    /// <summary>The PSI band, where the PSI is above the noise floor; <see cref="DriftLevel.Undetermined"/> where the rows are too few to tell.</summary>
    public DriftLevel Level =>
        PopulationStabilityIndex > NoiseFloor && PopulationStabilityIndex >= 0.25 ? DriftLevel.Significant
        : PopulationStabilityIndex > NoiseFloor && PopulationStabilityIndex >= 0.1 ? DriftLevel.Moderate
        : NoiseFloor < 0.1 && PopulationStabilityIndex < 0.1 ? DriftLevel.Stable
        : DriftLevel.Undetermined;
}

/// <summary>What a <see cref="DriftMonitor"/> found in a batch or a stream.</summary>
public sealed class DriftReport
{
    internal DriftReport(int rows, IReadOnlyList<FeatureDrift> features, FeatureDrift? score)
    {
        Rows = rows;
        Features = features;
        Score = score;
    }

    /// <summary>The new rows compared.</summary>
    public int Rows { get; }

    /// <summary>Each feature, in the training data's order.</summary>
    public IReadOnlyList<FeatureDrift> Features { get; }

    /// <summary>The model's score distribution, when the monitor has a model.</summary>
    public FeatureDrift? Score { get; }

    /// <summary>The worst band of any feature or the score.</summary>
    public DriftLevel Level => Features.Append(Score).Where(f => f is not null).Max(f => f!.Level);

    /// <summary>The features (and score) at <see cref="DriftLevel.Moderate"/> or worse, the largest PSI first.</summary>
    public IReadOnlyList<FeatureDrift> Drifted => Features.Append(Score).Where(f => f is not null && f.Level >= DriftLevel.Moderate).OrderByDescending(f => f!.PopulationStabilityIndex).ToArray()!;

    /// <summary>A table: PSI, its band, KS and p-value, missing rates; the score last.</summary>
    public override string ToString()
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        var rows = Features.Append(Score).Where(f => f is not null).Select(f => f!).ToArray();
        int width = Math.Max("feature".Length, rows.Max(f => f.Name.Length));
        var text = new StringBuilder(string.Create(invariant, $"{Rows} rows; worst band {Level}\n"));
        text.Append("feature".PadRight(width)).Append("     PSI   noise  band          KS   p-value  missing (train)\n");
        foreach (FeatureDrift f in rows)
        {
            text.Append(f.Name.PadRight(width)).Append(string.Create(invariant,
                $"  {f.PopulationStabilityIndex,6:F4}  {f.NoiseFloor,6:F4}  {f.Level,-12} {f.KolmogorovSmirnov,6:F4}  {f.PValue,8:G3}  {f.MissingRate:F4} ({f.TrainingMissingRate:F4})\n"));
        }

        return text.ToString();
    }
}

/// <summary>
/// Watches the inputs (and the model's scores) of a deployed classifier for drift from its training data: per feature
/// the population stability index over the training deciles, the two-sample Kolmogorov–Smirnov statistic and the
/// missing-value rate, the same for the score. <see cref="Check"/> compares a batch exactly; <see cref="Start"/> gives a
/// <see cref="DriftStream"/> that takes rows one at a time in bounded memory (the Kolmogorov–Smirnov statistic then over
/// 1,000 training quantiles). Built from the training data, it keeps each feature's sorted training values.
/// </summary>
public sealed class DriftMonitor
{
    private const int StreamResolution = 1000;
    private readonly Reference[] _features;
    private readonly Reference? _score;
    private readonly IModel? _model;

    private DriftMonitor(IReadOnlyList<string> names, Reference[] features, Reference? score, IModel? model)
    {
        FeatureNames = names;
        _features = features;
        _score = score;
        _model = model;
    }

    /// <summary>The features watched, in order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The monitor of <paramref name="training"/>'s features and, given the trained <paramref name="model"/>, its scores on them.</summary>
    /// <exception cref="ArgumentException">The data are empty, or the model reads another number of features.</exception>
    public static DriftMonitor Fit(Dataset training, IModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count == 0)
        {
            throw new ArgumentException("A drift monitor needs training rows to compare with.", nameof(training));
        }

        if (model is not null && model.InputSize != training.FeatureCount)
        {
            throw new ArgumentException($"The model reads {model.InputSize} features but the data have {training.FeatureCount}.", nameof(model));
        }

        var features = new Reference[training.FeatureCount];
        for (int f = 0; f < features.Length; f++)
        {
            features[f] = new Reference(Column(training.Features, training.FeatureCount, f));
        }

        Reference? score = model is null ? null : new Reference(Evaluator.Scores(model, training));
        return new DriftMonitor(training.FeatureNames, features, score, model);
    }

    /// <summary>How <paramref name="batch"/> compares with the training data, exactly.</summary>
    /// <exception cref="ArgumentException">The batch has another number of features, or no row.</exception>
    public DriftReport Check(Dataset batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.FeatureCount != _features.Length || batch.Count == 0)
        {
            throw new ArgumentException($"The batch must hold rows of {_features.Length} features ({string.Join(", ", FeatureNames.Take(5))}...), and at least one.", nameof(batch));
        }

        var drift = new FeatureDrift[_features.Length];
        for (int f = 0; f < drift.Length; f++)
        {
            drift[f] = _features[f].Compare(FeatureNames[f], Column(batch.Features, batch.FeatureCount, f));
        }

        FeatureDrift? score = null;
        if (_model is not null && _score is not null)
        {
            // Rows with a gap cannot be scored by every model: the score compares the rows that can be.
            float[] scores = ScoreComplete(batch);
            score = _score.Compare("score", scores);
        }

        return new DriftReport(batch.Count, drift, score);
    }

    /// <summary>A stream that takes new rows one at a time in bounded memory and reports at any point.</summary>
    public DriftStream Start() => new(this);

    /// <summary>The monitor as bytes (each feature's sorted training values and missing count, the scores'), for a classifier file.</summary>
    public byte[] SaveState()
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new System.IO.BinaryWriter(stream))
        {
            writer.Write(1); // format
            writer.Write(FeatureNames.Count);
            for (int f = 0; f < _features.Length; f++)
            {
                writer.Write(FeatureNames[f]);
                _features[f].Write(writer);
            }

            writer.Write(_score is not null);
            _score?.Write(writer);
        }

        return stream.ToArray();
    }

    /// <summary>A monitor saved by <see cref="SaveState"/>; its scores compare with <paramref name="model"/>'s, the model the classifier holds.</summary>
    /// <exception cref="System.IO.InvalidDataException">The bytes are not a saved monitor, or it watched another number of features than the model reads.</exception>
    public static DriftMonitor LoadState(ReadOnlySpan<byte> state, IModel? model)
    {
        using var reader = new System.IO.BinaryReader(new System.IO.MemoryStream(state.ToArray()));
        try
        {
            if (reader.ReadInt32() != 1)
            {
                throw new System.IO.InvalidDataException("The drift monitor's state is of an unknown format.");
            }

            int count = reader.ReadInt32();
            if (count < 1 || (model is not null && model.InputSize != count))
            {
                throw new System.IO.InvalidDataException($"The drift monitor watched {count} features but the model reads {model?.InputSize}.");
            }

            var names = new string[count];
            var features = new Reference[count];
            for (int f = 0; f < count; f++)
            {
                names[f] = reader.ReadString();
                features[f] = Reference.Read(reader);
            }

            Reference? score = reader.ReadBoolean() ? Reference.Read(reader) : null;
            return new DriftMonitor(names, features, model is null ? null : score, model);
        }
        catch (System.IO.EndOfStreamException)
        {
            throw new System.IO.InvalidDataException("The drift monitor's state is truncated.");
        }
    }

    private float[] ScoreComplete(Dataset batch)
    {
        var scores = new List<float>(batch.Count);
        for (int n = 0; n < batch.Count; n++)
        {
            ReadOnlySpan<float> row = batch.Row(n);
            if (!HasNaN(row))
            {
                scores.Add(_model!.Predict(row));
            }
        }

        return scores.ToArray();
    }

    private static bool HasNaN(ReadOnlySpan<float> row)
    {
        foreach (float v in row)
        {
            if (float.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    private static float[] Column(ReadOnlySpan<float> features, int width, int column)
    {
        var values = new float[features.Length / width];
        for (int n = 0; n < values.Length; n++)
        {
            values[n] = features[n * width + column];
        }

        return values;
    }

    /// <summary>
    /// Rows added one at a time (a service's requests): per feature, counts over the training deciles and over 1,000
    /// training quantiles, and the missing count — memory independent of the rows seen.
    /// </summary>
    public sealed class DriftStream
    {
        private readonly DriftMonitor _monitor;
        private readonly long[][] _deciles;
        private readonly long[][] _quantiles;
        private readonly long[] _missing;
        private readonly long[] _scoreDeciles;
        private readonly long[] _scoreQuantiles;
        private long _scored;

        internal DriftStream(DriftMonitor monitor)
        {
            _monitor = monitor;
            int width = monitor._features.Length;
            _deciles = Enumerable.Range(0, width).Select(_ => new long[10]).ToArray();
            _quantiles = Enumerable.Range(0, width).Select(_ => new long[StreamResolution + 1]).ToArray();
            _missing = new long[width];
            _scoreDeciles = new long[10];
            _scoreQuantiles = new long[StreamResolution + 1];
        }

        /// <summary>The rows added.</summary>
        public long Rows { get; private set; }

        /// <summary>The features of a row.</summary>
        public int FeatureCount => _deciles.Length;

        /// <summary>Adds one row (NaN where a value is missing); scores it when the monitor has a model and the row is whole.</summary>
        /// <exception cref="ArgumentException">The row has another number of features.</exception>
        public void Add(ReadOnlySpan<float> row)
        {
            if (row.Length != _deciles.Length)
            {
                throw new ArgumentException($"The row holds {row.Length} values but the monitor watches {_deciles.Length} features.", nameof(row));
            }

            Rows++;
            for (int f = 0; f < row.Length; f++)
            {
                if (float.IsNaN(row[f]))
                {
                    _missing[f]++;
                    continue;
                }

                Reference reference = _monitor._features[f];
                _deciles[f][reference.Decile(row[f])]++;
                _quantiles[f][reference.Quantile(row[f], StreamResolution)]++;
            }

            if (_monitor._model is { } model && !HasNaN(row))
            {
                float score = model.Predict(row);
                _scored++;
                _scoreDeciles[_monitor._score!.Decile(score)]++;
                _scoreQuantiles[_monitor._score.Quantile(score, StreamResolution)]++;
            }
        }

        /// <summary>The drift so far: PSI exact over the deciles, Kolmogorov–Smirnov over the 1,000 training quantiles.</summary>
        /// <exception cref="InvalidOperationException">No row has been added.</exception>
        public DriftReport Report()
        {
            if (Rows == 0)
            {
                throw new InvalidOperationException("No row has been added yet.");
            }

            var drift = new FeatureDrift[_deciles.Length];
            for (int f = 0; f < drift.Length; f++)
            {
                drift[f] = _monitor._features[f].Compare(_monitor.FeatureNames[f], _deciles[f], _quantiles[f], Rows - _missing[f], _missing[f], Rows, StreamResolution);
            }

            FeatureDrift? score = _monitor._score is { } reference && _scored > 0
                ? reference.Compare("score", _scoreDeciles, _scoreQuantiles, _scored, 0, _scored, StreamResolution)
                : null;
            return new DriftReport((int)Math.Min(int.MaxValue, Rows), drift, score);
        }
    }

    /// <summary>One training distribution: its sorted present values, decile edges and missing rate.</summary>
    private sealed class Reference
    {
        /// <summary>χ²'s 0.999 quantile for 1 to 9 degrees of freedom (index 0 unused); at most ten deciles make nine.</summary>
        private static readonly double[] ChiSquared999 = { double.NaN, 10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877 };

        private readonly float[] _sorted;
        private readonly float[] _edges;
        private readonly double[] _expected;
        private readonly int _occupied; // deciles holding training values: the noise floor's degrees of freedom plus one

        private readonly int _missing;

        public Reference(float[] values)
        {
            _sorted = values.Where(v => !float.IsNaN(v)).OrderBy(v => v).ToArray();
            _missing = values.Length - _sorted.Length;
            MissingRate = values.Length == 0 ? 0 : 1 - (double)_sorted.Length / values.Length;
            _edges = _sorted.Length == 0 ? Array.Empty<float>() : Enumerable.Range(1, 9).Select(q => _sorted[(int)((long)q * (_sorted.Length - 1) / 10)]).Distinct().ToArray();
            var counts = new long[10];
            foreach (float v in _sorted)
            {
                counts[Decile(v)]++;
            }

            _expected = counts.Select(c => _sorted.Length == 0 ? 0 : (double)c / _sorted.Length).ToArray();
            _occupied = counts.Count(c => c > 0);
        }

        public double MissingRate { get; }

        /// <summary>The sorted present values and the number of missing ones.</summary>
        public void Write(System.IO.BinaryWriter writer)
        {
            writer.Write(_sorted.Length);
            writer.Write(_missing);
            foreach (float v in _sorted)
            {
                writer.Write(v);
            }
        }

        public static Reference Read(System.IO.BinaryReader reader)
        {
            int present = reader.ReadInt32(), missing = reader.ReadInt32();
            if (present < 0 || missing < 0 || (long)present * 4 > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw new System.IO.InvalidDataException("The drift monitor's state is damaged.");
            }

            var values = new float[present + missing];
            for (int i = 0; i < present; i++)
            {
                values[i] = reader.ReadSingle();
            }

            values.AsSpan(present).Fill(float.NaN);
            return new Reference(values);
        }

        /// <summary>The bin of <paramref name="value"/>: the number of decile edges at or below it (equal training values share one edge).</summary>
        public int Decile(float value)
        {
            int bin = 0;
            while (bin < _edges.Length && value >= _edges[bin])
            {
                bin++;
            }

            return bin;
        }

        /// <summary>How many of <paramref name="resolution"/> evenly spaced training quantiles lie at or below <paramref name="value"/>.</summary>
        public int Quantile(float value, int resolution)
        {
            if (_sorted.Length == 0)
            {
                return 0;
            }

            int low = 0, high = resolution;
            while (low < high)
            {
                int middle = (low + high + 1) / 2;
                if (QuantileValue(middle, resolution) <= value)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return QuantileValue(0, resolution) <= value ? low : 0;
        }

        private float QuantileValue(int index, int resolution) => _sorted[(int)((long)index * (_sorted.Length - 1) / resolution)];

        /// <summary>A batch against the training values: PSI over the deciles, the exact two-sample KS statistic.</summary>
        public FeatureDrift Compare(string name, float[] values)
        {
            float[] present = values.Where(v => !float.IsNaN(v)).OrderBy(v => v).ToArray();
            double missing = values.Length == 0 ? 0 : 1 - (double)present.Length / values.Length;
            var counts = new long[10];
            foreach (float v in present)
            {
                counts[Decile(v)]++;
            }

            double ks = 0;
            int i = 0, j = 0;
            while (i < _sorted.Length && j < present.Length)
            {
                float next = Math.Min(_sorted[i], present[j]);
                while (i < _sorted.Length && _sorted[i] == next)
                {
                    i++;
                }

                while (j < present.Length && present[j] == next)
                {
                    j++;
                }

                ks = Math.Max(ks, Math.Abs((double)i / _sorted.Length - (double)j / present.Length));
            }

            if (present.Length == 0 || _sorted.Length == 0)
            {
                ks = double.NaN;
            }

            return new FeatureDrift(name, Psi(counts, present.Length), ks, PValue(ks, _sorted.Length, present.Length), MissingRate, missing, NoiseFloor(present.Length));
        }

        /// <summary>A stream's counts against the training values: PSI over the deciles, KS over the quantile grid.</summary>
        public FeatureDrift Compare(string name, long[] deciles, long[] quantiles, long present, long missing, long rows, int resolution)
        {
            double ks = double.NaN;
            if (present > 0 && _sorted.Length > 0)
            {
                // Bin k holds the values from the k-th training quantile up to the next, so after bin k the stream's CDF is
                // taken just below quantile k + 1, where the training CDF is (k + 1)/resolution: KS within 1/resolution.
                ks = 0;
                long below = 0;
                for (int k = 0; k <= resolution; k++)
                {
                    below += quantiles[k];
                    double training = k == resolution ? 1 : (k + 1.0) / resolution;
                    ks = Math.Max(ks, Math.Abs(training - (double)below / present));
                }
            }

            return new FeatureDrift(name, Psi(deciles, present), ks, PValue(ks, _sorted.Length, present), MissingRate, rows == 0 ? 0 : (double)missing / rows,
                NoiseFloor(present));
        }

        /// <summary>
        /// χ²'s 0.999 quantile over <paramref name="present"/> values at the occupied deciles' degrees of freedom (see
        /// <see cref="FeatureDrift.NoiseFloor"/>); 0.999 rather than 0.99 because a report holds every feature at once.
        /// </summary>
        private double NoiseFloor(long present)
        {
            return present < 10L * Math.Max(_occupied, 2) ? double.PositiveInfinity : ChiSquared999[Math.Max(_occupied - 1, 1)] / present;
        }

        private double Psi(long[] counts, long total)
        {
            if (total == 0)
            {
                return double.NaN;
            }

            double psi = 0;
            for (int b = 0; b < counts.Length; b++)
            {
                double actual = Math.Max((double)counts[b] / total, 1e-4), expected = Math.Max(_expected[b], 1e-4);
                if (counts[b] > 0 || _expected[b] > 0)
                {
                    psi += (actual - expected) * Math.Log(actual / expected);
                }
            }

            return psi;
        }

        /// <summary>The asymptotic two-sample p-value, Q_KS((√n_e + 0.12 + 0.11/√n_e)·D) with n_e = nm/(n + m) (Numerical Recipes' <c>kstwo</c>).</summary>
        private static double PValue(double statistic, long n, long m)
        {
            if (double.IsNaN(statistic) || n == 0 || m == 0)
            {
                return double.NaN;
            }

            double effective = Math.Sqrt((double)n * m / (n + m));
            double lambda = (effective + 0.12 + 0.11 / effective) * statistic;
            if (lambda < 1e-3)
            {
                return 1;
            }

            double sum = 0, sign = 1;
            for (int j = 1; j <= 100; j++)
            {
                double term = sign * 2 * Math.Exp(-2 * j * j * lambda * lambda);
                sum += term;
                if (Math.Abs(term) < 1e-12 * Math.Abs(sum))
                {
                    break;
                }

                sign = -sign;
            }

            return Math.Clamp(sum, 0, 1);
        }
    }
}
