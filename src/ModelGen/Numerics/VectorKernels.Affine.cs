using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Numerics;

public static partial class VectorKernels
{
    /// <summary>Samples of one one-vector <see cref="Affine"/> tile: eight sums, as many as two multiply-add units keep busy.</summary>
    private const int AffineRowsOfOne = 8;

    /// <summary>
    /// <c>target[c, r] = source[r, c]</c> for the <paramref name="rows"/> × <paramref name="columns"/> row-major
    /// <paramref name="source"/>: with AVX, blocks of eight rows by eight columns transposed in registers (eight loads,
    /// 24 shuffles, eight stores); elsewhere, and for the columns left over, eight (or four) rows at a time, each
    /// column's values gathered into one vector stored whole, which measured 2.6 times faster than a blocked
    /// element-by-element copy.
    /// </summary>
    public static void Transpose(ref float source, int rows, int columns, ref float target) =>
        TransposeStrided(ref source, columns, rows, columns, ref target, rows);

    /// <summary>
    /// <see cref="Transpose"/> between strided matrices: <paramref name="source"/>'s rows
    /// are <paramref name="sourceStride"/> floats apart, <paramref name="target"/>'s (one per source column)
    /// <paramref name="targetStride"/>.
    /// </summary>
    internal static void TransposeStrided(ref float source, int sourceStride, int rows, int columns, ref float target, int targetStride)
    {
        int r = 0;
        if (Avx.IsSupported)
        {
            // Column blocks outside, row blocks inside: the eight target rows of a column block are filled from one end
            // to the other before the next block (with panels 32 floats wide, a row-block-first order wrote each target
            // line in four visits, after it had left the first-level cache).
            int blockColumns = columns & ~(Vector256<float>.Count - 1);
            r = rows & ~(Vector256<float>.Count - 1);
            for (int c = 0; c < blockColumns; c += Vector256<float>.Count)
            {
                for (int b = 0; b < r; b += Vector256<float>.Count)
                {
                    TransposeBlock(ref Unsafe.Add(ref source, (nint)b * sourceStride + c), sourceStride, ref Unsafe.Add(ref target, (nint)c * targetStride + b), targetStride);
                }
            }

            GatherEightRows(ref source, sourceStride, r, blockColumns, columns, ref target, targetStride);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            r = rows & ~(Vector256<float>.Count - 1);
            GatherEightRows(ref source, sourceStride, r, 0, columns, ref target, targetStride);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; r <= rows - Vector128<float>.Count; r += Vector128<float>.Count)
            {
                ref float s = ref Unsafe.Add(ref source, (nint)r * sourceStride);
                for (int c = 0; c < columns; c++)
                {
                    ref float at = ref Unsafe.Add(ref s, c);
                    Vector128<float> column = Vector128.Create(at, Unsafe.Add(ref at, sourceStride), Unsafe.Add(ref at, 2 * sourceStride), Unsafe.Add(ref at, 3 * sourceStride));
                    Vector128.StoreUnsafe(column, ref target, (nuint)((nint)c * targetStride + r));
                }
            }
        }

