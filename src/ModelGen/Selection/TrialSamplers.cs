using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Numerics;

namespace ModelGen.Selection;

/// <summary>How a search chooses its next trial.</summary>
public enum SearchStrategy
{
    /// <summary>Independent uniform draws on each parameter's scale (scikit-learn's <c>RandomizedSearchCV</c>).</summary>
    Random,

    /// <summary>
    /// The tree-structured Parzen estimator (Optuna's default sampler): after the startup trials, the best tenth of the
    /// trials and the rest each become a kernel density per parameter, and of 24 draws from the good density the one
    /// with the highest good-to-bad density ratio is tried.
    /// </summary>
    TreeParzen,

    /// <summary>
    /// A Gaussian process over the unit cube (Matérn 5/2, its length scale chosen by marginal likelihood) and expected
    /// improvement maximized over random and local candidates (scikit-optimize's <c>gp_minimize</c>).
    /// </summary>
    GaussianProcess,
}

/// <summary>Proposes trials from the scores of those before: the samplers behind <see cref="SearchStrategy"/>.</summary>
internal static class TrialSamplers
{
    private const int Candidates = 24;

    /// <summary>The values of the next trial; <paramref name="history"/> holds each earlier trial's values and mean score (higher is better, NaN for failed).</summary>
    public static object[] Propose(SearchStrategy strategy, ParameterSpace space, IReadOnlyList<(IReadOnlyList<object> Values, double Score)> history, int startup, SeededRandom random)
    {
        var scored = history.Where(h => double.IsFinite(h.Score)).ToList();
        if (strategy == SearchStrategy.Random || scored.Count < startup)
        {
            return space.Parameters.Select(p => p.FromUnit(random.NextDouble())).ToArray();
        }

        return strategy == SearchStrategy.TreeParzen ? TreeParzen(space, scored, random) : GaussianProcess(space, scored, random);
    }

    private static object[] TreeParzen(ParameterSpace space, List<(IReadOnlyList<object> Values, double Score)> history, SeededRandom random)
    {
        // Optuna's split: the best ⌈n/10⌉ (at most 25) trials are "good".
        var ranked = history.OrderByDescending(h => h.Score).ToList();
        int good = Math.Clamp((int)Math.Ceiling(0.1 * ranked.Count), 1, 25);
        var values = new object[space.Parameters.Count];
        for (int p = 0; p < space.Parameters.Count; p++)
        {
            SearchParameter parameter = space.Parameters[p];
            if (parameter is CategoricalParameter categorical)
            {
                double[] goodWeights = CategoryWeights(categorical, ranked.Take(good).Select(h => (string)h.Values[p]));
                double[] badWeights = CategoryWeights(categorical, ranked.Skip(good).Select(h => (string)h.Values[p]));
                int best = -1;
                double bestRatio = double.NegativeInfinity;
                for (int c = 0; c < Candidates; c++)
                {
                    int draw = Draw(goodWeights, random.NextDouble());
                    double ratio = Math.Log(goodWeights[draw]) - Math.Log(badWeights[draw]);
                    if (ratio > bestRatio)
                    {
                        (best, bestRatio) = (draw, ratio);
                    }
                }

                values[p] = categorical.Values[best];
                continue;
            }

            var goodDensity = new Parzen(ranked.Take(good).Select(h => parameter.ToUnit(h.Values[p])).ToArray(), ranked.Count);
            var badDensity = new Parzen(ranked.Skip(good).Select(h => parameter.ToUnit(h.Values[p])).ToArray(), ranked.Count);
            double chosen = 0.5, chosenRatio = double.NegativeInfinity;
            for (int c = 0; c < Candidates; c++)
            {
                double u = goodDensity.Sample(random);
                double ratio = goodDensity.LogDensity(u) - badDensity.LogDensity(u);
                if (ratio > chosenRatio)
                {
                    (chosen, chosenRatio) = (u, ratio);
                }
            }

            values[p] = parameter.FromUnit(chosen);
        }

