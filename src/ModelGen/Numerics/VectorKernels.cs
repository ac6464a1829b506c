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
public static class VectorKernels
{
    /// <summary><c>y[i] += a · x[i]</c> for i &lt; <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(float a, ref float x, ref float y, int length)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            Vector256<float> av = Vector256.Create(a);
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(av, Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i)), ref y, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref y, i) = System.MathF.FusedMultiplyAdd(a, Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
        }
    }

    /// <summary><c>Σ a[i] · b[i]</c> for i &lt; <paramref name="length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float a, ref float b, int length)
    {
        int i = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            Vector256<float> s0 = Vector256<float>.Zero;
            Vector256<float> s1 = Vector256<float>.Zero;
            for (; i <= length - 2 * Vector256<float>.Count; i += 2 * Vector256<float>.Count)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(i + Vector256<float>.Count)), Vector256.LoadUnsafe(ref b, (nuint)(i + Vector256<float>.Count)), s1);
            }

            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), s0);
            }

            sum = Vector256.Sum(s0 + s1);
        }

        for (; i < length; i++)
        {
            sum = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
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
        Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(LaneMasks), (nuint)count).AsSingle();

    /// <summary>Eight clear lanes then eight set ones: every <see cref="LastLanes"/> mask is a window of it.</summary>
    private static ReadOnlySpan<uint> LaneMasks => [0, 0, 0, 0, 0, 0, 0, 0, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u];

    /// <summary>
    /// <c>Y[n, o] = Σ_i X[n, i] · W[o, i]</c> for a batch: <paramref name="x"/> holds <paramref name="batch"/> rows of
    /// <paramref name="inputs"/> values <paramref name="xStride"/> apart, <paramref name="w"/> is <c>[outputs, inputs]</c>
    /// row-major, rows of <paramref name="y"/> are <paramref name="yStride"/> apart. Tiles of four samples by two weight
    /// rows keep eight sums in registers, so each weight vector loaded serves four samples.
    /// </summary>
    public static void MultiplyTransposed(ref float x, int xStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch)
    {
        int n = 0;
        if (Vector256.IsHardwareAccelerated && inputs >= Vector256<float>.Count)
        {
            for (; n <= batch - 4; n += 4)
            {
                ref float x0 = ref Unsafe.Add(ref x, n * xStride);
                ref float x1 = ref Unsafe.Add(ref x0, xStride);
                ref float x2 = ref Unsafe.Add(ref x1, xStride);
                ref float x3 = ref Unsafe.Add(ref x2, xStride);
                ref float y0 = ref Unsafe.Add(ref y, n * yStride);
                int o = 0;
                for (; o <= outputs - 2; o += 2)
                {
                    ref float w0 = ref Unsafe.Add(ref w, o * inputs);
                    ref float w1 = ref Unsafe.Add(ref w0, inputs);
                    Vector256<float> a00 = Vector256<float>.Zero, a01 = Vector256<float>.Zero, a10 = Vector256<float>.Zero, a11 = Vector256<float>.Zero;
                    Vector256<float> a20 = Vector256<float>.Zero, a21 = Vector256<float>.Zero, a30 = Vector256<float>.Zero, a31 = Vector256<float>.Zero;
                    int i = 0;
                    for (; i <= inputs - Vector256<float>.Count; i += Vector256<float>.Count)
                    {
                        Vector256<float> v0 = Vector256.LoadUnsafe(ref w0, (nuint)i);
                        Vector256<float> v1 = Vector256.LoadUnsafe(ref w1, (nuint)i);
                        Vector256<float> s = Vector256.LoadUnsafe(ref x0, (nuint)i);
                        a00 = Vector256.FusedMultiplyAdd(s, v0, a00);
                        a01 = Vector256.FusedMultiplyAdd(s, v1, a01);
                        s = Vector256.LoadUnsafe(ref x1, (nuint)i);
                        a10 = Vector256.FusedMultiplyAdd(s, v0, a10);
                        a11 = Vector256.FusedMultiplyAdd(s, v1, a11);
                        s = Vector256.LoadUnsafe(ref x2, (nuint)i);
                        a20 = Vector256.FusedMultiplyAdd(s, v0, a20);
                        a21 = Vector256.FusedMultiplyAdd(s, v1, a21);
                        s = Vector256.LoadUnsafe(ref x3, (nuint)i);
                        a30 = Vector256.FusedMultiplyAdd(s, v0, a30);
                        a31 = Vector256.FusedMultiplyAdd(s, v1, a31);
                    }

                    float s00 = Vector256.Sum(a00), s01 = Vector256.Sum(a01), s10 = Vector256.Sum(a10), s11 = Vector256.Sum(a11);
                    float s20 = Vector256.Sum(a20), s21 = Vector256.Sum(a21), s30 = Vector256.Sum(a30), s31 = Vector256.Sum(a31);
                    for (; i < inputs; i++)
                    {
                        float v0 = Unsafe.Add(ref w0, i), v1 = Unsafe.Add(ref w1, i);
                        s00 = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref x0, i), v0, s00);
                        s01 = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref x0, i), v1, s01);
                        s10 = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref x1, i), v0, s10);
                        s11 = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref x1, i), v1, s11);
                        s20 = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref x2, i), v0, s20);
                        s21 = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref x2, i), v1, s21);
                        s30 = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref x3, i), v0, s30);
                        s31 = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref x3, i), v1, s31);
                    }

                    Unsafe.Add(ref y0, o) = s00;
                    Unsafe.Add(ref y0, o + 1) = s01;
                    Unsafe.Add(ref y0, yStride + o) = s10;
                    Unsafe.Add(ref y0, yStride + o + 1) = s11;
                    Unsafe.Add(ref y0, 2 * yStride + o) = s20;
                    Unsafe.Add(ref y0, 2 * yStride + o + 1) = s21;
                    Unsafe.Add(ref y0, 3 * yStride + o) = s30;
                    Unsafe.Add(ref y0, 3 * yStride + o + 1) = s31;
                }

                for (; o < outputs; o++)
                {
                    ref float row = ref Unsafe.Add(ref w, o * inputs);
                    Unsafe.Add(ref y0, o) = Dot(ref x0, ref row, inputs);
                    Unsafe.Add(ref y0, yStride + o) = Dot(ref x1, ref row, inputs);
                    Unsafe.Add(ref y0, 2 * yStride + o) = Dot(ref x2, ref row, inputs);
                    Unsafe.Add(ref y0, 3 * yStride + o) = Dot(ref x3, ref row, inputs);
                }
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
    /// <c>G[o, i] += Σ_n D[n, o] · X[n, i]</c>: the weight gradient of a batch, rows of <paramref name="d"/> and
    /// <paramref name="x"/> <paramref name="dStride"/> and <paramref name="xStride"/> apart. Four gradient rows of one
    /// vector's width stay in registers while the whole batch streams past them.
    /// </summary>
    public static void AccumulateOuterProducts(ref float d, int dStride, ref float x, int xStride, ref float g, int inputs, int outputs, int batch)
    {
        int o = 0;
        if (Vector256.IsHardwareAccelerated && inputs >= Vector256<float>.Count)
        {
            for (; o <= outputs - 4; o += 4)
            {
                ref float g0 = ref Unsafe.Add(ref g, o * inputs);
                int i = 0;
                for (; i <= inputs - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    Vector256<float> a0 = Vector256.LoadUnsafe(ref g0, (nuint)i);
                    Vector256<float> a1 = Vector256.LoadUnsafe(ref g0, (nuint)(inputs + i));
                    Vector256<float> a2 = Vector256.LoadUnsafe(ref g0, (nuint)(2 * inputs + i));
                    Vector256<float> a3 = Vector256.LoadUnsafe(ref g0, (nuint)(3 * inputs + i));
                    for (int n = 0; n < batch; n++)
                    {
                        Vector256<float> s = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, n * xStride), (nuint)i);
                        ref float dn = ref Unsafe.Add(ref d, n * dStride + o);
                        a0 = Vector256.FusedMultiplyAdd(Vector256.Create(dn), s, a0);
                        a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref dn, 1)), s, a1);
                        a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref dn, 2)), s, a2);
                        a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref dn, 3)), s, a3);
                    }

                    Vector256.StoreUnsafe(a0, ref g0, (nuint)i);
                    Vector256.StoreUnsafe(a1, ref g0, (nuint)(inputs + i));
                    Vector256.StoreUnsafe(a2, ref g0, (nuint)(2 * inputs + i));
                    Vector256.StoreUnsafe(a3, ref g0, (nuint)(3 * inputs + i));
                }

                for (; i < inputs; i++)
                {
                    for (int r = 0; r < 4; r++)
                    {
                        float sum = Unsafe.Add(ref g0, r * inputs + i);
                        for (int n = 0; n < batch; n++)
                        {
                            sum = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref d, n * dStride + o + r), Unsafe.Add(ref x, n * xStride + i), sum);
                        }

                        Unsafe.Add(ref g0, r * inputs + i) = sum;
                    }
                }
            }
        }

        for (; o < outputs; o++)
        {
            ref float row = ref Unsafe.Add(ref g, o * inputs);
            for (int n = 0; n < batch; n++)
            {
                MultiplyAdd(Unsafe.Add(ref d, n * dStride + o), ref Unsafe.Add(ref x, n * xStride), ref row, inputs);
            }
        }
    }

    /// <summary>
    /// <c>Y[n, i] = Σ_o D[n, o] · W[o, i]</c>: the input gradient of a batch through <c>[outputs, inputs]</c> weights.
    /// Four samples' rows of one vector's width stay in registers while the weight rows stream past them.
    /// </summary>
    public static void Multiply(ref float d, int dStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch)
    {
        int n = 0;
        if (Vector256.IsHardwareAccelerated && inputs >= Vector256<float>.Count)
        {
            for (; n <= batch - 4; n += 4)
            {
                ref float d0 = ref Unsafe.Add(ref d, n * dStride);
                ref float y0 = ref Unsafe.Add(ref y, n * yStride);
                int i = 0;
                for (; i <= inputs - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero;
                    for (int o = 0; o < outputs; o++)
                    {
                        Vector256<float> v = Vector256.LoadUnsafe(ref Unsafe.Add(ref w, o * inputs), (nuint)i);
                        a0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref d0, o)), v, a0);
                        a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref d0, dStride + o)), v, a1);
                        a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref d0, 2 * dStride + o)), v, a2);
                        a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref d0, 3 * dStride + o)), v, a3);
                    }

                    Vector256.StoreUnsafe(a0, ref y0, (nuint)i);
                    Vector256.StoreUnsafe(a1, ref y0, (nuint)(yStride + i));
                    Vector256.StoreUnsafe(a2, ref y0, (nuint)(2 * yStride + i));
                    Vector256.StoreUnsafe(a3, ref y0, (nuint)(3 * yStride + i));
                }

                for (; i < inputs; i++)
                {
                    for (int s = 0; s < 4; s++)
                    {
                        float sum = 0f;
                        for (int o = 0; o < outputs; o++)
                        {
                            sum = System.MathF.FusedMultiplyAdd(Unsafe.Add(ref d0, s * dStride + o), Unsafe.Add(ref w, o * inputs + i), sum);
                        }

                        Unsafe.Add(ref y0, s * yStride + i) = sum;
                    }
                }
            }
        }

        for (; n < batch; n++)
        {
            ref float yn = ref Unsafe.Add(ref y, n * yStride);
            System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref yn, inputs).Clear();
            for (int o = 0; o < outputs; o++)
            {
                MultiplyAdd(Unsafe.Add(ref d, n * dStride + o), ref Unsafe.Add(ref w, o * inputs), ref yn, inputs);
            }
        }
    }
}
