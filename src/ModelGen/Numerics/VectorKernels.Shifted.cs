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
    /// Rows of <c>A</c> and columns (two Vector512) of the wide <see cref="MultiplyShifted"/> tile: sixteen sums in AVX-512's
    /// 32 registers, so each broadcast weight serves two vectors and each window load, often split across two cache lines,
    /// eight rows (measured on the seeds' CNN's second convolution: 92 GMAC/s, against 51 for four rows by three vectors).
    /// </summary>
    private const int ShiftedWideTileRows = 8, ShiftedWideTileColumns = 32;

    /// <summary>
    /// Columns of the three-vector tile: 24 sums, three window vectors and a broadcast weight fill AVX-512's 32 registers,
    /// and each broadcast serves three vectors (the seeds' CNN's second convolution: see docs/performance.md).
    /// </summary>
    private const int ShiftedWiderTileColumns = 48;

    /// <summary>Columns computed when tiles of <paramref name="tile"/> columns cover <paramref name="columns"/>: whole tiles, the last overlapping.</summary>
    private static int Tiled(int columns, int tile) => (columns + tile - 1) / tile * tile;

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
        if (Vector512.IsHardwareAccelerated && columns >= ShiftedWideTileColumns)
        {
            // Three-vector tiles where they compute fewer columns than two-vector ones (141 columns: 144 against 160).
            bool three = columns >= ShiftedWiderTileColumns && Tiled(columns, ShiftedWiderTileColumns) <= Tiled(columns, ShiftedWideTileColumns);
            for (; r <= rows - ShiftedWideTileRows; r += ShiftedWideTileRows)
            {
                ReadOnlySpan<float> start = initial.IsEmpty ? default : initial.Slice(r, ShiftedWideTileRows);
                if (three)
                {
                    ShiftedEightRows<ThreeVectors>(ref Unsafe.Add(ref a, r * depth), depth, ref b, ref offset, ref Unsafe.Add(ref c, r * cStride), cStride, columns, start);
                }
                else
                {
                    ShiftedEightRows<TwoVectors>(ref Unsafe.Add(ref a, r * depth), depth, ref b, ref offset, ref Unsafe.Add(ref c, r * cStride), cStride, columns, start);
                }
            }
        }

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
        if (Vector512.IsHardwareAccelerated && columns >= ShiftedTileVectors * Vector512<float>.Count)
        {
            ShiftedFourRowTiles<Lanes512, Vector512<float>>(ref a0, depth, ref b, ref offset, ref c0, cStride, columns, i0, i1, i2, i3);
            return;
        }

        if (columns >= ShiftedTileVectors * Width)
        {
            ShiftedFourRowTiles<Lanes256, Vector256<float>>(ref a0, depth, ref b, ref offset, ref c0, cStride, columns, i0, i1, i2, i3);
            return;
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

    /// <summary>Eight rows of <see cref="MultiplyShifted"/> in tiles of two Vector512, the last tile ending at the last column.</summary>
    private static void ShiftedEightRows<TVectors>(ref float a0, int depth, ref float b, ref int offset, ref float c0, int cStride, int columns, ReadOnlySpan<float> initial)
        where TVectors : struct, ITileVectors
    {
        const int Width = 16;
        int tileColumns = TVectors.Count * Width;
        Span<float> start = stackalloc float[ShiftedWideTileRows];
        if (initial.IsEmpty)
        {
            start.Clear();
        }
        else
        {
            initial.CopyTo(start);
        }

        for (int j = 0, last = columns - tileColumns; ; j = Math.Min(j + tileColumns, last))
        {
            Vector512<float> l0 = Vector512.Create(start[0]), r0 = l0, m0 = l0, l1 = Vector512.Create(start[1]), r1 = l1, m1 = l1;
            Vector512<float> l2 = Vector512.Create(start[2]), r2 = l2, m2 = l2, l3 = Vector512.Create(start[3]), r3 = l3, m3 = l3;
            Vector512<float> l4 = Vector512.Create(start[4]), r4 = l4, m4 = l4, l5 = Vector512.Create(start[5]), r5 = l5, m5 = l5;
            Vector512<float> l6 = Vector512.Create(start[6]), r6 = l6, m6 = l6, l7 = Vector512.Create(start[7]), r7 = l7, m7 = l7;
            for (int k = 0; k < depth; k++)
            {
                ref float window = ref Unsafe.Add(ref b, Unsafe.Add(ref offset, k) + j);
                Vector512<float> b0 = Vector512.LoadUnsafe(ref window);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref window, Width);
                Vector512<float> b2 = TVectors.Count > 2 ? Vector512.LoadUnsafe(ref window, 2 * Width) : default;
                ref float ak = ref Unsafe.Add(ref a0, k);
                Vector512<float> w = Vector512.Create(ak);
                l0 = Vector512.MultiplyAddEstimate(w, b0, l0);
                r0 = Vector512.MultiplyAddEstimate(w, b1, r0);
                m0 = TVectors.Count > 2 ? Vector512.MultiplyAddEstimate(w, b2, m0) : m0;
                w = Vector512.Create(Unsafe.Add(ref ak, depth));
                l1 = Vector512.MultiplyAddEstimate(w, b0, l1);
                r1 = Vector512.MultiplyAddEstimate(w, b1, r1);
                m1 = TVectors.Count > 2 ? Vector512.MultiplyAddEstimate(w, b2, m1) : m1;
                w = Vector512.Create(Unsafe.Add(ref ak, 2 * depth));
                l2 = Vector512.MultiplyAddEstimate(w, b0, l2);
                r2 = Vector512.MultiplyAddEstimate(w, b1, r2);
                m2 = TVectors.Count > 2 ? Vector512.MultiplyAddEstimate(w, b2, m2) : m2;
                w = Vector512.Create(Unsafe.Add(ref ak, 3 * depth));
                l3 = Vector512.MultiplyAddEstimate(w, b0, l3);
                r3 = Vector512.MultiplyAddEstimate(w, b1, r3);
                m3 = TVectors.Count > 2 ? Vector512.MultiplyAddEstimate(w, b2, m3) : m3;
                w = Vector512.Create(Unsafe.Add(ref ak, 4 * depth));
                l4 = Vector512.MultiplyAddEstimate(w, b0, l4);
                r4 = Vector512.MultiplyAddEstimate(w, b1, r4);
                m4 = TVectors.Count > 2 ? Vector512.MultiplyAddEstimate(w, b2, m4) : m4;
                w = Vector512.Create(Unsafe.Add(ref ak, 5 * depth));
                l5 = Vector512.MultiplyAddEstimate(w, b0, l5);
                r5 = Vector512.MultiplyAddEstimate(w, b1, r5);
                m5 = TVectors.Count > 2 ? Vector512.MultiplyAddEstimate(w, b2, m5) : m5;
                w = Vector512.Create(Unsafe.Add(ref ak, 6 * depth));
                l6 = Vector512.MultiplyAddEstimate(w, b0, l6);
                r6 = Vector512.MultiplyAddEstimate(w, b1, r6);
                m6 = TVectors.Count > 2 ? Vector512.MultiplyAddEstimate(w, b2, m6) : m6;
                w = Vector512.Create(Unsafe.Add(ref ak, 7 * depth));
                l7 = Vector512.MultiplyAddEstimate(w, b0, l7);
                r7 = Vector512.MultiplyAddEstimate(w, b1, r7);
                m7 = TVectors.Count > 2 ? Vector512.MultiplyAddEstimate(w, b2, m7) : m7;
            }

            ref float c = ref Unsafe.Add(ref c0, j);
            StoreRow<TVectors>(l0, r0, m0, ref c);
            StoreRow<TVectors>(l1, r1, m1, ref Unsafe.Add(ref c, cStride));
            StoreRow<TVectors>(l2, r2, m2, ref Unsafe.Add(ref c, 2 * cStride));
            StoreRow<TVectors>(l3, r3, m3, ref Unsafe.Add(ref c, 3 * cStride));
            StoreRow<TVectors>(l4, r4, m4, ref Unsafe.Add(ref c, 4 * cStride));
            StoreRow<TVectors>(l5, r5, m5, ref Unsafe.Add(ref c, 5 * cStride));
            StoreRow<TVectors>(l6, r6, m6, ref Unsafe.Add(ref c, 6 * cStride));
            StoreRow<TVectors>(l7, r7, m7, ref Unsafe.Add(ref c, 7 * cStride));
            if (j == last)
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TVectors>(Vector512<float> first, Vector512<float> second, Vector512<float> third, ref float c)
        where TVectors : struct, ITileVectors
    {
        Vector512.StoreUnsafe(first, ref c);
        Vector512.StoreUnsafe(second, ref c, 16);
        if (TVectors.Count > 2)
        {
            Vector512.StoreUnsafe(third, ref c, 32);
        }
    }

    /// <summary>Vector512 columns of one <see cref="ShiftedEightRows{TVectors}"/> tile, a constant the JIT folds: two (32 columns) or three (48).</summary>
    private interface ITileVectors
    {
        static abstract int Count { get; }
    }

    private readonly struct TwoVectors : ITileVectors
    {
        public static int Count => 2;
    }

    private readonly struct ThreeVectors : ITileVectors
    {
        public static int Count => 3;
    }

    /// <summary>Four rows of <see cref="MultiplyShifted"/> in tiles of three vectors, the last tile ending at the last column (at least one tile wide).</summary>
    private static void ShiftedFourRowTiles<TLanes, TVector>(
        ref float a0, int depth, ref float b, ref int offset, ref float c0, int cStride, int columns, float i0, float i1, float i2, float i3)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        int tileWidth = ShiftedTileVectors * width;
        ref float a1 = ref Unsafe.Add(ref a0, depth);
        ref float a2 = ref Unsafe.Add(ref a1, depth);
        ref float a3 = ref Unsafe.Add(ref a2, depth);
        for (int j = 0, last = columns - tileWidth; ; j = Math.Min(j + tileWidth, last))
        {
            TVector s00 = TLanes.Broadcast(i0), s01 = s00, s02 = s00;
            TVector s10 = TLanes.Broadcast(i1), s11 = s10, s12 = s10;
            TVector s20 = TLanes.Broadcast(i2), s21 = s20, s22 = s20;
            TVector s30 = TLanes.Broadcast(i3), s31 = s30, s32 = s30;
            for (int k = 0; k < depth; k++)
            {
                ref float window = ref Unsafe.Add(ref b, Unsafe.Add(ref offset, k) + j);
                TVector b0 = TLanes.Load(ref window, 0);
                TVector b1 = TLanes.Load(ref window, width);
                TVector b2 = TLanes.Load(ref window, 2 * width);
                TVector w = TLanes.Broadcast(Unsafe.Add(ref a0, k));
                s00 = TLanes.MultiplyAdd(w, b0, s00);
                s01 = TLanes.MultiplyAdd(w, b1, s01);
                s02 = TLanes.MultiplyAdd(w, b2, s02);
                w = TLanes.Broadcast(Unsafe.Add(ref a1, k));
                s10 = TLanes.MultiplyAdd(w, b0, s10);
                s11 = TLanes.MultiplyAdd(w, b1, s11);
                s12 = TLanes.MultiplyAdd(w, b2, s12);
                w = TLanes.Broadcast(Unsafe.Add(ref a2, k));
                s20 = TLanes.MultiplyAdd(w, b0, s20);
                s21 = TLanes.MultiplyAdd(w, b1, s21);
                s22 = TLanes.MultiplyAdd(w, b2, s22);
                w = TLanes.Broadcast(Unsafe.Add(ref a3, k));
                s30 = TLanes.MultiplyAdd(w, b0, s30);
                s31 = TLanes.MultiplyAdd(w, b1, s31);
                s32 = TLanes.MultiplyAdd(w, b2, s32);
            }

            ref float c = ref Unsafe.Add(ref c0, j);
            TLanes.Store(s00, ref c, 0, false);
            TLanes.Store(s01, ref c, width, false);
            TLanes.Store(s02, ref c, 2 * width, false);
            c = ref Unsafe.Add(ref c, cStride);
            TLanes.Store(s10, ref c, 0, false);
            TLanes.Store(s11, ref c, width, false);
            TLanes.Store(s12, ref c, 2 * width, false);
            c = ref Unsafe.Add(ref c, cStride);
            TLanes.Store(s20, ref c, 0, false);
            TLanes.Store(s21, ref c, width, false);
            TLanes.Store(s22, ref c, 2 * width, false);
            c = ref Unsafe.Add(ref c, cStride);
            TLanes.Store(s30, ref c, 0, false);
            TLanes.Store(s31, ref c, width, false);
            TLanes.Store(s32, ref c, 2 * width, false);
            if (j == last)
            {
                return;
            }
        }
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
    public static void MaxPoolInPlanes(ref float x, int channels, int height, int width, int size, int stride, ref float y) =>
        MaxPoolInPlanes(ref x, channels, height * width, width, height, width, size, stride, relu: false, ref y);

    /// <summary>
    /// <see cref="MaxPoolInPlanes(ref float, int, int, int, int, int, ref float)"/> over planes <paramref name="planeStride"/>
    /// apart whose rows are <paramref name="rowStride"/> apart, each maximum as <c>MathF.Max(·, 0)</c> when
    /// <paramref name="relu"/>: a convolution's wide product rows pooled straight into its pooling layer's outputs. The
    /// maximum of ReLUs is the ReLU of the maximum, to the bit, so this gives what the two layers give one after the other.
    /// Only the rows and columns the windows cover are read.
    /// </summary>
    public static void MaxPoolInPlanes(ref float x, int channels, int planeStride, int rowStride, int height, int width, int size, int stride, bool relu, ref float y)
    {
        int outputHeight = (height - size) / stride + 1, outputWidth = (width - size) / stride + 1;
        if (size == 2 && stride == 2 && Vector256.IsHardwareAccelerated && outputWidth >= MaxPoolPairsPerVector)
        {
            for (int row = 0; row < channels * outputHeight; row++)
            {
                int c = row / outputHeight, oh = row - c * outputHeight;
                MaxPoolPairs(ref Unsafe.Add(ref x, c * planeStride + 2 * oh * rowStride), rowStride, ref Unsafe.Add(ref y, row * outputWidth), outputWidth, relu);
            }

            return;
        }

        int reach = (outputWidth - 1) * stride + 1, covered = reach + size - 1;
        Span<float> scratch = covered <= 1024 ? stackalloc float[2 * covered] : new float[2 * covered];
        ref float m = ref MemoryMarshal.GetReference(scratch);
        ref float q = ref Unsafe.Add(ref m, covered);
        for (int c = 0; c < channels; c++)
        {
            ref float plane = ref Unsafe.Add(ref x, c * planeStride);
            for (int oh = 0; oh < outputHeight; oh++)
            {
                ref float top = ref Unsafe.Add(ref plane, oh * stride * rowStride);
                scoped ref float column = ref top;
                for (int wh = 1; wh < size; wh++)
                {
                    MaxOf(ref column, ref Unsafe.Add(ref top, wh * rowStride), ref m, covered);
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
                    float v = Unsafe.Add(ref across, ow * stride);
                    Unsafe.Add(ref row, ow) = relu ? MathF.Max(v, 0f) : v;
                }
            }
        }
    }

    /// <summary>
    /// The gradient of <see cref="MaxPoolInPlanes(ref float, int, int, int, int, int, ref float)"/>: each output's gradient in <paramref name="dz"/> goes to the first
    /// maximum of its window (rows top to bottom, each left to right: the cell a strict greater-than scan keeps), added
    /// where windows overlap; <paramref name="dx"/> is overwritten, zero where no window's maximum lies. Windows of 2 × 2
    /// every 2, the usual pooling, run in vectors without a branch (a scan's compare-and-branch per cell mispredicted
    /// on about half of them: a fifth of the seeds' CNN's training step); other windows cell by cell.
    /// </summary>
    public static void MaxPoolBackwardInPlanes(ref float x, int channels, int height, int width, int size, int stride, ref float dz, ref float dx)
    {
        int outputHeight = (height - size) / stride + 1, outputWidth = (width - size) / stride + 1;
        MemoryMarshal.CreateSpan(ref dx, channels * height * width).Clear();
        for (int c = 0; c < channels; c++)
        {
            for (int oh = 0; oh < outputHeight; oh++)
            {
                int top = c * height * width + oh * stride * width;
                ref float gradient = ref Unsafe.Add(ref dz, (c * outputHeight + oh) * outputWidth);
                int ow = size == 2 && stride == 2 && Vector128.IsHardwareAccelerated
                    ? MaxPoolBackwardPairs(ref Unsafe.Add(ref x, top), width, ref gradient, ref Unsafe.Add(ref dx, top), outputWidth)
                    : 0;
                for (; ow < outputWidth; ow++)
                {
                    int start = top + ow * stride, best = start;
                    float m = Unsafe.Add(ref x, start);
                    for (int wh = 0; wh < size; wh++)
                    {
                        for (int ww = 0; ww < size; ww++)
                        {
                            int i = start + wh * width + ww;
                            if (Unsafe.Add(ref x, i) > m)
                            {
                                m = Unsafe.Add(ref x, i);
                                best = i;
                            }
                        }
                    }

                    Unsafe.Add(ref dx, best) += Unsafe.Add(ref gradient, ow);
                }
            }
        }
    }

    /// <summary>
    /// One row of 2 × 2 windows every 2, two windows a vector: each lane compares its cell with the window's maximum
    /// and with the cells before it (its left neighbour in the row; the whole top row for the bottom row), and the
    /// gradient is stored through the resulting masks. Returns the first window left to the caller.
    /// </summary>
    private static int MaxPoolBackwardPairs(ref float top, int width, ref float dz, ref float dx, int outputWidth)
    {
        Vector128<int> swapPairs = Vector128.Create(1, 0, 3, 2);
        Vector128<float> rightCells = Vector128.Create(0, -1, 0, -1).AsSingle();
        ref float bottom = ref Unsafe.Add(ref top, width);
        int ow = 0;
        for (; ow <= outputWidth - 2; ow += 2)
        {
            Vector128<float> a = Vector128.LoadUnsafe(ref top, (nuint)(2 * ow));
            Vector128<float> b = Vector128.LoadUnsafe(ref bottom, (nuint)(2 * ow));
            Vector128<float> aNeighbour = Vector128.Shuffle(a, swapPairs);
            Vector128<float> bNeighbour = Vector128.Shuffle(b, swapPairs);
            Vector128<float> m = Vector128.Max(Vector128.Max(a, aNeighbour), Vector128.Max(b, bNeighbour));
            Vector128<float> topHasMaximum = Vector128.Equals(a, m) | Vector128.Equals(aNeighbour, m);
            Vector128<float> topFirst = Vector128.AndNot(Vector128.Equals(a, m), Vector128.Equals(aNeighbour, m) & rightCells);
            Vector128<float> bottomFirst = Vector128.AndNot(Vector128.AndNot(Vector128.Equals(b, m), topHasMaximum), Vector128.Equals(bNeighbour, m) & rightCells);
            float left = Unsafe.Add(ref dz, ow), right = Unsafe.Add(ref dz, ow + 1);
            Vector128<float> gradient = Vector128.Create(left, left, right, right);
            Vector128.StoreUnsafe(topFirst & gradient, ref dx, (nuint)(2 * ow));
            Vector128.StoreUnsafe(bottomFirst & gradient, ref Unsafe.Add(ref dx, width), (nuint)(2 * ow));
        }

        return ow;
    }

    /// <summary>2 × 2 windows <see cref="MaxPoolPairs"/> reduces per vector: eight columns of two rows.</summary>
    private const int MaxPoolPairsPerVector = 4;

    /// <summary>
    /// One output row of 2 × 2 windows every 2, four windows a Vector256: the maximum of the two rows, of each pair of
    /// neighbours (a swap within pairs), then the four even lanes packed and stored; the last four windows end at the
    /// row's end, overlapping the ones before (the same values stored twice). The maxima are the two-pass path's bits:
    /// IEEE's maximum does not depend on the order it is taken in. (Eight windows a Vector512 measured no faster on the
    /// seeds' CNN: the rows come from the second-level cache.)
    /// </summary>
    private static void MaxPoolPairs(ref float top, int rowStride, ref float y, int outputWidth, bool relu)
    {
        ref float bottom = ref Unsafe.Add(ref top, rowStride);
        Vector256<int> swapPairs = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
        Vector256<int> evenLanes = Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6);
        for (int ow = 0, last = outputWidth - MaxPoolPairsPerVector; ; ow = Math.Min(ow + MaxPoolPairsPerVector, last))
        {
            Vector256<float> m = Vector256.Max(Vector256.LoadUnsafe(ref top, (nuint)(2 * ow)), Vector256.LoadUnsafe(ref bottom, (nuint)(2 * ow)));
            m = Vector256.Max(m, Vector256.Shuffle(m, swapPairs));
            if (relu)
            {
                m = Vector256.Max(m, Vector256<float>.Zero);
            }

            Vector256.Shuffle(m, evenLanes).GetLower().StoreUnsafe(ref y, (nuint)ow);
            if (ow == last)
            {
                return;
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

    /// <summary>
    /// <c>target[r · targetStride + j] = source[r · sourceStride + j]</c> for <c>r &lt; rows</c>, <c>j &lt; width</c>,
    /// as <c>MathF.Max(·, 0)</c> when <paramref name="relu"/>: a convolution's wide output rows copied into its compact
    /// output with its ReLU on the way, or an output gradient spread to wide rows. Each row in Vector256 stores, the last
    /// ending at the row's end (overlapping the one before, with the same values), where one span copy a row cost
    /// about as much as the copying (the seeds' CNN copies 1,536 rows an image).
    /// </summary>
    public static void CopyRows(ref float source, int sourceStride, ref float target, int targetStride, int rows, int width, bool relu)
    {
        for (int r = 0; r < rows; r++)
        {
            ref float from = ref Unsafe.Add(ref source, r * sourceStride);
            ref float to = ref Unsafe.Add(ref target, r * targetStride);
            if (Vector128.IsHardwareAccelerated && width >= Vector256<float>.Count)
            {
                for (int j = 0, last = width - Vector256<float>.Count; ; j = Math.Min(j + Vector256<float>.Count, last))
                {
                    Vector256<float> v = Vector256.LoadUnsafe(ref from, (nuint)j);
                    Vector256.StoreUnsafe(relu ? Vector256.Max(v, Vector256<float>.Zero) : v, ref to, (nuint)j);
                    if (j == last)
                    {
                        break;
                    }
                }

                continue;
            }

            for (int j = 0; j < width; j++)
            {
                float v = Unsafe.Add(ref from, j);
                Unsafe.Add(ref to, j) = relu ? MathF.Max(v, 0f) : v;
            }
        }
    }

    /// <summary>
    /// <c>target[r · targetStride + j] += source[r · sourceStride + j]</c> for <c>r &lt; rows</c>, <c>j &lt; width</c>:
    /// one (channel, tap) row of a convolution's input-gradient columns added into the window of the input plane the tap
    /// reads (the col2im step), each row in vectors and the last few values one by one.
    /// </summary>
    public static void AddBlock(ref float source, int sourceStride, ref float target, int targetStride, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            AddInPlace(ref Unsafe.Add(ref target, r * targetStride), ref Unsafe.Add(ref source, r * sourceStride), width);
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

    /// <summary>
    /// <c>sums[j] = Σ_r rows[r·stride + j]</c> over <paramref name="count"/> rows of <paramref name="width"/> values, in
    /// row order: a batch's bias gradient, a row of vectors at a time, with the bits of one scalar sum per column.
    /// </summary>
    public static void SumColumns(ref float rows, int stride, int count, int width, ref float sums)
    {
        MemoryMarshal.CreateSpan(ref sums, width).Clear();
        for (int r = 0; r < count; r++)
        {
            AddInPlace(ref sums, ref Unsafe.Add(ref rows, r * stride), width);
        }
    }
}
