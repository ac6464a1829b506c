using System.ComponentModel;

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

    /// <summary><see cref="VectorKernels.MultiplyTransposed"/>, its outputs split across up to <paramref name="threads"/> threads when the work repays it.</summary>
    public static unsafe void MultiplyTransposed(ref float x, int xStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch, int threads)
    {
        int parts = Parts(threads, outputs, inputs, batch);
        if (parts <= 1 || !WorkerPool.TryEnter())
        {
            VectorKernels.MultiplyTransposed(ref x, xStride, ref w, inputs, outputs, ref y, yStride, batch);
            return;
        }

        fixed (float* px = &x, pw = &w, py = &y)
        {
            Run(new ProductJob.Arguments(Product.Forward, px, xStride, pw, py, yStride, inputs, outputs, batch), parts);
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
        int parts = Parts(threads, outputs, inputs, batch);
        if (parts <= 1 || !WorkerPool.TryEnter())
        {
            VectorKernels.OuterProducts(ref d, dStride, ref x, xStride, ref g, inputs, outputs, batch);
            return;
        }

        fixed (float* pd = &d, px = &x, pg = &g)
        {
            Run(new ProductJob.Arguments(Product.WeightGradient, px, xStride, pg, pd, dStride, inputs, outputs, batch), parts);
        }
    }

    /// <summary>
    /// <c>Y[n, i] = Σ_o D[n, o] · W[o, i]</c>: a batch's input gradient (<see cref="VectorKernels.Multiply"/>), its
    /// columns (the layer's inputs) split across up to <paramref name="threads"/> threads when the work repays it.
    /// </summary>
    public static unsafe void Multiply(ref float d, int dStride, ref float w, int inputs, int outputs, ref float y, int yStride, int batch, int threads)
    {
        int parts = Parts(threads, inputs, outputs, batch);
        if (parts <= 1 || !WorkerPool.TryEnter())
        {
            VectorKernels.Multiply(ref d, dStride, ref w, inputs, outputs, ref y, yStride, batch);
            return;
        }

        fixed (float* pd = &d, pw = &w, py = &y)
        {
            Run(new ProductJob.Arguments(Product.InputGradient, pd, dStride, pw, py, yStride, inputs, outputs, batch), parts);
        }
    }

    /// <summary>
    /// Slices of whole <see cref="OutputAlignment"/> blocks of the <paramref name="split"/> dimension, each at least
    /// <see cref="ParallelBatch.MinimumWorkPerPart"/> multiply-adds (a block costs <paramref name="depth"/> per value and sample).
    /// </summary>
    private static int Parts(int threads, int split, int depth, int batch) =>
        ParallelBatch.Parts(threads, split / OutputAlignment, (long)OutputAlignment * depth * batch);

    /// <summary>Runs one product's slices on the pool the caller has entered, and releases it.</summary>
    private static void Run(in ProductJob.Arguments arguments, int parts)
    {
        ProductJob.Shared.Set(arguments, parts);
        WorkerPool.RunAndExit(ProductJob.Shared, parts);
    }

    private enum Product
    {
        /// <summary><c>Y = X·Wᵀ</c>, split by outputs.</summary>
        Forward,

        /// <summary><c>G = Dᵀ·X</c>, split by outputs (the gradient's rows).</summary>
        WeightGradient,

        /// <summary><c>Y = D·W</c>, split by inputs (the gradient's columns).</summary>
        InputGradient,
    }

    /// <summary>One product's pinned operands, shared with the helpers while it runs.</summary>
    private sealed unsafe class ProductJob : PartedJob
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
            Arguments a = _arguments;
            int split = a.Kind == Product.InputGradient ? a.Inputs : a.Outputs;
            int blocks = split / OutputAlignment;
            int start = ParallelBatch.PartStart(part, _parts, blocks) * OutputAlignment;
            int end = part == _parts - 1 ? split : ParallelBatch.PartStart(part + 1, _parts, blocks) * OutputAlignment;
            switch (a.Kind)
            {
                case Product.Forward:
                    // Y[:, start..end) from weight rows start..end.
                    VectorKernels.MultiplyTransposed(ref *a.X, a.XStride, ref *(a.Weights + (long)start * a.Inputs), a.Inputs, end - start,
                        ref *(a.Rows + start), a.RowStride, a.Batch);
                    break;
                case Product.WeightGradient:
                    // Gradient rows start..end from the output gradient's columns start..end.
                    VectorKernels.OuterProducts(ref *(a.Rows + start), a.RowStride, ref *a.X, a.XStride, ref *(a.Weights + (long)start * a.Inputs), a.Inputs, end - start, a.Batch);
                    break;
                default:
                    // Y[:, start..end) from the weights' columns start..end; X is the output gradient D.
                    VectorKernels.MultiplyColumns(ref *a.X, a.XStride, ref *(a.Weights + start), a.Inputs, a.Outputs, ref *(a.Rows + start), a.RowStride, a.Batch, end - start);
                    break;
            }
        }

        /// <summary>
        /// The operands: <see cref="Weights"/> is W (forward, input gradient) or the gradient G (weight gradient),
        /// <c>[outputs, inputs]</c>; <see cref="Rows"/> is Y (forward), the output gradient D (weight gradient) or the
        /// input gradient (input gradient, whose <see cref="X"/> is D), rows <see cref="RowStride"/> apart.
        /// </summary>
        public readonly struct Arguments(Product kind, float* x, int xStride, float* weights, float* rows, int rowStride, int inputs, int outputs, int batch)
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
        }
    }
}
