using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Numerics;

public static partial class VectorKernels
{
    /// <summary>Positions of one window of <see cref="MultiplyShiftedPooled"/>: a 2 × 2 pooling window.</summary>
    private const int PooledWindow = 4;

    /// <summary>
    /// <c>y[q, r] = max over j &lt; 4 of (initial[r] + Σ_k aT[k, r] · b[offsets[k] + positions[4q + j]])</c>, as
    /// <c>MathF.Max(·, 0)</c> when <paramref name="relu"/>, for <c>r &lt; rows</c> and each window <c>q</c> of four
    /// <paramref name="positions"/>: <see cref="MultiplyShifted"/> computed only at the positions a 2 × 2 max pooling reads,
    /// and pooled before anything is stored. <paramref name="aT"/> is <c>[depth, rows]</c> row-major (the transpose of
    /// <see cref="MultiplyShifted"/>'s <c>A</c>), <paramref name="y"/> is <c>[windows, rows]</c> row-major,
    /// <paramref name="initial"/> one start value per row or empty (zero). Tiles of one window's four positions by up to
    /// four vectors of rows keep their sums in registers over the whole depth, so each weight vector loaded serves four
    /// positions and each broadcast input four vectors; no position outside a window is computed (the seeds' CNN's
    /// second convolution: 100 positions, where <see cref="MultiplyShifted"/>'s whole rows computed 128) and no product
    /// plane is written. Every sum runs over k in order, one multiply-add at a time, from its start value: each is
    /// <see cref="MultiplyShifted"/>'s element to the bit, and the maximum (IEEE's, in any order) that pooling's.
    /// </summary>
    public static void MultiplyShiftedPooled(ref float aT, int depth, int rows, ref float b, ReadOnlySpan<int> offsets, ReadOnlySpan<int> positions,
        ReadOnlySpan<float> initial, bool relu, ref float y)
    {
        if (offsets.Length < depth || positions.Length % PooledWindow != 0 || (!initial.IsEmpty && initial.Length < rows))
        {
            throw new ArgumentException($"{offsets.Length} offsets for a depth of {depth}, {positions.Length} positions (whole windows of {PooledWindow}), "
                + $"or {initial.Length} initial values for {rows} rows.");
        }

        // Without start values the tiles start from zeros: on the stack, or rented for a very wide layer, never allocated.
        float[]? rented = null;
        scoped ReadOnlySpan<float> start = initial;
        if (initial.IsEmpty)
        {
            Span<float> zeros = rows <= 1024 ? stackalloc float[rows] : (rented = ArrayPool<float>.Shared.Rent(rows)).AsSpan(0, rows);
            zeros.Clear();
            start = zeros;
        }

        try
        {
            var tile = new PooledTile(ref aT, depth, rows, ref b, ref MemoryMarshal.GetReference(offsets), ref MemoryMarshal.GetReference(positions),
                positions.Length / PooledWindow, ref MemoryMarshal.GetReference(start), relu, ref y);
            int r = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                r = PooledRows<Lanes512, Vector512<float>>(tile, r);
            }

            if (Vector256.IsHardwareAccelerated)
            {
                r = PooledRows<Lanes256, Vector256<float>>(tile, r);
            }

            if (Vector128.IsHardwareAccelerated)
            {
                r = PooledRows<Lanes128, Vector128<float>>(tile, r);
            }

            for (; r < rows; r++)
            {
                PooledRow(tile, r);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The operands of one <see cref="MultiplyShiftedPooled"/> call, handed to its tiles.</summary>
    private readonly ref struct PooledTile
    {
        public readonly ref float AT;
        public readonly int Depth;
        public readonly int Rows;
        public readonly ref float B;
        public readonly ref int Offsets;
        public readonly ref int Positions;
        public readonly int Windows;
        public readonly ref float Start;
        public readonly bool Relu;
        public readonly ref float Y;

        public PooledTile(ref float aT, int depth, int rows, ref float b, ref int offsets, ref int positions, int windows, ref float start, bool relu, ref float y)
        {
            AT = ref aT;
            Depth = depth;
            Rows = rows;
            B = ref b;
            Offsets = ref offsets;
            Positions = ref positions;
            Windows = windows;
            Start = ref start;
            Relu = relu;
            Y = ref y;
        }
    }

    /// <summary>
    /// The rows from <paramref name="r"/> in vectors of <typeparamref name="TLanes"/>: four vectors a tile where there are
    /// 32 vector registers (sixteen sums), else two; then single vectors. Returns the first row left for narrower vectors.
    /// </summary>
    private static int PooledRows<TLanes, TVector>(in PooledTile tile, int r)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        if (TLanes.RowsOfTwo == 8)
        {
            for (; r <= tile.Rows - 4 * width; r += 4 * width)
            {
                for (int q = 0; q < tile.Windows; q++)
                {
                    PooledFourVectors<TLanes, TVector>(tile, r, q);
                }
            }
        }

        for (; r <= tile.Rows - 2 * width; r += 2 * width)
        {
            for (int q = 0; q < tile.Windows; q++)
            {
                PooledTwoVectors<TLanes, TVector>(tile, r, q);
            }
        }

        for (; r <= tile.Rows - width; r += width)
        {
            for (int q = 0; q < tile.Windows; q++)
            {
                PooledOneVector<TLanes, TVector>(tile, r, q);
            }
        }

        return r;
    }

    private static void PooledFourVectors<TLanes, TVector>(in PooledTile tile, int r, int q)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        var x = new WindowInputs(tile, q);
        ref float start = ref Unsafe.Add(ref tile.Start, r);
        TVector s00 = TLanes.Load(ref start, 0), s01 = TLanes.Load(ref start, width), s02 = TLanes.Load(ref start, 2 * width), s03 = TLanes.Load(ref start, 3 * width);
        TVector s10 = s00, s11 = s01, s12 = s02, s13 = s03;
        TVector s20 = s00, s21 = s01, s22 = s02, s23 = s03;
        TVector s30 = s00, s31 = s01, s32 = s02, s33 = s03;
        ref float ak = ref Unsafe.Add(ref tile.AT, r);
        ref int offsets = ref tile.Offsets;
        int depth = tile.Depth, rows = tile.Rows;
        for (int k = 0; k < depth; k++)
        {
            int offset = Unsafe.Add(ref offsets, k);
            TVector w0 = TLanes.Load(ref ak, 0), w1 = TLanes.Load(ref ak, width), w2 = TLanes.Load(ref ak, 2 * width), w3 = TLanes.Load(ref ak, 3 * width);
            TVector v = TLanes.Broadcast(Unsafe.Add(ref x.X0, offset));
            s00 = TLanes.MultiplyAdd(w0, v, s00);
            s01 = TLanes.MultiplyAdd(w1, v, s01);
            s02 = TLanes.MultiplyAdd(w2, v, s02);
            s03 = TLanes.MultiplyAdd(w3, v, s03);
            v = TLanes.Broadcast(Unsafe.Add(ref x.X1, offset));
            s10 = TLanes.MultiplyAdd(w0, v, s10);
            s11 = TLanes.MultiplyAdd(w1, v, s11);
            s12 = TLanes.MultiplyAdd(w2, v, s12);
            s13 = TLanes.MultiplyAdd(w3, v, s13);
            v = TLanes.Broadcast(Unsafe.Add(ref x.X2, offset));
            s20 = TLanes.MultiplyAdd(w0, v, s20);
            s21 = TLanes.MultiplyAdd(w1, v, s21);
            s22 = TLanes.MultiplyAdd(w2, v, s22);
            s23 = TLanes.MultiplyAdd(w3, v, s23);
            v = TLanes.Broadcast(Unsafe.Add(ref x.X3, offset));
            s30 = TLanes.MultiplyAdd(w0, v, s30);
            s31 = TLanes.MultiplyAdd(w1, v, s31);
            s32 = TLanes.MultiplyAdd(w2, v, s32);
            s33 = TLanes.MultiplyAdd(w3, v, s33);
            ak = ref Unsafe.Add(ref ak, rows);
        }

        ref float target = ref Unsafe.Add(ref tile.Y, q * rows + r);
        TLanes.Store(TLanes.Max(TLanes.Max(s00, s10), TLanes.Max(s20, s30)), ref target, 0, tile.Relu);
        TLanes.Store(TLanes.Max(TLanes.Max(s01, s11), TLanes.Max(s21, s31)), ref target, width, tile.Relu);
        TLanes.Store(TLanes.Max(TLanes.Max(s02, s12), TLanes.Max(s22, s32)), ref target, 2 * width, tile.Relu);
        TLanes.Store(TLanes.Max(TLanes.Max(s03, s13), TLanes.Max(s23, s33)), ref target, 3 * width, tile.Relu);
    }

