using System;

namespace ModelGen.Svm;

/// <summary>
/// libsvm's dual, <c>min ½αᵀQα + pᵀα</c> subject to <c>0 ≤ αᵢ ≤ Cᵢ</c> and <c>yᵀα = const</c> with
/// <c>Qᵢⱼ = yᵢyⱼK(xᵢ, xⱼ)</c> — C-SVC with <c>p = −e</c> from α = 0, the one-class SVM with <c>p = 0</c>, every y = +1
/// and Cᵢ = 1 from ν·l ones — solved by sequential minimal optimization with libsvm's second-order working-set
/// selection (Fan, Chen and Lin, JMLR 2005): the most violating <c>i</c>, then the <c>j</c> whose two-variable step
/// decreases the objective most. Columns of Q are computed on demand and kept in a least-recently-used cache of
/// bounded size, in float as libsvm keeps them. With shrinking (libsvm's, on by default as in scikit-learn) every
/// min(n, 1000) iterations the variables at a bound whose gradient says they will stay there leave the active set:
/// selection, gradient updates and new kernel columns then cover only the active rows; when the active problem is
/// solved, the full gradient is rebuilt (from Ḡ, the bounded variables' share, kept as libsvm keeps it) and checked
/// over every row before stopping.
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
    private readonly bool _shrinking;
    private readonly int[] _active;
    private readonly bool[] _partial;
    private readonly int[] _columnPhase;
    private int _activeSize;
    private int _phase;
    private int _cached;
    private long _clock;

    public SmoSolver(float[] x, int width, sbyte[] y, double[] c, SvmKernelFunction kernel, double cacheMegabytes, bool shrinking)
    {
        _shrinking = shrinking;
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
            if (!double.IsFinite(_diagonal[i]) || _diagonal[i] > float.MaxValue)
            {
                throw NonFinite(i, i, _diagonal[i]);
            }
        }

        _columns = new float[]?[_n];
        _lastUse = new long[_n];
        _partial = new bool[_n];
        _columnPhase = new int[_n];
        _active = new int[_n];
        _cacheColumns = (int)Math.Clamp(cacheMegabytes * 1024 * 1024 / ColumnBytes(_n), 2, _n);
    }

    /// <summary>The memory one cached kernel column of <paramref name="rows"/> rows takes.</summary>
    public static double ColumnBytes(int rows) => 4.0 * rows;

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
        var boundShare = new double[_n];
        _activeSize = _n;
        for (int i = 0; i < _n; i++)
        {
            _active[i] = i;
        }

        for (int i = 0; i < _n; i++)
        {
            if (alpha[i] > 0)
            {
                float[] qi = FullColumn(i);
                for (int k = 0; k < _n; k++)
                {
                    gradient[k] += alpha[i] * qi[k];
                }

                if (Upper(alpha, i))
                {
                    for (int k = 0; k < _n; k++)
                    {
                        boundShare[k] += _c[i] * qi[k];
                    }
                }
            }
        }

        int limit = maxIterations > 0 ? maxIterations : (int)Math.Min(int.MaxValue, Math.Max(10_000_000L, 100L * _n));
        int iteration = 0, counter = Math.Min(_n, 1000) + 1;
        bool unshrunk = false;
        while (iteration < limit)
        {
            if (--counter == 0)
            {
                counter = Math.Min(_n, 1000);
                if (_shrinking)
                {
                    Shrink(alpha, gradient, boundShare, linear, epsilon, ref unshrunk);
                }
            }

            if (!SelectWorkingSet(alpha, gradient, epsilon, out int i, out int j))
            {
                if (_activeSize == _n)
                {
                    break;
                }

                // Optimal on the active rows: rebuild the whole gradient and look again over every row.
                Reconstruct(alpha, gradient, boundShare, linear);
                if (!SelectWorkingSet(alpha, gradient, epsilon, out i, out j))
                {
                    break;
                }

                counter = 1;
            }

            iteration++;
            float[] qi = Column(i), qj = Column(j);
            double ci = _c[i], cj = _c[j];
            double oldI = alpha[i], oldJ = alpha[j];
            bool wasUpperI = Upper(alpha, i), wasUpperJ = Upper(alpha, j);
            (alpha[i], alpha[j]) = Step(i, j, qi[j], alpha[i], alpha[j], gradient[i], gradient[j], ci, cj);
            double deltaI = alpha[i] - oldI, deltaJ = alpha[j] - oldJ;
            for (int a = 0; a < _activeSize; a++)
            {
                int k = _active[a];
                gradient[k] += qi[k] * deltaI + qj[k] * deltaJ;
            }

            UpdateBoundShare(alpha, boundShare, i, wasUpperI);
            UpdateBoundShare(alpha, boundShare, j, wasUpperJ);
        }

        Reconstruct(alpha, gradient, boundShare, linear);
        Iterations = iteration;
        HitIterationLimit = iteration >= limit;
        return Rho(alpha, gradient);
    }

    /// <summary>The two-variable subproblem's solution for αᵢ and αⱼ, clipped to their box and the equality constraint (libsvm's).</summary>
    private (double AlphaI, double AlphaJ) Step(int i, int j, double qij, double ai, double aj, double gi, double gj, double ci, double cj)
    {
        if (_y[i] != _y[j])
        {
            double quadratic = Positive(_diagonal[i] + _diagonal[j] + 2 * qij);
            double delta = (-gi - gj) / quadratic;
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
            double quadratic = Positive(_diagonal[i] + _diagonal[j] - 2 * qij);
            double delta = (gi - gj) / quadratic;
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

        return (ai, aj);
    }

    /// <summary>Ḡ = Σ over αₖ at its upper bound of Cₖ·Qₖ, kept current when variable <paramref name="t"/> reaches or leaves its bound.</summary>
    private void UpdateBoundShare(double[] alpha, double[] boundShare, int t, bool wasUpper)
    {
        bool upper = Upper(alpha, t);
        if (upper == wasUpper)
        {
            return;
        }

        float[] column = FullColumn(t);
        double scale = upper ? _c[t] : -_c[t];
        for (int k = 0; k < _n; k++)
        {
            boundShare[k] += scale * column[k];
        }
    }

    /// <summary>
    /// libsvm's <c>do_shrinking</c>: the largest violations over the active rows, then every bounded variable whose
    /// gradient would keep it at its bound leaves the active set. Once the violation is within ten times the tolerance,
    /// the gradient is rebuilt and every row made active again, once, before shrinking goes on.
    /// </summary>
    private void Shrink(double[] alpha, double[] gradient, double[] boundShare, double[] linear, double epsilon, ref bool unshrunk)
    {
        double up = double.NegativeInfinity, low = double.NegativeInfinity;
        for (int a = 0; a < _activeSize; a++)
        {
            int t = _active[a];
            double g = gradient[t];
            if (_y[t] == 1)
            {
                if (!Upper(alpha, t))
                {
                    up = Math.Max(up, -g);
                }

                if (!Lower(alpha, t))
                {
                    low = Math.Max(low, g);
                }
            }
            else
            {
                if (!Upper(alpha, t))
                {
                    low = Math.Max(low, -g);
                }

                if (!Lower(alpha, t))
                {
                    up = Math.Max(up, g);
                }
            }
        }

        if (!unshrunk && up + low <= epsilon * 10)
        {
            unshrunk = true;
            Reconstruct(alpha, gradient, boundShare, linear);
        }

        for (int a = 0; a < _activeSize; a++)
        {
            if (!Shrinkable(alpha, gradient, _active[a], up, low))
            {
                continue;
            }

            _activeSize--;
            while (_activeSize > a)
            {
                if (!Shrinkable(alpha, gradient, _active[_activeSize], up, low))
                {
                    (_active[a], _active[_activeSize]) = (_active[_activeSize], _active[a]);
                    break;
                }

                _activeSize--;
            }
        }
    }

    private bool Shrinkable(double[] alpha, double[] gradient, int t, double up, double low)
    {
        double g = gradient[t];
        if (Upper(alpha, t))
        {
            return _y[t] == 1 ? -g > up : -g > low;
        }

        if (Lower(alpha, t))
        {
            return _y[t] == 1 ? g > low : g > up;
        }

        return false;
    }

    /// <summary>
    /// libsvm's <c>reconstruct_gradient</c>: the inactive rows' gradient from Ḡ, the linear term and the free
    /// variables' columns; then every row is active again.
    /// </summary>
    private void Reconstruct(double[] alpha, double[] gradient, double[] boundShare, double[] linear)
    {
        if (_activeSize == _n)
        {
            return;
        }

        for (int a = _activeSize; a < _n; a++)
        {
            int k = _active[a];
            gradient[k] = boundShare[k] + linear[k];
        }

        for (int a = 0; a < _activeSize; a++)
        {
            int i = _active[a];
            if (!Upper(alpha, i) && !Lower(alpha, i))
            {
                float[] column = FullColumn(i);
                for (int b = _activeSize; b < _n; b++)
                {
                    int k = _active[b];
                    gradient[k] += alpha[i] * column[k];
                }
            }
        }

        _activeSize = _n;
        _phase++;
    }

    private static double Positive(double quadratic) => quadratic > 0 ? quadratic : Tau;

    private bool Upper(double[] alpha, int t) => alpha[t] >= _c[t];

    private static bool Lower(double[] alpha, int t) => alpha[t] <= 0;

    /// <summary>libsvm's WSS2; false when the largest KKT violation is below <paramref name="epsilon"/>.</summary>
    private bool SelectWorkingSet(double[] alpha, double[] gradient, double epsilon, out int i, out int j)
    {
        double gMax = double.NegativeInfinity;
        i = -1;
        for (int a = 0; a < _activeSize; a++)
        {
            int t = _active[a];
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
        for (int a = 0; a < _activeSize; a++)
        {
            int t = _active[a];
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

    /// <summary>
    /// Column <paramref name="i"/> of Q with at least the active rows' entries, from the cache or computed (evicting the
    /// least recently used column when full). While rows are shrunk, a new column gets only the active entries (the
    /// others NaN until asked for): the active set only shrinks until the gradient is rebuilt, which starts a new phase.
    /// </summary>
    private float[] Column(int i)
    {
        _lastUse[i] = ++_clock;
        if (_columns[i] is not { } column)
        {
            column = Allocate();
            _columns[i] = column;
            _partial[i] = _activeSize < _n;
            _columnPhase[i] = _phase;
            if (_partial[i])
            {
                column.AsSpan().Fill(float.NaN);
            }

            Fill(i, column, _activeSize);
        }
        else if (_partial[i] && _columnPhase[i] != _phase)
        {
            _columnPhase[i] = _phase;
            FillMissing(i, column, _activeSize);
        }

        return column;
    }

    /// <summary>Column <paramref name="i"/> of Q with every row's entry.</summary>
    private float[] FullColumn(int i)
    {
        float[] column = Column(i);
        if (_partial[i])
        {
            FillMissing(i, column, _n);
        }

        return column;
    }

    private float[] Allocate()
    {
        if (_cached < _cacheColumns)
        {
            _cached++;
            return new float[_n];
        }

        int oldest = -1;
        for (int t = 0; t < _n; t++)
        {
            if (_columns[t] is not null && (oldest < 0 || _lastUse[t] < _lastUse[oldest]))
            {
                oldest = t;
            }
        }

        float[] column = _columns[oldest]!;
        _columns[oldest] = null;
        return column;
    }

    /// <summary>The entries of the rows at the first <paramref name="count"/> active positions (every row when none is shrunk: the positions are a permutation of the rows).</summary>
    private void Fill(int i, float[] column, int count)
    {
        ReadOnlySpan<float> row = Row(i);
        for (int a = 0; a < count; a++)
        {
            int t = _active[a];
            column[t] = Entry(i, t, row);
        }
    }

    /// <summary>The entries still NaN among the rows at active positions below <paramref name="to"/>; the column is whole when they are all rows.</summary>
    private void FillMissing(int i, float[] column, int to)
    {
        ReadOnlySpan<float> row = Row(i);
        for (int a = 0; a < to; a++)
        {
            int t = _active[a];
            if (float.IsNaN(column[t]))
            {
                column[t] = Entry(i, t, row);
            }
        }

        _partial[i] = to < _n;
    }

    private float Entry(int i, int t, ReadOnlySpan<float> row)
    {
        float value = (float)(_y[i] * _y[t] * _kernel.Evaluate(row, Row(t), _squares[i], _squares[t]));
        return float.IsFinite(value) ? value : throw NonFinite(i, t, value);
    }

    /// <summary>A kernel value that overflowed (a polynomial of large features, say): SMO cannot go on, and the model keeps what it had.</summary>
    private ArgumentException NonFinite(int i, int t, double value) => new(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"The {_kernel.Kernel} kernel of training rows {i} and {t} is {value}, beyond float range: scale the features (StandardScaler), or lower Gamma, Degree or Coef0."));

    private ReadOnlySpan<float> Row(int i) => _x.AsSpan(i * _width, _width);
}
