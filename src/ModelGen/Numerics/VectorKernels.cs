using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Numerics;

/// <summary>
/// Vector loops the generated code calls: the multiply-add and dot product convolution and pooling are built from
/// (inlined, with constant lengths), and the register-tiled batch products of wide Dense layers.
/// </summary>
/// <remarks>
/// The <c>Vector256</c> paths run wherever 128-bit vectors are accelerated: on SSE-only x64 and Arm64 the JIT splits each
/// operation into two 128-bit ones, far faster than the scalar loops. Multiply-adds are <c>MultiplyAddEstimate</c>: fused
/// where the hardware has fused multiply-add, a multiply and an add where it has not (a software-fused one is slow).
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class VectorKernels
{
    /// <summary>
    /// One Adam step over a range of parameters: <c>m += (g − m)·(1 − β₁)</c>, <c>v += (g² − v)·(1 − β₂)</c>,
    /// <c>w −= α·m / (√v + ε)</c>, after AdamW's decoupled decay <c>w −= w·decay</c> when <paramref name="decoupled"/>.
    /// Vector512 where accelerated, then Vector256 wherever 128-bit vectors are, then scalars, each with the same
    /// operations in the same order, so every path gives the same bits.
    /// </summary>
    public static void AdamStep(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float oneMinusBeta1, float oneMinusBeta2, float alpha, float epsilon, bool decoupled, float decay)
    {
        int n = w.Length;
        if (g.Length != n || m.Length != n || v.Length != n)
        {
            throw new ArgumentException("The parameters, gradients and moments must have the same length.");
        }

        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k <= n - 16; k += 16)
            {
                Vector512<float> gv = Vector512.LoadUnsafe(ref gr, (nuint)k);
                Vector512<float> wv = Vector512.LoadUnsafe(ref wr, (nuint)k);
                if (decoupled)
                {
                    wv -= wv * Vector512.Create(decay);
                }

                Vector512<float> mv = Vector512.LoadUnsafe(ref mr, (nuint)k);
                Vector512<float> vv = Vector512.LoadUnsafe(ref vr, (nuint)k);
                mv += (gv - mv) * Vector512.Create(oneMinusBeta1);
                vv += (gv * gv - vv) * Vector512.Create(oneMinusBeta2);
                wv -= Vector512.Create(alpha) * mv / (Vector512.Sqrt(vv) + Vector512.Create(epsilon));
                mv.StoreUnsafe(ref mr, (nuint)k);
                vv.StoreUnsafe(ref vr, (nuint)k);
                wv.StoreUnsafe(ref wr, (nuint)k);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; k <= n - 8; k += 8)
            {
                Vector256<float> gv = Vector256.LoadUnsafe(ref gr, (nuint)k);
                Vector256<float> wv = Vector256.LoadUnsafe(ref wr, (nuint)k);
                if (decoupled)
                {
                    wv -= wv * Vector256.Create(decay);
                }

                Vector256<float> mv = Vector256.LoadUnsafe(ref mr, (nuint)k);
                Vector256<float> vv = Vector256.LoadUnsafe(ref vr, (nuint)k);
                mv += (gv - mv) * Vector256.Create(oneMinusBeta1);
                vv += (gv * gv - vv) * Vector256.Create(oneMinusBeta2);
                wv -= Vector256.Create(alpha) * mv / (Vector256.Sqrt(vv) + Vector256.Create(epsilon));
                mv.StoreUnsafe(ref mr, (nuint)k);
                vv.StoreUnsafe(ref vr, (nuint)k);
                wv.StoreUnsafe(ref wr, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            float gk = Unsafe.Add(ref gr, k);
            ref float wk = ref Unsafe.Add(ref wr, k);
            if (decoupled)
            {
                wk -= wk * decay;
            }

            ref float mk = ref Unsafe.Add(ref mr, k);
            ref float vk = ref Unsafe.Add(ref vr, k);
            mk += (gk - mk) * oneMinusBeta1;
            vk += (gk * gk - vk) * oneMinusBeta2;
            wk -= alpha * mk / (MathF.Sqrt(vk) + epsilon);
        }
    }

    /// <summary><c>y[i] += a · x[i]</c> for i &lt; <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(float a, ref float x, ref float y, int length)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            Vector256<float> av = Vector256.Create(a);
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.StoreUnsafe(Vector256.MultiplyAddEstimate(av, Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i)), ref y, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref y, i) = float.MultiplyAddEstimate(a, Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
        }
    }

    /// <summary><c>Σ a[i] · b[i]</c> for i &lt; <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float a, ref float b, int length)
    {
        int i = 0;
        float sum = 0f;
        if (Vector128.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            Vector256<float> s0 = Vector256<float>.Zero;
            Vector256<float> s1 = Vector256<float>.Zero;
            for (; i <= length - 2 * Vector256<float>.Count; i += 2 * Vector256<float>.Count)
            {
                s0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
                s1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref a, (nuint)(i + Vector256<float>.Count)), Vector256.LoadUnsafe(ref b, (nuint)(i + Vector256<float>.Count)), s1);
            }

            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                s0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
            }

            sum = Vector256.Sum(s0 + s1);
        }

        for (; i < length; i++)
        {
            sum = float.MultiplyAddEstimate(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
        }

        return sum;
    }

    /// <summary>
    /// The sums of four vectors' lanes, <c>[Σa, Σb, Σc, Σd]</c>: the four dot products of a row block in one
    /// vector, with three horizontal adds where AVX has them instead of four separate reductions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SumEach(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        if (Avx.IsSupported)
        {
            // [a01 a23 b01 b23 | a45 a67 b45 b67] and the same for c, d; then [Σa Σb Σc Σd] per 128-bit half.
            Vector256<float> sums = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
            return sums.GetLower() + sums.GetUpper();
        }

        return Vector128.Create(Vector256.Sum(a), Vector256.Sum(b), Vector256.Sum(c), Vector256.Sum(d));
    }

    /// <summary>
    /// The sums of eight vectors' lanes in one vector: the eight dot products of a row block, stored with one write
    /// that the next layer's vector loads can read straight from the store buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SumEach(
        Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d,
        Vector256<float> e, Vector256<float> f, Vector256<float> g, Vector256<float> h)
    {
        if (Avx.IsSupported)
        {
            // Per 128-bit half: [Σa Σb Σc Σd] of that half in first, [Σe Σf Σg Σh] in second; then the halves are added.
            Vector256<float> first = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
            Vector256<float> second = Avx.HorizontalAdd(Avx.HorizontalAdd(e, f), Avx.HorizontalAdd(g, h));
            return Avx.Permute2x128(first, second, 0x20) + Avx.Permute2x128(first, second, 0x31);
        }

        return Vector256.Create(SumEach(a, b, c, d), SumEach(e, f, g, h));
    }

    /// <summary>
    /// A mask with the last <paramref name="count"/> of the eight lanes set: ANDed with a vector loaded so that it ends
    /// at the end of a row, it keeps only the lanes a row's full vectors did not already cover.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LastLanes(int count) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(LaneMasks), (nuint)(16 + count - 8)).AsSingle();

    /// <summary>The sixteen-lane <see cref="LastLanes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LastLanes512(int count) =>
        Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(LaneMasks), (nuint)count).AsSingle();

    /// <summary>Sixteen clear lanes then sixteen set ones: every lane mask is a window of it.</summary>
    private static ReadOnlySpan<uint> LaneMasks =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u,
    ];

    /// <summary>Samples and weight rows of one <see cref="MultiplyTransposed"/> tile where Vector512 is accelerated.</summary>
    private const int WideTileSamples = 6, WideTileRows = 2;

    /// <summary>Samples of one <see cref="MultiplyTransposedTile256"/>.</summary>
    private const int NarrowTileSamples = 6;

    /// <summary>
    /// <c>Y[n, o] = Σ_i X[n, i] · W[o, i]</c> for a batch: <paramref name="x"/> holds <paramref name="batch"/> rows of
    /// <paramref name="inputs"/> values <paramref name="xStride"/> apart, <paramref name="w"/> is <c>[outputs, inputs]</c>
    /// row-major, rows of <paramref name="y"/> are <paramref name="yStride"/> apart. Tiles of six samples by two weight
    /// rows, of Vector512 where accelerated, else of Vector256, keep their sums in registers, so each weight vector
    /// loaded serves six samples.
    /// </summary>
    public static void MultiplyTransposed(ref float x, int xStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch)
    {
        int n = 0;
        if (Vector512.IsHardwareAccelerated && inputs >= Vector512<float>.Count && outputs >= WideTileRows)
        {
            n = batch - batch % WideTileSamples;
            MultiplyTransposedWide(ref x, xStride, ref w, inputs, outputs, ref y, yStride, n);
        }

        if (Vector128.IsHardwareAccelerated && inputs >= Vector256<float>.Count)
        {
            for (; n < batch; n += NarrowTileSamples)
            {
                MultiplyTransposedTile256(ref Unsafe.Add(ref x, n * xStride), xStride, ref w, inputs, outputs, ref Unsafe.Add(ref y, n * yStride), yStride,
                    Math.Min(NarrowTileSamples, batch - n));
            }
        }

        for (; n < batch; n++)
        {
            ref float xn = ref Unsafe.Add(ref x, n * xStride);
            ref float yn = ref Unsafe.Add(ref y, n * yStride);
            for (int o = 0; o < outputs; o++)
            {
                Unsafe.Add(ref yn, o) = Dot(ref xn, ref Unsafe.Add(ref w, o * inputs), inputs);
            }
        }
    }

    /// <summary>
    /// Up to <see cref="NarrowTileSamples"/> samples (<paramref name="rows"/>) of <see cref="MultiplyTransposed"/> with
    /// Vector256, two weight rows at a time: twelve sums in registers beside two weight vectors and a sample's (fifteen of
    /// AVX2's sixteen), each weight vector loaded serving six samples. Missing samples repeat the last one, their sums not
    /// stored. Each value is eight lanes' sums, added by <c>Vector256.Sum</c>, then the inputs a vector does not fill.
    /// </summary>
    private static void MultiplyTransposedTile256(ref float x, int xStride, ref float w, int inputs, int outputs, ref float y, int yStride, int rows)
    {
        const int Width = 8;
        int full = inputs - inputs % Width;
        ref float x1 = ref Unsafe.Add(ref x, StartRow(1, rows, xStride));
        ref float x2 = ref Unsafe.Add(ref x, StartRow(2, rows, xStride));
        ref float x3 = ref Unsafe.Add(ref x, StartRow(3, rows, xStride));
        ref float x4 = ref Unsafe.Add(ref x, StartRow(4, rows, xStride));
        ref float x5 = ref Unsafe.Add(ref x, StartRow(5, rows, xStride));
        for (int o = 0; o < outputs; o += 2)
        {
            // An odd last output reads its own row twice and stores one of the two.
            ref float w0 = ref Unsafe.Add(ref w, o * inputs);
            ref float w1 = ref Unsafe.Add(ref w0, o + 1 < outputs ? inputs : 0);
            Vector256<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default;
            Vector256<float> a3 = default, b3 = default, a4 = default, b4 = default, a5 = default, b5 = default;
            for (int i = 0; i < full; i += Width)
            {
                Vector256<float> v0 = Vector256.LoadUnsafe(ref w0, (nuint)i);
                Vector256<float> v1 = Vector256.LoadUnsafe(ref w1, (nuint)i);
                Vector256<float> t = Vector256.LoadUnsafe(ref x, (nuint)i);
                a0 = Vector256.MultiplyAddEstimate(t, v0, a0);
                b0 = Vector256.MultiplyAddEstimate(t, v1, b0);
                t = Vector256.LoadUnsafe(ref x1, (nuint)i);
                a1 = Vector256.MultiplyAddEstimate(t, v0, a1);
                b1 = Vector256.MultiplyAddEstimate(t, v1, b1);
                t = Vector256.LoadUnsafe(ref x2, (nuint)i);
                a2 = Vector256.MultiplyAddEstimate(t, v0, a2);
                b2 = Vector256.MultiplyAddEstimate(t, v1, b2);
                t = Vector256.LoadUnsafe(ref x3, (nuint)i);
                a3 = Vector256.MultiplyAddEstimate(t, v0, a3);
                b3 = Vector256.MultiplyAddEstimate(t, v1, b3);
                t = Vector256.LoadUnsafe(ref x4, (nuint)i);
                a4 = Vector256.MultiplyAddEstimate(t, v0, a4);
                b4 = Vector256.MultiplyAddEstimate(t, v1, b4);
                t = Vector256.LoadUnsafe(ref x5, (nuint)i);
                a5 = Vector256.MultiplyAddEstimate(t, v0, a5);
                b5 = Vector256.MultiplyAddEstimate(t, v1, b5);
            }

            if (full == inputs && rows == NarrowTileSamples && o + 1 < outputs)
            {
                ref float yo = ref Unsafe.Add(ref y, o);
                (yo, Unsafe.Add(ref yo, 1)) = (Vector256.Sum(a0), Vector256.Sum(b0));
                (Unsafe.Add(ref yo, yStride), Unsafe.Add(ref yo, yStride + 1)) = (Vector256.Sum(a1), Vector256.Sum(b1));
                (Unsafe.Add(ref yo, 2 * yStride), Unsafe.Add(ref yo, 2 * yStride + 1)) = (Vector256.Sum(a2), Vector256.Sum(b2));
                (Unsafe.Add(ref yo, 3 * yStride), Unsafe.Add(ref yo, 3 * yStride + 1)) = (Vector256.Sum(a3), Vector256.Sum(b3));
                (Unsafe.Add(ref yo, 4 * yStride), Unsafe.Add(ref yo, 4 * yStride + 1)) = (Vector256.Sum(a4), Vector256.Sum(b4));
                (Unsafe.Add(ref yo, 5 * yStride), Unsafe.Add(ref yo, 5 * yStride + 1)) = (Vector256.Sum(a5), Vector256.Sum(b5));
                continue;
            }

            // Partial tiles, an odd last output and the inputs past the last whole vector.
            Span<float> sums = [Vector256.Sum(a0), Vector256.Sum(b0), Vector256.Sum(a1), Vector256.Sum(b1), Vector256.Sum(a2), Vector256.Sum(b2),
                Vector256.Sum(a3), Vector256.Sum(b3), Vector256.Sum(a4), Vector256.Sum(b4), Vector256.Sum(a5), Vector256.Sum(b5)];
            for (int r = 0; r < rows; r++)
            {
                ref float xr = ref Unsafe.Add(ref x, r * xStride);
                float s0 = sums[2 * r], s1 = sums[2 * r + 1];
                for (int i = full; i < inputs; i++)
                {
                    s0 = float.MultiplyAddEstimate(Unsafe.Add(ref xr, i), Unsafe.Add(ref w0, i), s0);
                    s1 = float.MultiplyAddEstimate(Unsafe.Add(ref xr, i), Unsafe.Add(ref w1, i), s1);
                }

                Unsafe.Add(ref y, r * yStride + o) = s0;
                if (o + 1 < outputs)
                {
                    Unsafe.Add(ref y, r * yStride + o + 1) = s1;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="MultiplyTransposed"/> for the first <paramref name="batch"/> samples, a multiple of six, with Vector512:
    /// tiles of six samples by two weight rows hold twelve sums, so each weight vector loaded serves six samples. A row
    /// ends with one vector ending at its end, whose lanes the previous vectors covered are masked off in the weights.
    /// </summary>
    private static void MultiplyTransposedWide(ref float x, int xStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch)
    {
        const int Width = 16;
        int end = inputs - Width;
        Vector512<float> mask = LastLanes512(inputs % Width);
        for (int n = 0; n < batch; n += WideTileSamples)
        {
            ref float xs = ref Unsafe.Add(ref x, n * xStride);
            ref float ys = ref Unsafe.Add(ref y, n * yStride);
            int o = 0;
            for (; o <= outputs - WideTileRows; o += WideTileRows)
            {
                ref float w0 = ref Unsafe.Add(ref w, o * inputs);
                ref float w1 = ref Unsafe.Add(ref w0, inputs);
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
                Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default;
                for (int i = 0; i < inputs; i += Width)
                {
                    // The last step ends at the row's end, its weights masked to the lanes not yet covered.
                    int at = Math.Min(i, end);
                    Vector512<float> keep = i <= end ? Vector512<float>.AllBitsSet : mask;
                    Vector512<float> v0 = Vector512.LoadUnsafe(ref w0, (nuint)at) & keep;
                    Vector512<float> v1 = Vector512.LoadUnsafe(ref w1, (nuint)at) & keep;
                    ref float xi = ref Unsafe.Add(ref xs, at);
                    Vector512<float> t = Vector512.LoadUnsafe(ref xi);
                    a0 = Vector512.MultiplyAddEstimate(t, v0, a0);
                    b0 = Vector512.MultiplyAddEstimate(t, v1, b0);
                    t = Vector512.LoadUnsafe(ref xi, (nuint)xStride);
                    a1 = Vector512.MultiplyAddEstimate(t, v0, a1);
                    b1 = Vector512.MultiplyAddEstimate(t, v1, b1);
                    t = Vector512.LoadUnsafe(ref xi, (nuint)(2 * xStride));
                    a2 = Vector512.MultiplyAddEstimate(t, v0, a2);
                    b2 = Vector512.MultiplyAddEstimate(t, v1, b2);
                    t = Vector512.LoadUnsafe(ref xi, (nuint)(3 * xStride));
                    a3 = Vector512.MultiplyAddEstimate(t, v0, a3);
                    b3 = Vector512.MultiplyAddEstimate(t, v1, b3);
                    t = Vector512.LoadUnsafe(ref xi, (nuint)(4 * xStride));
                    a4 = Vector512.MultiplyAddEstimate(t, v0, a4);
                    b4 = Vector512.MultiplyAddEstimate(t, v1, b4);
                    t = Vector512.LoadUnsafe(ref xi, (nuint)(5 * xStride));
                    a5 = Vector512.MultiplyAddEstimate(t, v0, a5);
                    b5 = Vector512.MultiplyAddEstimate(t, v1, b5);
                }

                Unsafe.Add(ref ys, o) = Vector512.Sum(a0);
                Unsafe.Add(ref ys, o + 1) = Vector512.Sum(b0);
                Unsafe.Add(ref ys, yStride + o) = Vector512.Sum(a1);
                Unsafe.Add(ref ys, yStride + o + 1) = Vector512.Sum(b1);
                Unsafe.Add(ref ys, 2 * yStride + o) = Vector512.Sum(a2);
                Unsafe.Add(ref ys, 2 * yStride + o + 1) = Vector512.Sum(b2);
                Unsafe.Add(ref ys, 3 * yStride + o) = Vector512.Sum(a3);
                Unsafe.Add(ref ys, 3 * yStride + o + 1) = Vector512.Sum(b3);
                Unsafe.Add(ref ys, 4 * yStride + o) = Vector512.Sum(a4);
                Unsafe.Add(ref ys, 4 * yStride + o + 1) = Vector512.Sum(b4);
                Unsafe.Add(ref ys, 5 * yStride + o) = Vector512.Sum(a5);
                Unsafe.Add(ref ys, 5 * yStride + o + 1) = Vector512.Sum(b5);
            }

            for (; o < outputs; o++)
            {
                ref float row = ref Unsafe.Add(ref w, o * inputs);
                for (int k = 0; k < WideTileSamples; k++)
                {
                    Unsafe.Add(ref ys, k * yStride + o) = Dot(ref Unsafe.Add(ref xs, k * xStride), ref row, inputs);
                }
            }
        }
    }
}
