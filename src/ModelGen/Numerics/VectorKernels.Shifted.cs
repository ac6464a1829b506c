using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Numerics;

public static partial class VectorKernels
{
    /// <summary>Rows of <c>A</c> and Vector256 columns of one <see cref="MultiplyShifted"/> register tile.</summary>
    private const int ShiftedTileRows = 4, ShiftedTileVectors = 3;

    /// <summary>
    /// <c>C[r, j] = initial[r] + Σ_k A[r, k] · B[offsets[k] + j]</c> for <c>r &lt; rows</c>, <c>j &lt; columns</c>: a matrix
    /// product whose right-hand rows are windows of one buffer at the given offsets. A convolution's kernel taps are such
    /// windows of its input (an implicit GEMM: no im2col copy); a feature-major batch's feature rows are windows at a
    /// fixed stride. <paramref name="a"/> is <c>[rows, depth]</c> row-major, rows of <paramref name="c"/> are
    /// <paramref name="cStride"/> apart, <paramref name="initial"/> holds one start value per row (a bias) or is empty
    /// (zero). Tiles of four rows by three Vector256 keep twelve sums in registers over the whole depth, so each window
    /// vector loaded serves four rows and each broadcast weight three vectors. Every sum runs over k in order, one
    /// multiply-add at a time, so each element gets the same bits on every path and as a tap-by-tap loop would give.
    /// </summary>
    public static void MultiplyShifted(ref float a, int depth, ref float b, ReadOnlySpan<int> offsets, ref float c, int cStride, int rows, int columns,
        ReadOnlySpan<float> initial)
    {
        if (offsets.Length < depth || (!initial.IsEmpty && initial.Length < rows))
        {
            throw new ArgumentException($"{offsets.Length} offsets for a depth of {depth}, or {initial.Length} initial values for {rows} rows.");
        }

        ref int offset = ref MemoryMarshal.GetReference(offsets);
        int r = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; r <= rows - ShiftedTileRows; r += ShiftedTileRows)
            {
                ShiftedFourRows(ref Unsafe.Add(ref a, r * depth), depth, ref b, ref offset, ref Unsafe.Add(ref c, r * cStride), cStride, columns,
                    initial.IsEmpty ? default : initial.Slice(r, ShiftedTileRows));
            }
        }

        for (; r < rows; r++)
        {
            ShiftedRow(ref Unsafe.Add(ref a, r * depth), depth, ref b, ref offset, ref Unsafe.Add(ref c, r * cStride), columns, initial.IsEmpty ? 0f : initial[r]);
        }
    }

    private static void ShiftedFourRows(ref float a0, int depth, ref float b, ref int offset, ref float c0, int cStride, int columns, ReadOnlySpan<float> initial)
    {
        const int Width = 8;
        ref float a1 = ref Unsafe.Add(ref a0, depth);
        ref float a2 = ref Unsafe.Add(ref a1, depth);
        ref float a3 = ref Unsafe.Add(ref a2, depth);
        ref float c1 = ref Unsafe.Add(ref c0, cStride);
        ref float c2 = ref Unsafe.Add(ref c1, cStride);
        ref float c3 = ref Unsafe.Add(ref c2, cStride);
        float i0 = 0f, i1 = 0f, i2 = 0f, i3 = 0f;
        if (!initial.IsEmpty)
        {
            (i0, i1, i2, i3) = (initial[0], initial[1], initial[2], initial[3]);
        }

        // The last tile ends at the last column, overlapping the one before: those columns are computed twice, to the
        // same bits, instead of the remainder running as narrower tiles or scalars (141 columns: a third of the time).
        const int TileWidth = ShiftedTileVectors * Width;
        for (int j = 0, last = columns - TileWidth; last >= 0; j = Math.Min(j + TileWidth, last))
        {
            Vector256<float> s00 = Vector256.Create(i0), s01 = s00, s02 = s00;
            Vector256<float> s10 = Vector256.Create(i1), s11 = s10, s12 = s10;
            Vector256<float> s20 = Vector256.Create(i2), s21 = s20, s22 = s20;
            Vector256<float> s30 = Vector256.Create(i3), s31 = s30, s32 = s30;
            for (int k = 0; k < depth; k++)
            {
                ref float window = ref Unsafe.Add(ref b, Unsafe.Add(ref offset, k) + j);
                Vector256<float> b0 = Vector256.LoadUnsafe(ref window);
                Vector256<float> b1 = Vector256.LoadUnsafe(ref window, Width);
                Vector256<float> b2 = Vector256.LoadUnsafe(ref window, 2 * Width);
                Vector256<float> w = Vector256.Create(Unsafe.Add(ref a0, k));
                s00 = Vector256.MultiplyAddEstimate(w, b0, s00);
                s01 = Vector256.MultiplyAddEstimate(w, b1, s01);
                s02 = Vector256.MultiplyAddEstimate(w, b2, s02);
                w = Vector256.Create(Unsafe.Add(ref a1, k));
                s10 = Vector256.MultiplyAddEstimate(w, b0, s10);
                s11 = Vector256.MultiplyAddEstimate(w, b1, s11);
                s12 = Vector256.MultiplyAddEstimate(w, b2, s12);
                w = Vector256.Create(Unsafe.Add(ref a2, k));
                s20 = Vector256.MultiplyAddEstimate(w, b0, s20);
                s21 = Vector256.MultiplyAddEstimate(w, b1, s21);
                s22 = Vector256.MultiplyAddEstimate(w, b2, s22);
                w = Vector256.Create(Unsafe.Add(ref a3, k));
                s30 = Vector256.MultiplyAddEstimate(w, b0, s30);
                s31 = Vector256.MultiplyAddEstimate(w, b1, s31);
                s32 = Vector256.MultiplyAddEstimate(w, b2, s32);
            }

            StoreThree(s00, s01, s02, ref Unsafe.Add(ref c0, j));
            StoreThree(s10, s11, s12, ref Unsafe.Add(ref c1, j));
            StoreThree(s20, s21, s22, ref Unsafe.Add(ref c2, j));
            StoreThree(s30, s31, s32, ref Unsafe.Add(ref c3, j));
            if (j == last)
            {
                return;
            }
        }

        // Fewer columns than a tile: vectors of eight, the last again ending at the last column; under eight, scalars.
        for (int j = 0, last = columns - Width; last >= 0; j = Math.Min(j + Width, last))
        {
            Vector256<float> s0 = Vector256.Create(i0), s1 = Vector256.Create(i1), s2 = Vector256.Create(i2), s3 = Vector256.Create(i3);
            for (int k = 0; k < depth; k++)
            {
                Vector256<float> window = Vector256.LoadUnsafe(ref Unsafe.Add(ref b, Unsafe.Add(ref offset, k) + j));
                s0 = Vector256.MultiplyAddEstimate(Vector256.Create(Unsafe.Add(ref a0, k)), window, s0);
                s1 = Vector256.MultiplyAddEstimate(Vector256.Create(Unsafe.Add(ref a1, k)), window, s1);
                s2 = Vector256.MultiplyAddEstimate(Vector256.Create(Unsafe.Add(ref a2, k)), window, s2);
                s3 = Vector256.MultiplyAddEstimate(Vector256.Create(Unsafe.Add(ref a3, k)), window, s3);
            }

            Vector256.StoreUnsafe(s0, ref Unsafe.Add(ref c0, j));
            Vector256.StoreUnsafe(s1, ref Unsafe.Add(ref c1, j));
            Vector256.StoreUnsafe(s2, ref Unsafe.Add(ref c2, j));
            Vector256.StoreUnsafe(s3, ref Unsafe.Add(ref c3, j));
            if (j == last)
            {
                return;
            }
        }

        for (int j = 0; j < columns; j++)
        {
            float s0 = i0, s1 = i1, s2 = i2, s3 = i3;
            for (int k = 0; k < depth; k++)
            {
                float window = Unsafe.Add(ref b, Unsafe.Add(ref offset, k) + j);
                s0 = float.MultiplyAddEstimate(Unsafe.Add(ref a0, k), window, s0);
                s1 = float.MultiplyAddEstimate(Unsafe.Add(ref a1, k), window, s1);
                s2 = float.MultiplyAddEstimate(Unsafe.Add(ref a2, k), window, s2);
                s3 = float.MultiplyAddEstimate(Unsafe.Add(ref a3, k), window, s3);
            }

            (Unsafe.Add(ref c0, j), Unsafe.Add(ref c1, j), Unsafe.Add(ref c2, j), Unsafe.Add(ref c3, j)) = (s0, s1, s2, s3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreThree(Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, ref float c)
    {
        Vector256.StoreUnsafe(s0, ref c);
        Vector256.StoreUnsafe(s1, ref c, 8);
        Vector256.StoreUnsafe(s2, ref c, 16);
    }

    /// <summary>One row of <see cref="MultiplyShifted"/>: the rows a four-row tile leaves, and every row where no vector is accelerated.</summary>
    private static void ShiftedRow(ref float a, int depth, ref float b, ref int offset, ref float c, int columns, float initial)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            for (int j = 0, last = columns - Vector256<float>.Count; last >= 0; j = Math.Min(j + Vector256<float>.Count, last))
            {
                Vector256<float> s = Vector256.Create(initial);
                for (int k = 0; k < depth; k++)
                {
                    s = Vector256.MultiplyAddEstimate(Vector256.Create(Unsafe.Add(ref a, k)), Vector256.LoadUnsafe(ref Unsafe.Add(ref b, Unsafe.Add(ref offset, k) + j)), s);
                }

                Vector256.StoreUnsafe(s, ref Unsafe.Add(ref c, j));
                if (j == last)
                {
                    return;
                }
            }
        }

        for (int j = 0; j < columns; j++)
        {
            float s = initial;
            for (int k = 0; k < depth; k++)
            {
                s = float.MultiplyAddEstimate(Unsafe.Add(ref a, k), Unsafe.Add(ref b, Unsafe.Add(ref offset, k) + j), s);
            }

            Unsafe.Add(ref c, j) = s;
        }
    }

    /// <summary>
    /// <c>v = max(v, 0)</c> over <paramref name="length"/> values, in vectors: the bits of <c>MathF.Max(v, 0f)</c>
    /// (NaN stays NaN, −0 becomes +0), whose scalar loop the JIT does not vectorize.
    /// </summary>
    public static void ReluInPlace(ref float values, int length)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.StoreUnsafe(Vector256.Max(Vector256.LoadUnsafe(ref values, (nuint)i), Vector256<float>.Zero), ref values, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            ref float v = ref Unsafe.Add(ref values, i);
            v = MathF.Max(v, 0f);
        }
    }

    /// <summary>
    /// <c>v = 1 / (1 + e^−v)</c> over <paramref name="length"/> contiguous values, eight at a time with the vector
    /// exponential, in <see cref="ModelMath.Sigmoid(float)"/>'s overflow-free form (the exponent is never positive). The
    /// last values go through one zero-padded vector, so every value gets the same bits wherever it lies; without
    /// Vector256, every value goes through <see cref="ModelMath.Sigmoid(float)"/>.
    /// </summary>
    public static void SigmoidInPlace(ref float values, int length)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            for (int k = 0; k < length; k++)
            {
                ref float v = ref Unsafe.Add(ref values, k);
                v = ModelMath.Sigmoid(v);
            }

            return;
        }

        int i = 0;
        for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256.StoreUnsafe(Sigmoid(Vector256.LoadUnsafe(ref values, (nuint)i)), ref values, (nuint)i);
        }

        int rest = length - i;
        if (rest > 0)
        {
            Span<float> tail = stackalloc float[Vector256<float>.Count];
            tail.Clear();
            MemoryMarshal.CreateSpan(ref Unsafe.Add(ref values, i), rest).CopyTo(tail);
            Sigmoid(Vector256.Create<float>(tail)).CopyTo(tail);
            tail[..rest].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref values, i), rest));
        }
    }

    private static Vector256<float> Sigmoid(Vector256<float> z)
    {
        Vector256<float> e = Vector256.Exp(-Vector256.Abs(z));
        Vector256<float> onePlus = Vector256<float>.One + e;
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(z, Vector256<float>.Zero), Vector256<float>.One / onePlus, e / onePlus);
    }

    /// <summary><c>v = v &gt; 0 ? v : slope · v</c> over <paramref name="length"/> values, in vectors, with the bits of that scalar expression.</summary>
    public static void LeakyReluInPlace(ref float values, float slope, int length)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector256<float> s = Vector256.Create(slope);
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref values, (nuint)i);
                Vector256.StoreUnsafe(Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, s * v), ref values, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            ref float v = ref Unsafe.Add(ref values, i);
            v = v > 0f ? v : slope * v;
        }
    }

    /// <summary>
    /// Max pooling of <paramref name="channels"/> planes of <paramref name="height"/> × <paramref name="width"/> into
    /// windows of <paramref name="size"/> × <paramref name="size"/> every <paramref name="stride"/> (leftover rows and
    /// columns dropped), in two vector passes per output row: the maximum down each column of the window's rows, then
    /// the maximum across <paramref name="size"/> neighbours, of which every <paramref name="stride"/>-th is kept. Max is
    /// IEEE's maximum (NaN propagates, +0 over −0) in any order, so the values are those of a window-by-window loop of
    /// <c>MathF.Max</c>, at a fraction of its cost.
    /// </summary>
    public static void MaxPoolInPlanes(ref float x, int channels, int height, int width, int size, int stride, ref float y)
    {
        int outputHeight = (height - size) / stride + 1, outputWidth = (width - size) / stride + 1;
        int reach = (outputWidth - 1) * stride + 1;
        Span<float> scratch = width <= 1024 ? stackalloc float[2 * width] : new float[2 * width];
        ref float m = ref MemoryMarshal.GetReference(scratch);
        ref float q = ref Unsafe.Add(ref m, width);
        for (int c = 0; c < channels; c++)
        {
            ref float plane = ref Unsafe.Add(ref x, c * height * width);
            for (int oh = 0; oh < outputHeight; oh++)
            {
                ref float top = ref Unsafe.Add(ref plane, oh * stride * width);
                scoped ref float column = ref top;
                for (int wh = 1; wh < size; wh++)
                {
                    MaxOf(ref column, ref Unsafe.Add(ref top, wh * width), ref m, width);
                    column = ref m;
                }

                scoped ref float across = ref column;
                for (int ww = 1; ww < size; ww++)
                {
                    MaxOf(ref across, ref Unsafe.Add(ref column, ww), ref q, reach);
                    across = ref q;
                }

                ref float row = ref Unsafe.Add(ref y, (c * outputHeight + oh) * outputWidth);
                for (int ow = 0; ow < outputWidth; ow++)
                {
                    Unsafe.Add(ref row, ow) = Unsafe.Add(ref across, ow * stride);
                }
            }
        }
    }

    /// <summary><c>d[i] = max(a[i], b[i])</c>, IEEE's maximum; <paramref name="d"/> may be <paramref name="a"/>. The last vector ends at the end, overlapping the one before.</summary>
    private static void MaxOf(ref float a, ref float b, ref float d, int length)
    {
        if (Vector128.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            // Every vector is loaded before the one overlapping it is stored, so d may alias a.
            Vector256<float> tail = Vector256.Max(Vector256.LoadUnsafe(ref a, (nuint)(length - 8)), Vector256.LoadUnsafe(ref b, (nuint)(length - 8)));
            for (int i = 0; i < length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.StoreUnsafe(Vector256.Max(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i)), ref d, (nuint)i);
            }

            Vector256.StoreUnsafe(tail, ref d, (nuint)(length - 8));
            return;
        }

        for (int i = 0; i < length; i++)
        {
            Unsafe.Add(ref d, i) = MathF.Max(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i));
        }
    }

    /// <summary><c>y[i] += b[i]</c> over <paramref name="length"/> values, in vectors: a batch's bias, with the bits of the scalar loop.</summary>
    public static void AddInPlace(ref float y, ref float b, int length)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref y, (nuint)i) + Vector256.LoadUnsafe(ref b, (nuint)i), ref y, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref y, i) += Unsafe.Add(ref b, i);
        }
    }
}
