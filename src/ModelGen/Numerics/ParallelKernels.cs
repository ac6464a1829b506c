using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ModelGen.Numerics;

/// <summary>
/// A wide Dense layer's batch products split across the pool's threads by the layer's outputs, for models made only
/// of Dense layers. Splitting the batch by samples makes every core read every weight, and the optimizer step then
/// moves each weight's cache line from the core that wrote it to the other: on the 784-128-64-1 network that cost as
/// much as the whole step saved (two threads: 0.95 of one thread's speed). Split by outputs, each core computes the
/// same rows of the layer, and of its gradient, step after step (part 0 runs on the caller, the rest on the helpers in
/// order), and updates about the same rows of the optimizer's state, so a layer's weights stay where they are used.
/// Slices are whole multiples of <see cref="OutputAlignment"/> outputs, which the kernels' tiles divide, so every
/// value has the same bits on any thread count.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ParallelKernels
{
    /// <summary>Outputs per slice are a multiple of this: whole tiles of <see cref="VectorKernels"/>'s products.</summary>
    public const int OutputAlignment = 16;

    /// <summary>
    /// Batches of at least this many samples run <see cref="MultiplyTransposed"/> from the batch transposed. Measured on
    /// the 784→128 layer (Zen 5, in-process pairs): 32 samples 60 → 37 µs, 64 samples 129 → 80 µs, the transposes included.
    /// </summary>
    internal const int TransposedBatchFrom = 32;

    /// <summary>
    /// <c>Y[n, o] = Σ_i X[n, i] · W[o, i]</c>, its outputs split across up to <paramref name="threads"/> threads when the
    /// work repays it. A batch of fewer than <see cref="TransposedBatchFrom"/> samples runs
    /// <see cref="VectorKernels.MultiplyTransposed"/>. A larger one is transposed first, so that its samples lie along
    /// vectors: <c>Yᵀ = W·Xᵀ</c> is then <see cref="VectorKernels.AffinePanels"/>'s product, with the weights' rows
    /// as its samples. Its tiles keep sixteen sums in registers with no horizontal sums, where
    /// <see cref="VectorKernels.MultiplyTransposed"/>'s dot products reload six samples' rows for every two weight
    /// rows and ran at half the multiply-add rate. Each value is then its multiply-adds in input order, whichever
    /// thread computes it.
    /// </summary>
    public static unsafe void MultiplyTransposed(ref float x, int xStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch, int threads)
    {
        if (batch < TransposedBatchFrom)
        {
            fixed (float* px = &x, pw = &w, py = &y)
            {
                Split(new Arguments(Product.Forward, px, xStride, pw, py, yStride, inputs, outputs, batch), threads);
            }

            return;
        }

        fixed (float* px = &x, pw = &w, py = &y)
        {
            var arguments = new Arguments(Product.ForwardFromPanels, px, xStride, pw, py, yStride, inputs, outputs, batch);
            int parts = arguments.Parts(threads);

            // Yᵀ (outputs × batch floats), then each part's own copy of the batch in panels (inputs × batch): one copy
            // packed on one core and read on the other made the 784→128 layer over 64 samples slower on two threads
            // (in process, Zen 5: 100 µs) than on one (78 µs).
            float[] scratch = ArrayPool<float>.Shared.Rent((outputs + parts * inputs) * batch);
            try
            {
                fixed (float* pt = scratch)
                {
                    Run(arguments.WithScratch(pt), parts);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>
    /// <c>G[o, i] = Σ_n D[n, o] · X[n, i]</c>: a batch's weight gradient written over <paramref name="g"/>
    /// (<see cref="VectorKernels.OuterProducts"/>), its rows (outputs) split across up to <paramref name="threads"/>
    /// threads when the work repays it. Each thread writes its own rows, so no row is written by one core and then
    /// summed into by another.
    /// </summary>
    public static unsafe void OuterProducts(ref float d, int dStride, ref float x, int xStride, ref float g, int inputs, int outputs, int batch, int threads)
    {
        fixed (float* pd = &d, px = &x, pg = &g)
        {
            Split(new Arguments(Product.WeightGradient, px, xStride, pg, pd, dStride, inputs, outputs, batch), threads);
        }
    }

    /// <summary>
    /// <c>Y[n, i] = Σ_o D[n, o] · W[o, i]</c>: a batch's input gradient (<see cref="VectorKernels.Multiply"/>), its
    /// columns (the layer's inputs) split across up to <paramref name="threads"/> threads when the work repays it.
    /// </summary>
    public static unsafe void Multiply(ref float d, int dStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch, int threads)
    {
        fixed (float* pd = &d, pw = &w, py = &y)
        {
            Split(new Arguments(Product.InputGradient, pd, dStride, pw, py, yStride, inputs, outputs, batch), threads);
        }
    }

    /// <summary>
    /// Runs a product whole on the caller, or in slices of whole <see cref="OutputAlignment"/> blocks of its split
    /// dimension on the pool, each slice at least <see cref="ParallelBatch.MinimumWorkPerPart"/> multiply-adds.
    /// </summary>
    private static void Split(in Arguments arguments, int threads) => Run(arguments, arguments.Parts(threads));

    /// <summary>Runs a product in <paramref name="parts"/> slices (<see cref="Arguments.Parts"/>), on the caller alone when the pool is busy.</summary>
    private static void Run(in Arguments arguments, int parts)
    {
        if (parts <= 1 || !WorkerPool.TryEnter())
        {
            arguments.RunSlice(0, 0, arguments.Split);
            return;
        }

        ProductJob.Shared.Set(arguments, parts);
        WorkerPool.RunAndExit(ProductJob.Shared, parts);
    }

    private enum Product
    {
        /// <summary><c>Y = X·Wᵀ</c>, split by outputs.</summary>
        Forward,

        /// <summary>
        /// <c>Y = X·Wᵀ</c> through <c>Yᵀ = W·Xᵀ</c>, split by outputs: each slice packs X in panels into its part's room
        /// in <see cref="Arguments.Scratch"/>, computes its rows of Yᵀ (kept at the scratch's start) and writes them into
        /// Y's columns.
        /// </summary>
        ForwardFromPanels,

        /// <summary><c>G = Dᵀ·X</c>, split by outputs (the gradient's rows).</summary>
        WeightGradient,

        /// <summary><c>Y = D·W</c>, split by inputs (the gradient's columns).</summary>
        InputGradient,
    }

    /// <summary>
    /// One product's pinned operands: <see cref="Weights"/> is W (forward, input gradient) or the gradient G (weight
    /// gradient), <c>[outputs, inputs]</c>; <see cref="Rows"/> is Y (forward), the output gradient D (weight gradient) or
    /// the input gradient (input gradient, whose <see cref="X"/> is D), rows <see cref="RowStride"/> apart.
    /// </summary>
    private readonly unsafe struct Arguments(Product kind, float* x, int xStride, float* weights, float* rows, int rowStride, int inputs, int outputs, int batch,
        float* scratch = null)
    {
        public Product Kind { get; } = kind;

        public float* X { get; } = x;

        public int XStride { get; } = xStride;

        public float* Weights { get; } = weights;

        public float* Rows { get; } = rows;

        public int RowStride { get; } = rowStride;

        public int Inputs { get; } = inputs;

        public int Outputs { get; } = outputs;

        public int Batch { get; } = batch;

        /// <summary>Room for <see cref="Product.ForwardFromPanels"/>: Yᵀ, then the packed batch of each part.</summary>
        public float* Scratch { get; } = scratch;

        /// <summary>The dimension split across threads: the inputs for the input gradient, else the outputs.</summary>
        public int Split => Kind == Product.InputGradient ? Inputs : Outputs;

        /// <summary>The multiply-adds per value of the split dimension and sample.</summary>
        public int Depth => Kind == Product.InputGradient ? Outputs : Inputs;

        /// <summary>The slices to run on up to <paramref name="threads"/> threads: whole <see cref="OutputAlignment"/> blocks of <see cref="Split"/>, each worth its hand-off.</summary>
        public int Parts(int threads) => ParallelBatch.Parts(threads, Split / OutputAlignment, (long)OutputAlignment * Depth * Batch);

        /// <summary>These operands with <paramref name="room"/> as <see cref="Scratch"/>.</summary>
        public Arguments WithScratch(float* room) => new(Kind, X, XStride, Weights, Rows, RowStride, Inputs, Outputs, Batch, room);

        /// <summary>
        /// The product's values for [<paramref name="start"/>, <paramref name="end"/>) of <see cref="Split"/>, slice
        /// <paramref name="part"/>: the bits the whole product gives them.
        /// </summary>
        public void RunSlice(int part, int start, int end)
        {
            switch (Kind)
            {
                case Product.Forward:
                    // Y[:, start..end) from weight rows start..end.
                    VectorKernels.MultiplyTransposed(ref *X, XStride, ref *(Weights + (long)start * Inputs), Inputs, end - start, ref *(Rows + start), RowStride, Batch);
                    break;
                case Product.ForwardFromPanels:
                    {
                        // Yᵀ[start..end, :] from weight rows start..end, each row a sample of the panels' product.
                        float* panels = Scratch + (long)Outputs * Batch + (long)part * Inputs * Batch;
                        float* transposed = Scratch + (long)start * Batch;
                        VectorKernels.PackPanelsStrided(ref *X, XStride, Batch, Inputs, ref *panels);
                        VectorKernels.AffinePanels(ref *(Weights + (long)start * Inputs), Inputs, ref *panels, ref Unsafe.NullRef<float>(), Inputs, Batch, ref *transposed, Batch, end - start, relu: false);
                        VectorKernels.TransposeStrided(ref *transposed, Batch, end - start, Batch, ref *(Rows + start), RowStride);
                        break;
                    }

                case Product.WeightGradient:
                    // Gradient rows start..end from the output gradient's columns start..end.
                    VectorKernels.OuterProducts(ref *(Rows + start), RowStride, ref *X, XStride, ref *(Weights + (long)start * Inputs), Inputs, end - start, Batch);
                    break;
                default:
                    // Y[:, start..end) from the weights' columns start..end; X is the output gradient D.
                    VectorKernels.MultiplyColumns(ref *X, XStride, ref *(Weights + start), Inputs, Outputs, ref *(Rows + start), RowStride, Batch, end - start);
                    break;
            }
        }
    }

    /// <summary>One product's slices on the pool, its operands shared with the helpers while it runs.</summary>
    private sealed class ProductJob : PartedJob
    {
        /// <summary>One job object serves every call: the pool runs one job at a time.</summary>
        public static readonly ProductJob Shared = new();

        private Arguments _arguments;
        private int _parts;

        public void Set(in Arguments arguments, int parts) => (_arguments, _parts) = (arguments, parts);

        /// <summary>Drops the pointers, which are valid only while the caller keeps its operands pinned.</summary>
        public override void Clear() => _arguments = default;

        public override void Run(int part)
        {
            int blocks = _arguments.Split / OutputAlignment;
            int start = ParallelBatch.PartStart(part, _parts, blocks) * OutputAlignment;
            int end = part == _parts - 1 ? _arguments.Split : ParallelBatch.PartStart(part + 1, _parts, blocks) * OutputAlignment;
            _arguments.RunSlice(part, start, end);
        }
    }
}