        return values;
    }

    /// <summary>Each choice's share of the observations plus a prior of one observation spread evenly (Optuna's prior weight 1).</summary>
    private static double[] CategoryWeights(CategoricalParameter parameter, IEnumerable<string> observed)
    {
        var weights = new double[parameter.Values.Count];
        Array.Fill(weights, 1.0 / weights.Length);
        foreach (string value in observed)
        {
            weights[parameter.IndexOf(value)] += 1;
        }

        double total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }

    private static int Draw(double[] weights, double u)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>
    /// A Parzen estimator on [0, 1]: a truncated normal at each observation and a prior one at ½ of width 1, each
    /// observation's width the larger gap to its neighbours (the bounds included), kept within [1/min(100, n + 1), 1]
    /// (Optuna's "magic clip").
    /// </summary>
    private sealed class Parzen
    {
        private readonly double[] _means;
        private readonly double[] _widths;

        public Parzen(double[] observations, int trials)
        {
            double[] sorted = observations.OrderBy(x => x).ToArray();
            double minimumWidth = 1.0 / Math.Min(100, trials + 1);
            _means = sorted.Append(0.5).ToArray();
            _widths = new double[_means.Length];
            for (int i = 0; i < sorted.Length; i++)
            {
                double left = sorted[i] - (i > 0 ? sorted[i - 1] : 0), right = (i + 1 < sorted.Length ? sorted[i + 1] : 1) - sorted[i];
                _widths[i] = Math.Clamp(Math.Max(left, right), minimumWidth, 1);
            }

            _widths[^1] = 1;
        }

        public double Sample(SeededRandom random)
        {
            int component = random.NextInt(_means.Length);
            for (int attempt = 0; attempt < 100; attempt++)
            {
                double x = _means[component] + _widths[component] * Normal(random);
                if (x is >= 0 and <= 1)
                {
                    return x;
                }
            }

            return Math.Clamp(_means[component], 0, 1);
        }

        public double LogDensity(double x)
        {
            double sum = 0;
            for (int i = 0; i < _means.Length; i++)
            {
                double mass = Gaussian.Cdf((1 - _means[i]) / _widths[i]) - Gaussian.Cdf(-_means[i] / _widths[i]);
                sum += Gaussian.Pdf((x - _means[i]) / _widths[i]) / (_widths[i] * mass);
            }

            return Math.Log(sum / _means.Length);
        }
    }

    private static object[] GaussianProcess(ParameterSpace space, List<(IReadOnlyList<object> Values, double Score)> history, SeededRandom random)
    {
        double[][] x = history.Select(h => Encode(space, h.Values)).ToArray();
        double mean = history.Average(h => h.Score);
        double spread = Math.Sqrt(history.Average(h => (h.Score - mean) * (h.Score - mean)));
        double[] y = history.Select(h => spread > 0 ? (h.Score - mean) / spread : 0).ToArray();
        var model = new[] { 0.1, 0.2, 0.3, 0.5, 1.0 }.Select(scale => new Process(x, y, scale)).MaxBy(p => p.LogLikelihood)!;
        double best = y.Max();

        // Candidates: uniform points of the cube, and the best trials moved a little.
        var ranked = Enumerable.Range(0, x.Length).OrderByDescending(i => y[i]).Take(5).ToArray();
        object[]? chosen = null;
        double chosenImprovement = double.NegativeInfinity;
        for (int c = 0; c < 1000; c++)
        {
            var unit = new double[space.Parameters.Count];
            if (c < 800)
            {
                for (int p = 0; p < unit.Length; p++)
                {
                    unit[p] = random.NextDouble();
                }
            }
            else
            {
                IReadOnlyList<object> near = history[ranked[c % ranked.Length]].Values;
                for (int p = 0; p < unit.Length; p++)
                {
                    SearchParameter parameter = space.Parameters[p];
                    unit[p] = parameter.Choices > 0 && random.NextDouble() < 0.8
                        ? parameter.ToUnit(near[p])
                        : Math.Clamp(parameter.ToUnit(near[p]) + 0.05 * Normal(random), 0, 1);
                }
            }

            object[] values = space.Parameters.Select((p, i) => p.FromUnit(unit[i])).ToArray();
            (double mu, double variance) = model.Predict(Encode(space, values));
            double sigma = Math.Sqrt(Math.Max(variance, 1e-12));
            double z = (mu - best - 0.01) / sigma;
            double improvement = (mu - best - 0.01) * Gaussian.Cdf(z) + sigma * Gaussian.Pdf(z);
            if (improvement > chosenImprovement)
            {
                (chosen, chosenImprovement) = (values, improvement);
            }
        }

