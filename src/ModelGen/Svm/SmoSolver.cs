using System;

namespace ModelGen.Svm;

/// <summary>
/// libsvm's dual, <c>min ½αᵀQα + pᵀα</c> subject to <c>0 ≤ αᵢ ≤ Cᵢ</c> and <c>yᵀα = const</c> with
/// <c>Qᵢⱼ = yᵢyⱼK(xᵢ, xⱼ)</c> — C-SVC with <c>p = −e</c> from α = 0, the one-class SVM with <c>p = 0</c>, every y = +1
/// and Cᵢ = 1 from ν·l ones — solved by sequential minimal optimization with libsvm's second-order working-set
/// selection (Fan, Chen and Lin, JMLR 2005): the most violating <c>i</c>, then the <c>j</c> whose two-variable step
/// decreases the objective most. Columns of Q are computed on demand and kept in a least-recently-used cache of
/// bounded size, in float as libsvm keeps them.
/// </summary>
internal sealed class SmoSolver
{
    private const double Tau = 1e-12;
    private readonly float[] _x;
    private readonly int _n, _width;
    private readonly sbyte[] _y;
    private readonly double[] _c;
    private readonly SvmKernelFunction _kernel;
    private readonly double[] _squares;
    private readonly double[] _diagonal;
    private readonly float[]?[] _columns;
    private readonly long[] _lastUse;
    private readonly int _cacheColumns;
    private int _cached;
    private long _clock;

    public SmoSolver(float[] x, int width, sbyte[] y, double[] c, SvmKernelFunction kernel, double cacheMegabytes)
    {
        _x = x;
        _width = width;
        _n = y.Length;
        _y = y;
        _c = c;
        _kernel = kernel;
        _squares = new double[_n];
        _diagonal = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            ReadOnlySpan<float> row = Row(i);
            _squares[i] = SvmKernelFunction.Dot(row, row);
            _diagonal[i] = kernel.Evaluate(row, row, _squares[i], _squares[i]);
        }