        for (; r < rows; r++)
        {
            ref float s = ref Unsafe.Add(ref source, (nint)r * sourceStride);
            for (int c = 0; c < columns; c++)
            {
                Unsafe.Add(ref target, (nint)c * targetStride + r) = Unsafe.Add(ref s, c);
            }
        }
    }

    /// <summary>
    /// <see cref="TransposeStrided"/>'s columns [<paramref name="firstColumn"/>, <paramref name="columns"/>) of source
    /// rows [0, <paramref name="rows"/>), a multiple of eight: eight rows at a time, each column's values gathered into
    /// one vector stored whole.
    /// </summary>
    private static void GatherEightRows(ref float source, int sourceStride, int rows, int firstColumn, int columns, ref float target, int targetStride)
    {
        for (int r = 0; r < rows; r += Vector256<float>.Count)
        {
            ref float s = ref Unsafe.Add(ref source, (nint)r * sourceStride);
            for (int c = firstColumn; c < columns; c++)
            {
                ref float at = ref Unsafe.Add(ref s, c);
                Vector256<float> column = Vector256.Create(
                    at, Unsafe.Add(ref at, sourceStride), Unsafe.Add(ref at, 2 * sourceStride), Unsafe.Add(ref at, 3 * sourceStride),
                    Unsafe.Add(ref at, 4 * sourceStride), Unsafe.Add(ref at, 5 * sourceStride), Unsafe.Add(ref at, 6 * sourceStride), Unsafe.Add(ref at, 7 * sourceStride));
                Vector256.StoreUnsafe(column, ref target, (nuint)((nint)c * targetStride + r));
            }
        }
    }

    /// <summary>
    /// Transposes the 8 × 8 block at <paramref name="source"/> (rows <paramref name="sourceStride"/> apart) into
    /// <paramref name="target"/> (rows <paramref name="targetStride"/> apart) in registers: pairs of rows interleaved,
    /// then pairs of pairs, then the 128-bit halves exchanged, so each column ends in one vector.
    /// </summary>
    private static void TransposeBlock(ref float source, int sourceStride, ref float target, int targetStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride));

        // Within each 128-bit lane: t0 = r0[0] r1[0] r0[1] r1[1], t1 = r0[2] r1[2] r0[3] r1[3], ...
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        // Rows 0–3 (u0–u3) and 4–7 (u4–u7) of columns 0–3 in the low lanes, of columns 4–7 in the high ones.
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref target);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref target, (nuint)targetStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref target, (nuint)(2 * targetStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref target, (nuint)(3 * targetStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref target, (nuint)(4 * targetStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref target, (nuint)(5 * targetStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref target, (nuint)(6 * targetStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref target, (nuint)(7 * targetStride));
    }

    /// <summary>
    /// <c>Y[n, o] = b[o] + Σ_i X[n, i] · T[i, o]</c>, then <c>max(·, 0)</c> when <paramref name="relu"/>: a dense layer's
    /// forward pass over a batch, with its weights input-major (<paramref name="weights"/> is <c>[inputs, outputs]</c>,
    /// what <see cref="Transpose"/> makes of PyTorch's <c>[outputs, inputs]</c>). Rows of <paramref name="x"/> and
    /// <paramref name="y"/> are <paramref name="xStride"/> and <paramref name="yStride"/> apart; <paramref name="bias"/>
    /// may be a null reference (no bias). Tiles of eight samples by two vectors (six where only sixteen vector registers
    /// hold them), then eight samples by one, keep their sums in registers while the weights stream past, with no
    /// horizontal sums. Every output is the bias followed by its
    /// multiply-adds in input order, whichever tile computes it, so a sample's outputs do not depend on where in the batch
    /// it lies or how large the batch is.
    /// </summary>
    public static void Affine(ref float x, int xStride, ref float weights, ref float bias, int inputs, int outputs, ref float y, int yStride, int batch, bool relu) =>
        Products(new(ref x, xStride, 1), ref weights, outputs, ref bias, inputs, outputs, ref y, yStride, batch, relu, accumulate: false);

    /// <summary>
    /// Outputs per panel of <see cref="PackPanels"/>: one two-vector tile of <see cref="Affine"/> at this machine's widest
    /// accelerated vectors (32 with Vector512, 16 with Vector256, 8 otherwise). A layout made by one process is read by it.
    /// </summary>
    public static int PanelColumns => Vector512.IsHardwareAccelerated ? 2 * Vector512<float>.Count
        : Vector256.IsHardwareAccelerated ? 2 * Vector256<float>.Count
        : 2 * Vector128<float>.Count;

    /// <summary>
    /// Lays out <c>[outputs, inputs]</c> weights (PyTorch's) for <see cref="AffinePanels"/>: the outputs in panels of
    /// <see cref="PanelColumns"/> (the last may be narrower), each panel input-major, <c>[inputs, panel]</c>, one after
    /// another: panel <c>o₀</c> starts at <c>o₀ · inputs</c>. Its rows are then contiguous, where <see cref="Transpose"/>'s
    /// put one tile's row every <c>outputs</c> floats: on a Zen 3 core (AVX2) the 784→128 layer over 1,008 rows ran
    /// 1.26× faster from panels (in-process pairs; the same bits).
    /// </summary>
    public static void PackPanels(ref float weights, int outputs, int inputs, ref float panels) =>
        PackPanelsStrided(ref weights, inputs, outputs, inputs, ref panels);

    /// <summary><see cref="PackPanels"/> from rows <paramref name="stride"/> floats apart.</summary>
    internal static void PackPanelsStrided(ref float weights, int stride, int outputs, int inputs, ref float panels)
    {
        int width = PanelColumns;
        for (int o = 0; o < outputs; o += width)
        {
            // A panel is its rows of W, [columns, inputs], transposed.
            int columns = Math.Min(width, outputs - o);
            TransposeStrided(ref Unsafe.Add(ref weights, (nint)o * stride), stride, columns, inputs, ref Unsafe.Add(ref panels, (nint)o * inputs), columns);
        }
    }

    /// <summary>
    /// <see cref="Affine"/> from weights laid out by <see cref="PackPanels"/> in this process: the same values, to the
    /// bit (each output its bias and then its multiply-adds in input order), panel by panel; one sample reads up to four
    /// panels at once, so eight sums stay in flight.
    /// </summary>
    public static void AffinePanels(ref float x, int xStride, ref float panels, ref float bias, int inputs, int outputs, ref float y, int yStride, int batch, bool relu)
    {
        int width = PanelColumns;
        int o = 0;
        if (batch == 1 && Vector128.IsHardwareAccelerated)
        {
            int whole = outputs / width * width;
            for (int vectors; o < whole; o += vectors / 2 * width)
            {
                vectors = Math.Min(SampleTileVectors, 2 * ((whole - o) / width));
                ref float biasAt = ref Unsafe.IsNullRef(ref bias) ? ref bias : ref Unsafe.Add(ref bias, o);
                ref float panel = ref Unsafe.Add(ref panels, (nint)o * inputs);
                var a = new Operand(ref x, xStride, 1);
                if (width == 2 * Vector512<float>.Count)
                {
                    AffineSampleTile<Lanes512, Vector512<float>>(a, ref panel, width, inputs * width, ref biasAt, inputs, ref Unsafe.Add(ref y, o), vectors, relu, false);
                }
                else if (width == 2 * Vector256<float>.Count)
                {
                    AffineSampleTile<Lanes256, Vector256<float>>(a, ref panel, width, inputs * width, ref biasAt, inputs, ref Unsafe.Add(ref y, o), vectors, relu, false);
                }
                else
                {
                    AffineSampleTile<Lanes128, Vector128<float>>(a, ref panel, width, inputs * width, ref biasAt, inputs, ref Unsafe.Add(ref y, o), vectors, relu, false);
                }
            }
        }

        for (; o < outputs; o += width)
        {
            int columns = Math.Min(width, outputs - o);
            Products(new(ref x, xStride, 1), ref Unsafe.Add(ref panels, (nint)o * inputs), columns, ref Unsafe.IsNullRef(ref bias) ? ref bias : ref Unsafe.Add(ref bias, o),
                inputs, columns, ref Unsafe.Add(ref y, o), yStride, batch, relu, accumulate: false);
        }
    }

    /// <summary>
    /// <c>Y[n, o] += Σ_i X[n, i] · T[i, o]</c>, <paramref name="weights"/> <c>[inputs, outputs]</c> row-major: the
    /// products of <see cref="Affine"/>, added to what <paramref name="y"/> holds. A convolution's weight gradient is a
    /// sum of such products, one per kernel tap, over its input laid out channel-last. Each output is its old value
    /// followed by its multiply-adds in input order, whichever tile computes it.
    /// </summary>
    public static void MultiplyAccumulate(ref float x, int xStride, ref float weights, int inputs, int outputs, ref float y, int yStride, int batch) =>
        Products(new(ref x, xStride, 1), ref weights, outputs, ref Unsafe.NullRef<float>(), inputs, outputs, ref y, yStride, batch, relu: false, accumulate: true);

    /// <summary>
    /// <c>G[o, i] += Σ_n D[n, o] · X[n, i]</c>: the weight gradient of a batch, added to <paramref name="g"/>
    /// (<c>[outputs, inputs]</c>, rows <paramref name="inputs"/> apart), rows of <paramref name="d"/> and
    /// <paramref name="x"/> <paramref name="dStride"/> and <paramref name="xStride"/> apart: <see cref="Products"/> with
    /// the samples as its depth, so a tile of gradient rows stays in registers while the batch streams past. Each value
    /// is its old value followed by its multiply-adds in sample order.
    /// </summary>
    public static void AccumulateOuterProducts(ref float d, int dStride, ref float x, int xStride, ref float g, int inputs, int outputs, int batch) =>
        Products(new(ref d, 1, dStride), ref x, xStride, ref Unsafe.NullRef<float>(), batch, inputs, ref g, inputs, outputs, relu: false, accumulate: true);

    /// <summary>
    /// <c>G[o, i] = Σ_n D[n, o] · X[n, i]</c>: <see cref="AccumulateOuterProducts"/> written over <paramref name="g"/>
    /// instead of added to it (the same bits as clearing it first), without a pass that clears it.
    /// </summary>
    public static void OuterProducts(ref float d, int dStride, ref float x, int xStride, ref float g, int inputs, int outputs, int batch) =>
        Products(new(ref d, 1, dStride), ref x, xStride, ref Unsafe.NullRef<float>(), batch, inputs, ref g, inputs, outputs, relu: false, accumulate: false);

    /// <summary>
    /// <c>Y[n, i] = Σ_o D[n, o] · W[o, i]</c>: the input gradient of a batch through <c>[outputs, inputs]</c> weights,
    /// <see cref="Affine"/> with the weights' rows as its depth and no bias. Each value is its multiply-adds in output
    /// order.
    /// </summary>
    public static void Multiply(ref float d, int dStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch) =>
        MultiplyColumns(ref d, dStride, ref w, inputs, outputs, ref y, yStride, batch, inputs);

    /// <summary>
    /// The first <paramref name="columns"/> columns of <see cref="Multiply"/>'s product, <paramref name="w"/> and
    /// <paramref name="y"/> pointing at the first: a slice of the input gradient, with the bits the whole product gives it.
    /// </summary>
    internal static void MultiplyColumns(ref float d, int dStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch, int columns) =>
        Products(new(ref d, dStride, 1), ref w, inputs, ref Unsafe.NullRef<float>(), outputs, columns, ref y, yStride, batch, relu: false, accumulate: false);

    /// <summary>
    /// <c>C[r, j] = s[r, j] + Σ_k A(k, r) · B[k, j]</c> for <paramref name="rows"/> rows and <paramref name="columns"/>
    /// columns, then <c>max(·, 0)</c> when <paramref name="relu"/>, where <c>s</c> is C itself when
    /// <paramref name="accumulate"/>, else the bias row (a null reference: zero). Every matrix product of the Dense and
    /// convolution layers is this one kernel: tiles of up to eight rows by two vectors of columns keep their sums in
    /// registers while the <paramref name="depth"/> rows of B stream past, each B vector serving every row of the tile
    /// and each broadcast of A two vectors, with no horizontal sums. Each value is its start followed by its
    /// multiply-adds in depth order whichever tile (and vector width) computes it, so a row's values never depend on
    /// where it lies or how many rows there are, or how many blocks of depth (<see cref="ProductDepthBlock"/>) it takes.
    /// </summary>
    private static void Products(Operand a, ref float b, int bStride, ref float bias, int depth, int columns, ref float c, int cStride, int rows, bool relu,
        bool accumulate)
    {
        if (depth <= ProductDepthBlock || rows == 1)
        {
            // One sample streams B once whatever its depth.
            ProductsOverDepth(a, ref b, bStride, ref bias, depth, columns, ref c, cStride, rows, relu, accumulate);
            return;
        }

        int blocks = (depth + ProductDepthBlock - 1) / ProductDepthBlock;
        int block = (depth + blocks - 1) / blocks;
        for (int k = 0; k < depth; k += block)
        {
            int count = Math.Min(block, depth - k);
            bool first = k == 0;
            ProductsOverDepth(a.Deeper(k), ref Unsafe.Add(ref b, (nint)k * bStride), bStride, ref first ? ref bias : ref Unsafe.NullRef<float>(), count, columns,
                ref c, cStride, rows, relu && k + count == depth, accumulate || !first);
        }
    }

    /// <summary>
    /// The most depth one pass of <see cref="ProductsOverDepth"/> covers. Deeper products run in equal blocks of depth,
    /// each adding onto the sums the last one stored (a float stored and read back is the same float, so each value's
    /// bits are those of one pass): a block's rows of B for one pair of column vectors (256 × 64 bytes with Vector256)
    /// stay in L1 while every tile of rows uses them, and its rows of A in L2. Unblocked, a 784-deep layer's panel
    /// (50 KB) is read from L2 by every tile, and a chunk of 64 samples with the layer's weights (600 KB) outgrows a
    /// Zen 3 core's 512 KB L2: 1,024 rows of 784-128-64-1 on such a core (AVX2) took 5.8 ms, 4.8 ms in blocks (in-process
    /// pairs, median ratio 1.21).
    /// </summary>
    private const int ProductDepthBlock = 256;

    /// <summary><see cref="Products"/> over one block of depth: <paramref name="bias"/> (or C when <paramref name="accumulate"/>) plus its multiply-adds.</summary>
    private static void ProductsOverDepth(Operand a, ref float b, int bStride, ref float bias, int depth, int columns, ref float c, int cStride, int rows, bool relu,
        bool accumulate)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            j = ProductColumns<Lanes512, Vector512<float>>(a, ref b, bStride, ref bias, depth, columns, ref c, cStride, rows, relu, accumulate, j);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            j = ProductColumns<Lanes256, Vector256<float>>(a, ref b, bStride, ref bias, depth, columns, ref c, cStride, rows, relu, accumulate, j);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            j = ProductColumns<Lanes128, Vector128<float>>(a, ref b, bStride, ref bias, depth, columns, ref c, cStride, rows, relu, accumulate, j);
        }

        bool hasBias = !Unsafe.IsNullRef(ref bias);
        for (; j < columns; j++)
        {
            for (int r = 0; r < rows; r++)
            {
                ref float ar = ref a.Row(r);
                float sum = accumulate ? Unsafe.Add(ref c, r * cStride + j) : hasBias ? Unsafe.Add(ref bias, j) : 0f;
                for (int k = 0; k < depth; k++)
                {
                    sum = float.MultiplyAddEstimate(Unsafe.Add(ref ar, k * a.DepthStep), Unsafe.Add(ref b, k * bStride + j), sum);
                }

                Unsafe.Add(ref c, r * cStride + j) = relu ? MathF.Max(sum, 0f) : sum;
            }
        }
    }

    /// <summary>The columns from <paramref name="j"/> that whole vectors of <typeparamref name="TLanes"/> cover; returns the first column left.</summary>
    private static int ProductColumns<TLanes, TVector>(
        Operand a, ref float b, int bStride, ref float bias, int depth, int columns, ref float c, int cStride, int rows, bool relu, bool accumulate, int j)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        if (rows == 1)
        {
            for (int vectors; (vectors = Math.Min(SampleTileVectors, (columns - j) / width)) > 0; j += vectors * width)
            {
                AffineSampleTile<TLanes, TVector>(a, ref Unsafe.Add(ref b, j), bStride, 2 * width, ref Unsafe.IsNullRef(ref bias) ? ref bias : ref Unsafe.Add(ref bias, j),
                    depth, ref Unsafe.Add(ref c, j), vectors, relu, accumulate);
            }

            return j;
        }

        for (; j <= columns - 2 * width; j += 2 * width)
        {
            ref float biasAt = ref Unsafe.IsNullRef(ref bias) ? ref bias : ref Unsafe.Add(ref bias, j);
            for (int r = 0; r < rows; r += TLanes.RowsOfTwo)
            {
                AffineTileOfTwo<TLanes, TVector>(
                    a.From(r), ref Unsafe.Add(ref b, j), bStride, ref biasAt, depth,
                    ref Unsafe.Add(ref c, r * cStride + j), cStride, Math.Min(TLanes.RowsOfTwo, rows - r), relu, accumulate);
            }
        }

        for (; j <= columns - width; j += width)
        {
            ref float biasAt = ref Unsafe.IsNullRef(ref bias) ? ref bias : ref Unsafe.Add(ref bias, j);
            for (int r = 0; r < rows; r += AffineRowsOfOne)
            {
                AffineTileOfOne<TLanes, TVector>(
                    a.From(r), ref Unsafe.Add(ref b, j), bStride, ref biasAt, depth,
                    ref Unsafe.Add(ref c, r * cStride + j), cStride, Math.Min(AffineRowsOfOne, rows - r), relu, accumulate);
            }
        }

        return j;
    }

    /// <summary>
    /// Up to <c>TLanes.RowsOfTwo</c> rows (<paramref name="rows"/>) by two vectors of columns. Missing rows
    /// repeat the last one, so every load stays inside the operands, and their sums are not stored. The last two rows'
    /// code exists only where the lanes have registers for sixteen sums (the JIT drops it elsewhere).
    /// </summary>
    private static void AffineTileOfTwo<TLanes, TVector>(
        Operand a, ref float w, int wStride, ref float bias, int depth, ref float y, int yStride, int rows, bool relu, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        nint x1 = StartRow(1, rows, a.RowStep), x2 = StartRow(2, rows, a.RowStep), x3 = StartRow(3, rows, a.RowStep);
        nint x4 = StartRow(4, rows, a.RowStep), x5 = StartRow(5, rows, a.RowStep), x6 = StartRow(6, rows, a.RowStep), x7 = StartRow(7, rows, a.RowStep);
        bool hasBias = !Unsafe.IsNullRef(ref bias);
        TVector left = hasBias ? TLanes.Load(ref bias, 0) : TLanes.Zero;
        TVector right = hasBias ? TLanes.Load(ref bias, width) : TLanes.Zero;
        TVector l0 = left, r0 = right, l1 = left, r1 = right, l2 = left, r2 = right;
        TVector l3 = left, r3 = right, l4 = left, r4 = right, l5 = left, r5 = right, l6 = left, r6 = right, l7 = left, r7 = right;
        if (accumulate)
        {
            (l0, r0) = (TLanes.Load(ref y, 0), TLanes.Load(ref y, width));
            (l1, r1) = (TLanes.Load(ref y, StartRow(1, rows, yStride)), TLanes.Load(ref y, StartRow(1, rows, yStride) + width));
            (l2, r2) = (TLanes.Load(ref y, StartRow(2, rows, yStride)), TLanes.Load(ref y, StartRow(2, rows, yStride) + width));
            (l3, r3) = (TLanes.Load(ref y, StartRow(3, rows, yStride)), TLanes.Load(ref y, StartRow(3, rows, yStride) + width));
            (l4, r4) = (TLanes.Load(ref y, StartRow(4, rows, yStride)), TLanes.Load(ref y, StartRow(4, rows, yStride) + width));
            (l5, r5) = (TLanes.Load(ref y, StartRow(5, rows, yStride)), TLanes.Load(ref y, StartRow(5, rows, yStride) + width));
            if (TLanes.RowsOfTwo > 6)
            {
                (l6, r6) = (TLanes.Load(ref y, StartRow(6, rows, yStride)), TLanes.Load(ref y, StartRow(6, rows, yStride) + width));
                (l7, r7) = (TLanes.Load(ref y, StartRow(7, rows, yStride)), TLanes.Load(ref y, StartRow(7, rows, yStride) + width));
            }
        }

        ref float ak = ref a.Start;
        ref float wk = ref w;
        for (int k = 0; k < depth; k++)
        {
            TVector w0 = TLanes.Load(ref wk, 0);
            TVector w1 = TLanes.Load(ref wk, width);
            TVector e = TLanes.Broadcast(ak);
            l0 = TLanes.MultiplyAdd(e, w0, l0);
            r0 = TLanes.MultiplyAdd(e, w1, r0);
            e = TLanes.Broadcast(Unsafe.Add(ref ak, x1));
            l1 = TLanes.MultiplyAdd(e, w0, l1);
            r1 = TLanes.MultiplyAdd(e, w1, r1);
            e = TLanes.Broadcast(Unsafe.Add(ref ak, x2));
            l2 = TLanes.MultiplyAdd(e, w0, l2);
            r2 = TLanes.MultiplyAdd(e, w1, r2);
            e = TLanes.Broadcast(Unsafe.Add(ref ak, x3));
            l3 = TLanes.MultiplyAdd(e, w0, l3);
            r3 = TLanes.MultiplyAdd(e, w1, r3);
            e = TLanes.Broadcast(Unsafe.Add(ref ak, x4));
            l4 = TLanes.MultiplyAdd(e, w0, l4);
            r4 = TLanes.MultiplyAdd(e, w1, r4);
            e = TLanes.Broadcast(Unsafe.Add(ref ak, x5));
            l5 = TLanes.MultiplyAdd(e, w0, l5);
            r5 = TLanes.MultiplyAdd(e, w1, r5);
            if (TLanes.RowsOfTwo > 6)
            {
                e = TLanes.Broadcast(Unsafe.Add(ref ak, x6));
                l6 = TLanes.MultiplyAdd(e, w0, l6);
                r6 = TLanes.MultiplyAdd(e, w1, r6);
                e = TLanes.Broadcast(Unsafe.Add(ref ak, x7));
                l7 = TLanes.MultiplyAdd(e, w0, l7);
                r7 = TLanes.MultiplyAdd(e, w1, r7);
            }

            ak = ref Unsafe.Add(ref ak, a.DepthStep);
            wk = ref Unsafe.Add(ref wk, wStride);
        }

        TLanes.Store(l0, ref y, 0, relu);
        TLanes.Store(r0, ref y, width, relu);
        if (rows > 1)
        {
            TLanes.Store(l1, ref y, yStride, relu);
            TLanes.Store(r1, ref y, yStride + width, relu);
        }

        if (rows > 2)
        {
            TLanes.Store(l2, ref y, 2 * yStride, relu);
            TLanes.Store(r2, ref y, 2 * yStride + width, relu);
        }

        if (rows > 3)
        {
            TLanes.Store(l3, ref y, 3 * yStride, relu);
            TLanes.Store(r3, ref y, 3 * yStride + width, relu);
        }

        if (rows > 4)
        {
            TLanes.Store(l4, ref y, 4 * yStride, relu);
            TLanes.Store(r4, ref y, 4 * yStride + width, relu);
        }

        if (rows > 5)
        {
            TLanes.Store(l5, ref y, 5 * yStride, relu);
            TLanes.Store(r5, ref y, 5 * yStride + width, relu);
        }

        if (rows > 6)
        {
            TLanes.Store(l6, ref y, 6 * yStride, relu);
            TLanes.Store(r6, ref y, 6 * yStride + width, relu);
        }

        if (rows > 7)
        {
            TLanes.Store(l7, ref y, 7 * yStride, relu);
            TLanes.Store(r7, ref y, 7 * yStride + width, relu);
        }
    }

    /// <summary>Vectors of outputs one <see cref="AffineSampleTile"/> computes: eight sums in flight keep two four-cycle multiply-add units busy.</summary>
    private const int SampleTileVectors = 8;

    /// <summary>
    /// One sample by up to <see cref="SampleTileVectors"/> vectors of outputs (<paramref name="vectors"/>; missing ones
    /// repeat the last, their sums not stored): each input's row of weights is read once, front to back, so a layer too
    /// large for the cache streams through it (the seeds' CNN's 1600 → 128 layer: about twice the speed of eight rows of
    /// dot products). The sums are the batch tiles' bits: the bias, then one multiply-add per input in order.
    /// </summary>
    private static void AffineSampleTile<TLanes, TVector>(
        Operand a, ref float w, int wStride, int pairStride, ref float bias, int depth, ref float y, int vectors, bool relu, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        int width = TLanes.Count;
        int c1 = StartRow(1, vectors, width), c2 = StartRow(2, vectors, width), c3 = StartRow(3, vectors, width);
        int c4 = StartRow(4, vectors, width), c5 = StartRow(5, vectors, width), c6 = StartRow(6, vectors, width), c7 = StartRow(7, vectors, width);
        // Where each vector's weights lie: pairs of vectors pairStride apart (2 · width in one row of W; a panel apart in panels).
        int w1 = PairOffset(1, vectors, width, pairStride), w2 = PairOffset(2, vectors, width, pairStride), w3 = PairOffset(3, vectors, width, pairStride);
        int w4 = PairOffset(4, vectors, width, pairStride), w5 = PairOffset(5, vectors, width, pairStride);
        int w6 = PairOffset(6, vectors, width, pairStride), w7 = PairOffset(7, vectors, width, pairStride);
        ref float start = ref accumulate ? ref y : ref bias;
        bool zero = !accumulate && Unsafe.IsNullRef(ref bias);
        TVector a0 = zero ? TLanes.Zero : TLanes.Load(ref start, 0), a1 = zero ? TLanes.Zero : TLanes.Load(ref start, c1);
        TVector a2 = zero ? TLanes.Zero : TLanes.Load(ref start, c2), a3 = zero ? TLanes.Zero : TLanes.Load(ref start, c3);
        TVector a4 = zero ? TLanes.Zero : TLanes.Load(ref start, c4), a5 = zero ? TLanes.Zero : TLanes.Load(ref start, c5);
        TVector a6 = zero ? TLanes.Zero : TLanes.Load(ref start, c6), a7 = zero ? TLanes.Zero : TLanes.Load(ref start, c7);
        ref float ak = ref a.Start;
        ref float wi = ref w;
        for (int k = 0; k < depth; k++)
        {
            TVector e = TLanes.Broadcast(ak);
            a0 = TLanes.MultiplyAdd(e, TLanes.Load(ref wi, 0), a0);
            a1 = TLanes.MultiplyAdd(e, TLanes.Load(ref wi, w1), a1);
            a2 = TLanes.MultiplyAdd(e, TLanes.Load(ref wi, w2), a2);
            a3 = TLanes.MultiplyAdd(e, TLanes.Load(ref wi, w3), a3);
            a4 = TLanes.MultiplyAdd(e, TLanes.Load(ref wi, w4), a4);
            a5 = TLanes.MultiplyAdd(e, TLanes.Load(ref wi, w5), a5);
            a6 = TLanes.MultiplyAdd(e, TLanes.Load(ref wi, w6), a6);
            a7 = TLanes.MultiplyAdd(e, TLanes.Load(ref wi, w7), a7);
            ak = ref Unsafe.Add(ref ak, a.DepthStep);
            wi = ref Unsafe.Add(ref wi, wStride);
        }

        // A missing vector repeats the last one's columns and sums: storing it writes the same values again.
        TLanes.Store(a7, ref y, c7, relu);
        TLanes.Store(a6, ref y, c6, relu);
        TLanes.Store(a5, ref y, c5, relu);
        TLanes.Store(a4, ref y, c4, relu);
        TLanes.Store(a3, ref y, c3, relu);
        TLanes.Store(a2, ref y, c2, relu);
        TLanes.Store(a1, ref y, c1, relu);
        TLanes.Store(a0, ref y, 0, relu);
    }

    /// <summary>Up to <see cref="AffineRowsOfOne"/> samples (<paramref name="rows"/>) by one vector of outputs, missing samples as in <see cref="AffineTileOfTwo"/>.</summary>
    private static void AffineTileOfOne<TLanes, TVector>(
        Operand a, ref float w, int wStride, ref float bias, int depth, ref float y, int yStride, int rows, bool relu, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nint x1 = StartRow(1, rows, a.RowStep), x2 = StartRow(2, rows, a.RowStep), x3 = StartRow(3, rows, a.RowStep);
        nint x4 = StartRow(4, rows, a.RowStep), x5 = StartRow(5, rows, a.RowStep), x6 = StartRow(6, rows, a.RowStep), x7 = StartRow(7, rows, a.RowStep);
        TVector start = Unsafe.IsNullRef(ref bias) ? TLanes.Zero : TLanes.Load(ref bias, 0);
        TVector a0 = start, a1 = start, a2 = start, a3 = start, a4 = start, a5 = start, a6 = start, a7 = start;
        if (accumulate)
        {
            (a0, a1) = (TLanes.Load(ref y, 0), TLanes.Load(ref y, StartRow(1, rows, yStride)));
            (a2, a3) = (TLanes.Load(ref y, StartRow(2, rows, yStride)), TLanes.Load(ref y, StartRow(3, rows, yStride)));
            (a4, a5) = (TLanes.Load(ref y, StartRow(4, rows, yStride)), TLanes.Load(ref y, StartRow(5, rows, yStride)));
            (a6, a7) = (TLanes.Load(ref y, StartRow(6, rows, yStride)), TLanes.Load(ref y, StartRow(7, rows, yStride)));
        }

        ref float ak = ref a.Start;
        ref float wi = ref w;
        for (int k = 0; k < depth; k++)
        {
            TVector v = TLanes.Load(ref wi, 0);
            a0 = TLanes.MultiplyAdd(TLanes.Broadcast(ak), v, a0);
            a1 = TLanes.MultiplyAdd(TLanes.Broadcast(Unsafe.Add(ref ak, x1)), v, a1);
            a2 = TLanes.MultiplyAdd(TLanes.Broadcast(Unsafe.Add(ref ak, x2)), v, a2);
            a3 = TLanes.MultiplyAdd(TLanes.Broadcast(Unsafe.Add(ref ak, x3)), v, a3);
            a4 = TLanes.MultiplyAdd(TLanes.Broadcast(Unsafe.Add(ref ak, x4)), v, a4);
            a5 = TLanes.MultiplyAdd(TLanes.Broadcast(Unsafe.Add(ref ak, x5)), v, a5);
            a6 = TLanes.MultiplyAdd(TLanes.Broadcast(Unsafe.Add(ref ak, x6)), v, a6);
            a7 = TLanes.MultiplyAdd(TLanes.Broadcast(Unsafe.Add(ref ak, x7)), v, a7);
            ak = ref Unsafe.Add(ref ak, a.DepthStep);
            wi = ref Unsafe.Add(ref wi, wStride);
        }

        TLanes.Store(a0, ref y, 0, relu);
        if (rows > 1)
        {
            TLanes.Store(a1, ref y, yStride, relu);
        }

        if (rows > 2)
        {
            TLanes.Store(a2, ref y, 2 * yStride, relu);
        }

        if (rows > 3)
        {
            TLanes.Store(a3, ref y, 3 * yStride, relu);
        }

        if (rows > 4)
        {
            TLanes.Store(a4, ref y, 4 * yStride, relu);
        }

        if (rows > 5)
        {
            TLanes.Store(a5, ref y, 5 * yStride, relu);
        }

        if (rows > 6)
        {
            TLanes.Store(a6, ref y, 6 * yStride, relu);
        }

        if (rows > 7)
        {
            TLanes.Store(a7, ref y, 7 * yStride, relu);
        }
    }

    /// <summary>Where row <paramref name="row"/> of a tile of <paramref name="rows"/> starts: a missing row reads the last one's values, never past the batch.</summary>
    private static int StartRow(int row, int rows, int stride) => Math.Min(row, rows - 1) * stride;

    /// <summary>Where vector <paramref name="vector"/> of a one-sample tile reads its weights (a missing one: the last's), vectors in pairs <paramref name="pairStride"/> apart.</summary>
    private static int PairOffset(int vector, int vectors, int width, int pairStride)
    {
        int v = Math.Min(vector, vectors - 1);
        return (v >> 1) * pairStride + (v & 1) * width;
    }

    /// <summary>
    /// The left operand A of <see cref="Products"/>: <c>A(k, r)</c> at <c>Start[r·RowStep + k·DepthStep]</c>, so one kernel
    /// reads X row by row (forward), the output gradient column by column (the weight gradient) or row by row (the input
    /// gradient).
    /// </summary>
    private readonly ref struct Operand(ref float start, int rowStep, int depthStep)
    {
        public readonly ref float Start = ref start;

        public int RowStep { get; } = rowStep;

        public int DepthStep { get; } = depthStep;

        /// <summary>Row <paramref name="r"/>'s first value.</summary>
        public ref float Row(int r) => ref Unsafe.Add(ref Start, r * RowStep);

        /// <summary>The operand from row <paramref name="r"/> on.</summary>
        public Operand From(int r) => new(ref Row(r), RowStep, DepthStep);

        /// <summary>The operand from depth <paramref name="k"/> on.</summary>
        public Operand Deeper(int k) => new(ref Unsafe.Add(ref Start, (nint)k * DepthStep), RowStep, DepthStep);
    }

    /// <summary>
    /// The operations a tile needs at one vector width, so one tile's code serves Vector512, Vector256 and Vector128
    /// (NEON and SSE); the JIT compiles each width apart, with every call inlined.
    /// </summary>
    private interface ILanes<TVector>
        where TVector : struct
    {
        static abstract int Count { get; }

        /// <summary>
        /// Samples of a two-vector tile: eight (sixteen sums) where there are 32 vector registers (AVX-512, Arm64's
        /// NEON), six (twelve sums, beside two weight vectors and a broadcast) in x64's sixteen; at most eight.
        /// </summary>
        static abstract int RowsOfTwo { get; }

        static abstract TVector Zero { get; }

        static abstract TVector Load(ref float at, int offset);

        static abstract TVector Broadcast(float value);

        static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

        /// <summary>IEEE's maximum lane by lane: NaN propagates, +0 over −0, as <c>MathF.Max</c>.</summary>
        static abstract TVector Max(TVector a, TVector b);

        /// <summary>Stores <paramref name="value"/>, first as <c>MathF.Max(·, 0)</c> lane by lane when <paramref name="relu"/>.</summary>
        static abstract void Store(TVector value, ref float at, int offset, bool relu);
    }

    private readonly struct Lanes512 : ILanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;

        public static int RowsOfTwo => 8;

        public static Vector512<float> Zero => Vector512<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(ref float at, int offset) => Vector512.LoadUnsafe(ref at, (nuint)offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<float> value, ref float at, int offset, bool relu) =>
            Vector512.StoreUnsafe(relu ? Vector512.Max(value, Vector512<float>.Zero) : value, ref at, (nuint)offset);
    }

    private readonly struct Lanes256 : ILanes<Vector256<float>>
    {
        public static int Count => Vector256<float>.Count;

        public static int RowsOfTwo => 6;

        public static Vector256<float> Zero => Vector256<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(ref float at, int offset) => Vector256.LoadUnsafe(ref at, (nuint)offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<float> value, ref float at, int offset, bool relu) =>
            Vector256.StoreUnsafe(relu ? Vector256.Max(value, Vector256<float>.Zero) : value, ref at, (nuint)offset);
    }

    private readonly struct Lanes128 : ILanes<Vector128<float>>
    {
        public static int Count => Vector128<float>.Count;

        public static int RowsOfTwo => AdvSimd.IsSupported ? 8 : 6;

        public static Vector128<float> Zero => Vector128<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Load(ref float at, int offset) => Vector128.LoadUnsafe(ref at, (nuint)offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<float> value, ref float at, int offset, bool relu) =>
            Vector128.StoreUnsafe(relu ? Vector128.Max(value, Vector128<float>.Zero) : value, ref at, (nuint)offset);
    }
}
