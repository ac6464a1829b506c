using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ModelGen.Data;

namespace ModelGen.Training;

/// <summary>
/// Logistic regression's objective for the full-batch trainer, in double as scikit-learn and SciPy evaluate it:
/// <c>(1/N)·Σ sᵢ·(max(zᵢ, 0) − zᵢyᵢ + log(1 + e^−|zᵢ|)) + λ‖w‖²</c> with <c>z = X̃·[w; b]</c> — the generated model's mean
/// binary cross-entropy from the logit and its L2 on the weights — its gradient, its Hessian
/// <c>X̃ᵀ·diag(sᵢpᵢ(1 − pᵢ)/N)·X̃ + 2λ·I_w</c> and Hessian-vector products. The features are kept column by column
/// (a transposed float copy, <c>N × features</c>), so every pass is a vectorized sweep over one column: the Hessian is
/// its <c>k(k+1)/2</c> column dot products. Parameters follow one Dense(1) layer: its weights, then its bias unless it
/// was declared without one.
/// </summary>
internal sealed class LogisticRegressionObjective
{
    private readonly float[] _columns;
    private readonly float[] _labels;
    private readonly float[]? _weights;
    private readonly int _rows;
    private readonly int _width;

    // The point of the last evaluation and its rows' probabilities: Newton asks for the curvature where the line
    // search just ended, so it needs no second pass.
    private double[] _lastPoint = Array.Empty<double>();
    private readonly double[] _probabilities;
    private float[]? _scaled;

    public LogisticRegressionObjective(Dataset train, float[]? weights)
    {
        _rows = train.Count;
        _width = train.FeatureCount;
        _labels = train.Labels.ToArray();
        _weights = weights;
        _probabilities = new double[_rows];
        _columns = new float[_rows * _width];
        ReadOnlySpan<float> features = train.Features;
        for (int r = 0; r < _rows; r++)
        {
            for (int f = 0; f < _width; f++)
            {
                _columns[f * _rows + r] = features[r * _width + f];
            }
        }
    }

    private ReadOnlySpan<float> Column(int feature) => _columns.AsSpan(feature * _rows, _rows);

    /// <summary>The loss and gradient at <paramref name="x"/>.</summary>
    public (double Loss, double[] Gradient) Evaluate(ReadOnlySpan<double> x, double l2)
    {
        double[] z = Logits(x);
        var error = new double[_rows];
        double total = 0;
        for (int r = 0; r < _rows; r++)
        {
            double weight = _weights?[r] ?? 1.0, label = _labels[r], logit = z[r];
            double small = Math.Exp(-Math.Abs(logit)); // e^−|z|, never overflows
            double probability = logit >= 0 ? 1 / (1 + small) : small / (1 + small);
            total += weight * (Math.Max(logit, 0) - logit * label + Math.Log(1 + small));
            error[r] = weight * (probability - label) / _rows;
            _probabilities[r] = probability;
        }

        _lastPoint = x.ToArray();

        var gradient = new double[x.Length];
        double penalty = 0;
        for (int f = 0; f < _width; f++)
        {
            gradient[f] = Dot(Column(f), error) + 2 * l2 * x[f];
            penalty += x[f] * x[f];
        }

        if (x.Length > _width)
        {
            gradient[_width] = Sum(error);
        }

        return (total / _rows + l2 * penalty, gradient);
    }

    /// <summary>The rows' probabilities at <paramref name="x"/> into <paramref name="scores"/> when the last evaluation was there (the model's scores, without a pass); false otherwise.</summary>
    public bool TryCopyProbabilities(ReadOnlySpan<double> x, Span<float> scores)
    {
        if (!x.SequenceEqual(_lastPoint))
        {
            return false;
        }

        for (int r = 0; r < _rows; r++)
        {
            scores[r] = (float)_probabilities[r];
        }

        return true;
    }