    private static void PooledTwoVectors<TLanes, TVector>(in PooledTile tile, int r, int q)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        var x = new WindowInputs(tile, q);
        ref float start = ref Unsafe.Add(ref tile.Start, r);
        TVector s00 = TLanes.Load(ref start, 0), s01 = TLanes.Load(ref start, width);
        TVector s10 = s00, s11 = s01, s20 = s00, s21 = s01, s30 = s00, s31 = s01;
        ref float ak = ref Unsafe.Add(ref tile.AT, r);
        ref int offsets = ref tile.Offsets;
        int depth = tile.Depth, rows = tile.Rows;
        for (int k = 0; k < depth; k++)
        {
            int offset = Unsafe.Add(ref offsets, k);
            TVector w0 = TLanes.Load(ref ak, 0), w1 = TLanes.Load(ref ak, width);
            TVector v = TLanes.Broadcast(Unsafe.Add(ref x.X0, offset));
            s00 = TLanes.MultiplyAdd(w0, v, s00);
            s01 = TLanes.MultiplyAdd(w1, v, s01);
            v = TLanes.Broadcast(Unsafe.Add(ref x.X1, offset));
            s10 = TLanes.MultiplyAdd(w0, v, s10);
            s11 = TLanes.MultiplyAdd(w1, v, s11);
            v = TLanes.Broadcast(Unsafe.Add(ref x.X2, offset));
            s20 = TLanes.MultiplyAdd(w0, v, s20);
            s21 = TLanes.MultiplyAdd(w1, v, s21);
            v = TLanes.Broadcast(Unsafe.Add(ref x.X3, offset));
            s30 = TLanes.MultiplyAdd(w0, v, s30);
            s31 = TLanes.MultiplyAdd(w1, v, s31);
            ak = ref Unsafe.Add(ref ak, rows);
        }