        _columns = new float[]?[_n];
        _lastUse = new long[_n];
        _cacheColumns = (int)Math.Clamp(cacheMegabytes * 1024 * 1024 / (4.0 * _n), 2, _n);
    }

    /// <summary>Iterations the last <see cref="Solve"/> ran, and whether it stopped at the limit rather than at the tolerance.</summary>
    public int Iterations { get; private set; }

    public bool HitIterationLimit { get; private set; }

    /// <summary>
    /// Solves <c>min ½αᵀQα + pᵀα</c> from the feasible start <paramref name="alpha"/> (updated in place) to tolerance
    /// <paramref name="epsilon"/>, with <paramref name="linear"/> as p (−1 for C-SVC, 0 for the one-class SVM); returns ρ
    /// (the decision is <c>Σ yᵢαᵢK(xᵢ, x) − ρ</c>).
    /// </summary>
    public double Solve(double[] alpha, double[] linear, double epsilon, int maxIterations)
    {
        var gradient = (double[])linear.Clone();
        for (int i = 0; i < _n; i++)
        {
            if (alpha[i] > 0)
            {
                float[] qi = Column(i);
                for (int k = 0; k < _n; k++)
                {
                    gradient[k] += alpha[i] * qi[k];
                }
            }
        }

        int limit = maxIterations > 0 ? maxIterations : (int)Math.Min(int.MaxValue, Math.Max(10_000_000L, 100L * _n));
        int iteration = 0;
        while (iteration < limit)
        {
            if (!SelectWorkingSet(alpha, gradient, epsilon, out int i, out int j))
            {
                break;
            }

            iteration++;
            float[] qi = Column(i), qj = Column(j);
            double ci = _c[i], cj = _c[j];
            double oldI = alpha[i], oldJ = alpha[j];
            double ai = oldI, aj = oldJ;
            if (_y[i] != _y[j])
            {
                double quadratic = Positive(_diagonal[i] + _diagonal[j] + 2 * qi[j]);
                double delta = (-gradient[i] - gradient[j]) / quadratic;
                double difference = ai - aj;
                ai += delta;
                aj += delta;
                if (difference > 0)
                {
                    if (aj < 0)
                    {
                        aj = 0;
                        ai = difference;
                    }
                }
                else if (ai < 0)
                {
                    ai = 0;
                    aj = -difference;
                }

                if (difference > ci - cj)
                {
                    if (ai > ci)
                    {
                        ai = ci;
                        aj = ci - difference;
                    }
                }
                else if (aj > cj)
                {
                    aj = cj;
                    ai = cj + difference;
                }
            }
            else
            {
                double quadratic = Positive(_diagonal[i] + _diagonal[j] - 2 * qi[j]);
                double delta = (gradient[i] - gradient[j]) / quadratic;
                double sum = ai + aj;
                ai -= delta;
                aj += delta;
                if (sum > ci)
                {
                    if (ai > ci)
                    {
                        ai = ci;
                        aj = sum - ci;
                    }
                }
                else if (aj < 0)
                {
                    aj = 0;
                    ai = sum;
                }

                if (sum > cj)
                {
                    if (aj > cj)
                    {
                        aj = cj;
                        ai = sum - cj;
                    }
                }
                else if (ai < 0)
                {
                    ai = 0;
                    aj = sum;
                }
            }

            alpha[i] = ai;
            alpha[j] = aj;
            double deltaI = ai - oldI, deltaJ = aj - oldJ;
            for (int k = 0; k < _n; k++)
            {
                gradient[k] += qi[k] * deltaI + qj[k] * deltaJ;
            }
        }

        Iterations = iteration;
        HitIterationLimit = iteration >= limit;
        return Rho(alpha, gradient);
    }

    private static double Positive(double quadratic) => quadratic > 0 ? quadratic : Tau;

    private bool Upper(double[] alpha, int t) => alpha[t] >= _c[t];

    private static bool Lower(double[] alpha, int t) => alpha[t] <= 0;

    /// <summary>libsvm's WSS2; false when the largest KKT violation is below <paramref name="epsilon"/>.</summary>
    private bool SelectWorkingSet(double[] alpha, double[] gradient, double epsilon, out int i, out int j)
    {
        double gMax = double.NegativeInfinity;
        i = -1;
        for (int t = 0; t < _n; t++)
        {
            if (_y[t] == 1 ? !Upper(alpha, t) : !Lower(alpha, t))
            {
                double violation = -_y[t] * gradient[t];
                if (violation >= gMax)
                {
                    gMax = violation;
                    i = t;
                }
            }
        }

        j = -1;
        if (i < 0)
        {
            return false;
        }

        float[] qi = Column(i);
        double gMax2 = double.NegativeInfinity, best = double.PositiveInfinity;
        for (int t = 0; t < _n; t++)
        {
            if (_y[t] == 1 ? Lower(alpha, t) : Upper(alpha, t))
            {
                continue;
            }

            double yG = _y[t] * gradient[t];
            gMax2 = Math.Max(gMax2, yG);
            double gradientDifference = gMax + yG;
            if (gradientDifference > 0)
            {
                double quadratic = _diagonal[i] + _diagonal[t] - 2.0 * _y[i] * _y[t] * qi[t];
                double objective = -(gradientDifference * gradientDifference) / Positive(quadratic);
                if (objective <= best)
                {
                    best = objective;
                    j = t;
                }
            }
        }

        return gMax + gMax2 >= epsilon && j >= 0;
    }

    /// <summary>ρ from the free support vectors' <c>yᵢGᵢ</c> (their mean), or the middle of the bounds when none is free.</summary>
    private double Rho(double[] alpha, double[] gradient)
    {
        double upper = double.PositiveInfinity, lower = double.NegativeInfinity, sum = 0;
        int free = 0;
        for (int t = 0; t < _n; t++)
        {
            double yG = _y[t] * gradient[t];
            if (Upper(alpha, t))
            {
                if (_y[t] == -1)
                {
                    upper = Math.Min(upper, yG);
                }
                else
                {
                    lower = Math.Max(lower, yG);
                }
            }
            else if (Lower(alpha, t))
            {
                if (_y[t] == 1)
                {
                    upper = Math.Min(upper, yG);
                }
                else
                {
                    lower = Math.Max(lower, yG);
                }
            }
            else
            {
                free++;
                sum += yG;
            }
        }

        return free > 0 ? sum / free : (upper + lower) / 2;
    }

    /// <summary>Column <paramref name="i"/> of Q, from the cache or computed (evicting the least recently used column when full).</summary>
    private float[] Column(int i)
    {
        _lastUse[i] = ++_clock;
        if (_columns[i] is { } cached)
        {
            return cached;
        }

        float[] column;
        if (_cached >= _cacheColumns)
        {
            int oldest = -1;
            for (int t = 0; t < _n; t++)
            {
                if (_columns[t] is not null && (oldest < 0 || _lastUse[t] < _lastUse[oldest]))
                {
                    oldest = t;
                }
            }

            column = _columns[oldest]!;
            _columns[oldest] = null;
        }
        else
        {
            column = new float[_n];
            _cached++;
        }

        ReadOnlySpan<float> row = Row(i);
        for (int t = 0; t < _n; t++)
        {
            column[t] = (float)(_y[i] * _y[t] * _kernel.Evaluate(row, Row(t), _squares[i], _squares[t]));
        }

        _columns[i] = column;
        return column;
    }

    private ReadOnlySpan<float> Row(int i) => _x.AsSpan(i * _width, _width);
}