    /// <summary>Each row's weight in the Hessian at <paramref name="x"/>, <c>sᵢpᵢ(1 − pᵢ)/N</c>.</summary>
    public double[] Curvatures(ReadOnlySpan<double> x)
    {
        if (!x.SequenceEqual(_lastPoint))
        {
            Evaluate(x, 0);
        }

        var curvatures = new double[_rows];
        for (int r = 0; r < _rows; r++)
        {
            double p = _probabilities[r];
            curvatures[r] = (_weights?[r] ?? 1.0) * p * (1 - p) / _rows;
        }

        return curvatures;
    }

    /// <summary>
    /// The Hessian at <paramref name="x"/>, symmetric: <c>AᵀA</c> with <c>A = diag(√cᵢ)·X̃</c>, accumulated in double over
    /// blocks of 256 rows whose scaled columns stay in the first-level cache; within a block the Gram products run in float,
    /// sixteen or eight lanes a vector, four columns at a time against one, so each loaded value serves four multiply-adds. The Hessian only
    /// steers the step (the gradient and the line search are exact double), and a relative error near 1e-6 in it leaves
    /// Newton's convergence to the optimum as it is (the reference tests hold it to scikit-learn's within 2.3e-6).
    /// </summary>
    public double[,] Hessian(ReadOnlySpan<double> x, double l2)
    {
        int block = Math.Min(256, _rows);
        double[] curvatures = Curvatures(x);
        int n = x.Length;
        var h = new double[n, n];
        float[] scaled = _scaled ??= new float[n * block]; // kept: a large buffer per Newton step would churn the large-object heap
        var roots = new float[block];
        for (int start = 0; start < _rows; start += block)
        {
            int count = Math.Min(block, _rows - start);
            for (int k = 0; k < count; k++)
            {
                roots[k] = (float)Math.Sqrt(curvatures[start + k]);
            }

            for (int f = 0; f < _width; f++)
            {
                Multiply(Column(f).Slice(start, count), roots.AsSpan(0, count), scaled.AsSpan(f * block, count));
            }

            if (n > _width)
            {
                roots.AsSpan(0, count).CopyTo(scaled.AsSpan(_width * block, count));
            }

            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<float> right = scaled.AsSpan(j * block, count);
                int i = j;
                for (; i + 4 <= n; i += 4)
                {
                    (double d0, double d1, double d2, double d3) = Dot4(scaled, i * block, block, right);
                    h[i, j] += d0;
                    h[i + 1, j] += d1;
                    h[i + 2, j] += d2;
                    h[i + 3, j] += d3;
                }

                for (; i < n; i++)
                {
                    h[i, j] += Dot(scaled.AsSpan(i * block, count), right);
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                h[j, i] = h[i, j];
            }
        }

        for (int f = 0; f < _width; f++)
        {
            h[f, f] += 2 * l2;
        }

        return h;
    }

    /// <summary>
    /// The dot products of <paramref name="right"/> with the four rows of <paramref name="matrix"/> from
    /// <paramref name="offset"/>, <paramref name="stride"/> apart: 512-bit vectors where accelerated, 256-bit where
    /// 128-bit ones are (the JIT pairs them), then scalars.
    /// </summary>
    private static (double, double, double, double) Dot4(float[] matrix, int offset, int stride, ReadOnlySpan<float> right)
    {
        int count = right.Length, i = 0;
        ref float a = ref matrix[offset];
        ref float b = ref Unsafe.Add(ref a, stride);
        ref float c = ref Unsafe.Add(ref b, stride);
        ref float d = ref Unsafe.Add(ref c, stride);
        ref float r = ref MemoryMarshal.GetReference(right);
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector512.IsHardwareAccelerated && count >= 16)
        {
            Vector512<float> v0 = Vector512<float>.Zero, v1 = v0, v2 = v0, v3 = v0;
            for (; i <= count - 16; i += 16)
            {
                Vector512<float> rv = Vector512.LoadUnsafe(ref r, (nuint)i);
                v0 += Vector512.LoadUnsafe(ref a, (nuint)i) * rv;
                v1 += Vector512.LoadUnsafe(ref b, (nuint)i) * rv;
                v2 += Vector512.LoadUnsafe(ref c, (nuint)i) * rv;
                v3 += Vector512.LoadUnsafe(ref d, (nuint)i) * rv;
            }

            (s0, s1, s2, s3) = (Vector512.Sum(v0), Vector512.Sum(v1), Vector512.Sum(v2), Vector512.Sum(v3));
        }
        else if (Vector128.IsHardwareAccelerated && count >= 8)
        {
            Vector256<float> v0 = Vector256<float>.Zero, v1 = v0, v2 = v0, v3 = v0;
            for (; i <= count - 8; i += 8)
            {
                Vector256<float> rv = Vector256.LoadUnsafe(ref r, (nuint)i);
                v0 += Vector256.LoadUnsafe(ref a, (nuint)i) * rv;
                v1 += Vector256.LoadUnsafe(ref b, (nuint)i) * rv;
                v2 += Vector256.LoadUnsafe(ref c, (nuint)i) * rv;
                v3 += Vector256.LoadUnsafe(ref d, (nuint)i) * rv;
            }

            (s0, s1, s2, s3) = (Vector256.Sum(v0), Vector256.Sum(v1), Vector256.Sum(v2), Vector256.Sum(v3));
        }