        ref float target = ref Unsafe.Add(ref tile.Y, q * rows + r);
        TLanes.Store(TLanes.Max(TLanes.Max(s00, s10), TLanes.Max(s20, s30)), ref target, 0, tile.Relu);
        TLanes.Store(TLanes.Max(TLanes.Max(s01, s11), TLanes.Max(s21, s31)), ref target, width, tile.Relu);
    }

    private static void PooledOneVector<TLanes, TVector>(in PooledTile tile, int r, int q)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var x = new WindowInputs(tile, q);
        TVector s0 = TLanes.Load(ref Unsafe.Add(ref tile.Start, r), 0), s1 = s0, s2 = s0, s3 = s0;
        ref float ak = ref Unsafe.Add(ref tile.AT, r);
        ref int offsets = ref tile.Offsets;
        int depth = tile.Depth, rows = tile.Rows;
        for (int k = 0; k < depth; k++)
        {
            int offset = Unsafe.Add(ref offsets, k);
            TVector w = TLanes.Load(ref ak, 0);
            s0 = TLanes.MultiplyAdd(w, TLanes.Broadcast(Unsafe.Add(ref x.X0, offset)), s0);
            s1 = TLanes.MultiplyAdd(w, TLanes.Broadcast(Unsafe.Add(ref x.X1, offset)), s1);
            s2 = TLanes.MultiplyAdd(w, TLanes.Broadcast(Unsafe.Add(ref x.X2, offset)), s2);
            s3 = TLanes.MultiplyAdd(w, TLanes.Broadcast(Unsafe.Add(ref x.X3, offset)), s3);
            ak = ref Unsafe.Add(ref ak, rows);
        }

        TLanes.Store(TLanes.Max(TLanes.Max(s0, s1), TLanes.Max(s2, s3)), ref Unsafe.Add(ref tile.Y, q * rows + r), 0, tile.Relu);
    }

    /// <summary>Where the inputs of window <c>q</c>'s four positions start: each tap reads them at its offset.</summary>
    private readonly ref struct WindowInputs
    {
        public readonly ref float X0;
        public readonly ref float X1;
        public readonly ref float X2;
        public readonly ref float X3;

        public WindowInputs(in PooledTile tile, int q)
        {
            ref int at = ref Unsafe.Add(ref tile.Positions, q * PooledWindow);
            X0 = ref Unsafe.Add(ref tile.B, at);
            X1 = ref Unsafe.Add(ref tile.B, Unsafe.Add(ref at, 1));
            X2 = ref Unsafe.Add(ref tile.B, Unsafe.Add(ref at, 2));
            X3 = ref Unsafe.Add(ref tile.B, Unsafe.Add(ref at, 3));
        }
    }

    /// <summary>One row of <see cref="MultiplyShiftedPooled"/> in scalars: the rows no vector covers.</summary>
    private static void PooledRow(in PooledTile tile, int r)
    {
        for (int q = 0; q < tile.Windows; q++)
        {
            float maximum = float.NegativeInfinity;
            for (int j = 0; j < PooledWindow; j++)
            {
                ref float x = ref Unsafe.Add(ref tile.B, Unsafe.Add(ref tile.Positions, q * PooledWindow + j));
                float s = Unsafe.Add(ref tile.Start, r);
                for (int k = 0; k < tile.Depth; k++)
                {
                    s = float.MultiplyAddEstimate(Unsafe.Add(ref tile.AT, k * tile.Rows + r), Unsafe.Add(ref x, Unsafe.Add(ref tile.Offsets, k)), s);
                }

                maximum = j == 0 ? s : MathF.Max(maximum, s);
            }

            Unsafe.Add(ref tile.Y, q * tile.Rows + r) = tile.Relu ? MathF.Max(maximum, 0f) : maximum;
        }
    }
}