        return chosen!;
    }

    /// <summary>A trial as a point of the unit cube: ranges on their scale, choices one-hot.</summary>
    private static double[] Encode(ParameterSpace space, IReadOnlyList<object> values)
    {
        var point = new List<double>();
        for (int p = 0; p < space.Parameters.Count; p++)
        {
            if (space.Parameters[p] is CategoricalParameter categorical)
            {
                int at = categorical.IndexOf((string)values[p]);
                for (int c = 0; c < categorical.Values.Count; c++)
                {
                    point.Add(c == at ? 1 : 0);
                }
            }
            else
            {
                point.Add(space.Parameters[p].ToUnit(values[p]));
            }
        }

        return point.ToArray();
    }

    /// <summary>A Gaussian process with a Matérn 5/2 kernel of unit variance and a small noise, conditioned on the trials.</summary>
    private sealed class Process
    {
        private const double Noise = 1e-3;
        private readonly double[][] _x;
        private readonly double _scale;
        private readonly double[] _lower;
        private readonly double[] _alpha;
        private readonly int _n;

        public Process(double[][] x, double[] y, double scale)
        {
            (_x, _scale, _n) = (x, scale, x.Length);
            _lower = new double[_n * _n];
            // The noise keeps the kernel matrix positive definite; near-duplicate trials may still need more of it.
            for (double noise = Noise; !Cholesky.TryFactor((i, j) => Kernel(x[i], x[j]) + (i == j ? noise : 0), _n, _lower); noise *= 10)
            {
            }

            _alpha = Cholesky.SolveUpper(_lower, _n, Cholesky.SolveLower(_lower, _n, y));
            double fit = 0, determinant = 0;
            for (int i = 0; i < _n; i++)
            {
                fit += y[i] * _alpha[i];
                determinant += Math.Log(_lower[i * _n + i]);
            }

            LogLikelihood = -0.5 * fit - determinant;
        }

        public double LogLikelihood { get; }

        public (double Mean, double Variance) Predict(double[] point)
        {
            var k = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                k[i] = Kernel(point, _x[i]);
            }

            double mean = 0;
            for (int i = 0; i < _n; i++)
            {
                mean += k[i] * _alpha[i];
            }

            double[] v = Cholesky.SolveLower(_lower, _n, k);
            double reduction = 0;
            foreach (double value in v)
            {
                reduction += value * value;
            }

            return (mean, 1 - reduction);
        }

        private double Kernel(double[] a, double[] b)
        {
            double squared = 0;
            for (int d = 0; d < a.Length; d++)
            {
                squared += (a[d] - b[d]) * (a[d] - b[d]);
            }

            double r = Math.Sqrt(5 * squared) / _scale;
            return (1 + r + r * r / 3) * Math.Exp(-r);
        }
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(SeededRandom random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The standard normal density and distribution function.</summary>
    private static class Gaussian
    {
        public static double Pdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

        /// <summary>Φ(z) through Numerical Recipes' Chebyshev fit of erfc (fractional error below 1.2e-7 everywhere).</summary>
        public static double Cdf(double z)
        {
            double x = Math.Abs(z) / Math.Sqrt(2);
            double t = 1 / (1 + 0.5 * x);
            double erfc = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
            return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
        }
    }
}