        for (; i < count; i++)
        {
            float ri = Unsafe.Add(ref r, i);
            s0 += Unsafe.Add(ref a, i) * ri;
            s1 += Unsafe.Add(ref b, i) * ri;
            s2 += Unsafe.Add(ref c, i) * ri;
            s3 += Unsafe.Add(ref d, i) * ri;
        }

        return (s0, s1, s2, s3);
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x), ys = MemoryMarshal.Cast<float, Vector<float>>(y);
            Vector<float> lanes = Vector<float>.Zero;
            for (int k = 0; k < xs.Length; k++)
            {
                lanes += xs[k] * ys[k];
            }

            sum = Vector.Sum(lanes);
            i = xs.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary><c>H·v</c> from the rows' <paramref name="curvatures"/>: two sweeps over the columns, no Hessian formed.</summary>
    public double[] HessianTimes(double[] curvatures, double l2, ReadOnlySpan<double> v)
    {
        double[] projection = Logits(v);
        for (int r = 0; r < _rows; r++)
        {
            projection[r] *= curvatures[r];
        }

        var product = new double[v.Length];
        for (int f = 0; f < _width; f++)
        {
            product[f] = Dot(Column(f), projection) + 2 * l2 * v[f];
        }

        if (v.Length > _width)
        {
            product[_width] = Sum(projection);
        }

        return product;
    }

    /// <summary><c>X̃·x</c>: the bias, then each column scaled by its weight, added in place.</summary>
    private double[] Logits(ReadOnlySpan<double> x)
    {
        var z = new double[_rows];
        if (x.Length > _width)
        {
            z.AsSpan().Fill(x[_width]);
        }

        for (int f = 0; f < _width; f++)
        {
            Axpy(x[f], Column(f), z);
        }

        return z;
    }

    private static void Axpy(double a, ReadOnlySpan<float> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<double>> ys = MemoryMarshal.Cast<double, Vector<double>>(y);
            var scale = new Vector<double>(a);
            for (int k = 0; k < xs.Length; k++)
            {
                Vector.Widen(xs[k], out Vector<double> low, out Vector<double> high);
                ys[2 * k] += scale * low;
                ys[2 * k + 1] += scale * high;
            }

            i = xs.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<double> y)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<double>> ys = MemoryMarshal.Cast<double, Vector<double>>(y);
            Vector<double> lanes = Vector<double>.Zero;
            for (int k = 0; k < xs.Length; k++)
            {
                Vector.Widen(xs[k], out Vector<double> low, out Vector<double> high);
                lanes += low * ys[2 * k] + high * ys[2 * k + 1];
            }

            sum = Vector.Sum(lanes);
            i = xs.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    private static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> result)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x), ys = MemoryMarshal.Cast<float, Vector<float>>(y);
            Span<Vector<float>> rs = MemoryMarshal.Cast<float, Vector<float>>(result);
            for (int k = 0; k < xs.Length; k++)
            {
                rs[k] = xs[k] * ys[k];
            }

            i = xs.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            result[i] = x[i] * y[i];
        }
    }

    private static double Sum(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += v;
        }

        return sum;
    }
}
