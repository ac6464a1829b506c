using System;
using System.Buffers;
using System.ComponentModel;

namespace ModelGen.Numerics;

/// <summary>
/// Data parallelism for generated networks: <c>PredictBatch</c> and <c>ComputeGradients</c> split a batch into
/// contiguous parts of samples, run the parts on the caller and the helper threads of one process-wide pool, and
/// (for gradients) add the parts' sums in part order. The split depends only on the thread count asked for and the
/// batch, never on timing or on how many threads were free, so training is reproducible bit for bit for a given
/// <c>Threads</c> value; one thread is exactly the sequential computation.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ParallelBatch
{
    /// <summary>
    /// The least work, in multiply-adds, given a part of its own (a few microseconds of it). Measured
    /// (ParallelThresholdBenchmarks, docs/performance.md "Every core"): two parts of 32,768 multiply-adds already ran in
    /// 0.64 of one part's time, so the hand-off costs about a microsecond; below that the saving is too small to measure.
    /// </summary>
    public const long MinimumWorkPerPart = 1L << 15;

    /// <summary>The most parts a batch is split into, whatever thread count is asked for.</summary>
    public const int MaximumParts = 256;

    /// <summary>The threads a model uses unless told otherwise: every core of the machine.</summary>
    public static int DefaultThreads => Environment.ProcessorCount;

    /// <summary>Returns <paramref name="threads"/> if it is a usable thread count.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public static int RequireThreads(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "A model needs at least one thread; 1 runs every batch on the calling thread.");
        }

        return threads;
    }

    /// <summary>
    /// How many parts a batch of <paramref name="count"/> samples costing <paramref name="workPerSample"/> multiply-adds
    /// each is split into: at most <paramref name="threads"/> (and <see cref="MaximumParts"/>) and one per sample, and no part smaller than
    /// <see cref="MinimumWorkPerPart"/>, so small batches stay on the calling thread.
    /// </summary>
    public static int Parts(int threads, int count, long workPerSample)
    {
        if (threads <= 1 || count <= 1)
        {
            return 1;
        }

        long byWork = count * Math.Max(1L, workPerSample) / MinimumWorkPerPart;
        return (int)Math.Clamp(Math.Min(byWork, Math.Min(threads, count)), 1L, MaximumParts);
    }

    /// <summary>
    /// An array of at least <paramref name="length"/> floats for one call's prepared weights, from the shared pool, so a
    /// model keeps no second copy of its weights and steady calls allocate nothing; give it back with
    /// <see cref="ReturnScratch"/>.
    /// </summary>
    public static float[] RentScratch(int length) => ArrayPool<float>.Shared.Rent(length);

    /// <summary>Gives back an array from <see cref="RentScratch"/>; null does nothing.</summary>
    public static void ReturnScratch(float[]? scratch)
    {
        if (scratch is not null)
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>The first sample of part <paramref name="part"/> of <paramref name="parts"/> over <paramref name="count"/> samples.</summary>
    internal static int PartStart(int part, int parts, int count) => (int)((long)part * count / parts);

    /// <summary>
    /// Predicts row-major <paramref name="features"/> into <paramref name="outputs"/> with <paramref name="body"/> on
    /// each of up to <paramref name="parts"/> ranges of rows, every range but the last a whole number of
    /// <paramref name="rowsPerBlock"/> rows; every part reads the same <paramref name="weights"/> (what the model
    /// prepared once for the call, such as its transposed weights, or null). The body computes each block of rows the same way wherever the block starts
    /// (the generated code tiles its products per block), so the outputs are the same bits whatever the split; when the
    /// pool is busy with another batch, this thread runs the parts in turn.
    /// </summary>
    public static unsafe void Predict(
        object model, float[]? weights, ReadOnlySpan<float> features, int inputSize, Span<float> outputs, int outputSize, int rowsPerBlock, int parts, PredictionPart body)
    {
        int count = features.Length / inputSize;
        int blocks = (count + rowsPerBlock - 1) / rowsPerBlock;
        parts = Math.Min(parts, blocks);
        if (parts <= 1)
        {
            body(model, weights, features, outputs);
            return;
        }

        if (!WorkerPool.TryEnter())
        {
            // The same parts in turn, so a call behaves alike whether or not the pool was free.
            for (int part = 0; part < parts; part++)
            {
                (int start, int rows) = PredictionRange(part, parts, count, rowsPerBlock);
                body(model, weights, features.Slice(start * inputSize, rows * inputSize), outputs.Slice(start * outputSize, rows * outputSize));
            }

            return;
        }

        fixed (float* x = features)
        fixed (float* y = outputs)
        {
            PredictionJob.Shared.Set(model, weights, body, x, inputSize, y, outputSize, count, rowsPerBlock, parts);
            WorkerPool.RunAndExit(PredictionJob.Shared, parts);
        }
    }

    /// <summary>
    /// Fills <paramref name="gradients"/> with the batch's gradient and returns the sum of its samples' weighted losses:
    /// <paramref name="body"/> runs on each of <paramref name="parts"/> ranges of samples, part 0 into
    /// <paramref name="gradients"/> and part k into <c>partGradients[k - 1]</c> (allocated here on first need and kept
    /// by the model), and the parts' gradients and losses are then added in part order.
    /// </summary>
    public static unsafe double ComputeGradients(
        object model, ReadOnlySpan<float> features, int inputSize, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights,
        Span<float> scores, float[] gradients, ref float[][]? partGradients, int parts, GradientPart body)
    {
        int batch = labels.Length;
        if (parts <= 1)
        {
            return body(model, new BatchPart(0, 0, batch, features, labels, sampleWeights, scores, gradients));
        }

        float[][] buffers = PartBuffers(ref partGradients, parts - 1, gradients.Length);
        double* losses = stackalloc double[parts];
        if (!WorkerPool.TryEnter())
        {
            // The same parts in turn: the sums, and so the bits, are those the helpers would have produced.
            for (int part = 0; part < parts; part++)
            {
                losses[part] = body(model, Slice(part, parts, batch, features, inputSize, labels, sampleWeights, scores, part == 0 ? gradients : buffers[part - 1]));
            }
        }
        else
        {
            fixed (float* x = features)
            fixed (float* t = labels)
            fixed (float* w = sampleWeights)
            fixed (float* s = scores)
            {
                GradientJob.Shared.Set(model, body, x, inputSize, t, w, sampleWeights.IsEmpty, s, scores.IsEmpty, batch, parts, gradients, buffers, losses);
                WorkerPool.RunAndExit(GradientJob.Shared, parts);
            }
        }

        Reduce(gradients, buffers, parts);
        double total = losses[0];
        for (int part = 1; part < parts; part++)
        {
            total += losses[part];
        }

        return total;
    }

    /// <summary>
    /// Runs <paramref name="body"/> on <paramref name="parts"/> slices of <c>[0, count)</c> across the pool: an optimizer
    /// step over a model's parameters, each element updated on its own, so the bits never depend on the split. Slices
    /// are whole multiples of a cache line's 16 floats, so two threads share at most the one line at each boundary.
    /// </summary>
    public static void Update(object model, int count, int parts, ParameterUpdate body)
    {
        if (parts <= 1 || !WorkerPool.TryEnter())
        {
            body(model, 0, count);
            return;
        }

        UpdateJob.Shared.Set(model, body, count, parts);
        WorkerPool.RunAndExit(UpdateJob.Shared, parts);
    }

    /// <summary>Where slice <paramref name="part"/> of <see cref="Update"/> and the gradient sum starts: a multiple of a cache line's floats.</summary>
    private static int SliceStart(int part, int parts, int count) =>
        part >= parts ? count : PartStart(part, parts, count) & ~(CacheLineFloats - 1);

    /// <summary>Floats in a 64-byte cache line.</summary>
    private const int CacheLineFloats = 16;

    /// <summary>
    /// <c>gradients += buffers[0] + buffers[1] + …</c>, in part order for every element (the bits of adding the buffers
    /// one after another), over slices of the parameters on the pool's threads, which would otherwise wait while the
    /// caller read every part's buffer alone.
    /// </summary>
    private static void Reduce(float[] gradients, float[][] buffers, int parts)
    {
        if (!WorkerPool.TryEnter())
        {
            SumSlice(gradients, buffers, parts - 1, 0, gradients.Length);
            return;
        }

        ReductionJob.Shared.Set(gradients, buffers, parts);
        WorkerPool.RunAndExit(ReductionJob.Shared, parts);
    }

    private static void SumSlice(float[] gradients, float[][] buffers, int count, int start, int end)
    {
        for (int k = 0; k < count && start < end; k++)
        {
            VectorKernels.AddInPlace(ref gradients[start], ref buffers[k][start], end - start);
        }
    }

    /// <summary>The first row and the row count of prediction part <paramref name="part"/>: whole blocks, the last one possibly short.</summary>
    private static (int Start, int Rows) PredictionRange(int part, int parts, int count, int rowsPerBlock)
    {
        int blocks = (count + rowsPerBlock - 1) / rowsPerBlock;
        int start = PartStart(part, parts, blocks) * rowsPerBlock;
        return (start, Math.Min(PartStart(part + 1, parts, blocks) * rowsPerBlock, count) - start);
    }

    private static float[][] PartBuffers(ref float[][]? partGradients, int count, int length)
    {
        float[][] buffers = partGradients ?? Array.Empty<float[]>();
        if (buffers.Length < count)
        {
            var grown = new float[count][];
            Array.Copy(buffers, grown, buffers.Length);
            for (int k = buffers.Length; k < count; k++)
            {
                grown[k] = new float[length];
            }

            buffers = grown;
            partGradients = grown;
        }

        return buffers;
    }

    private static BatchPart Slice(
        int part, int parts, int batch, ReadOnlySpan<float> features, int inputSize, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> sampleWeights, Span<float> scores, float[] gradients)
    {
        int start = PartStart(part, parts, batch);
        int count = PartStart(part + 1, parts, batch) - start;
        return new BatchPart(
            part, start, batch,
            features.Slice(start * inputSize, count * inputSize),
            labels.Slice(start, count),
            sampleWeights.IsEmpty ? default : sampleWeights.Slice(start, count),
            scores.IsEmpty ? default : scores.Slice(start, count),
            gradients);
    }

    /// <summary>The pinned buffers of one <see cref="Predict"/> call, shared with the helpers while it runs.</summary>
    private sealed unsafe class PredictionJob : PartedJob
    {
        /// <summary>One job object serves every call: the pool runs one job at a time.</summary>
        public static readonly PredictionJob Shared = new();

        private object? _model;
        private float[]? _weights;
        private PredictionPart? _body;
        private float* _features;
        private float* _outputs;
        private int _inputSize;
        private int _outputSize;
        private int _count;
        private int _rowsPerBlock;
        private int _parts;

        public void Set(object model, float[]? weights, PredictionPart body, float* features, int inputSize, float* outputs, int outputSize, int count, int rowsPerBlock, int parts)
        {
            _model = model;
            _weights = weights;
            _body = body;
            _features = features;
            _inputSize = inputSize;
            _outputs = outputs;
            _outputSize = outputSize;
            _count = count;
            _rowsPerBlock = rowsPerBlock;
            _parts = parts;
        }

        /// <summary>Drops the references so a finished call keeps neither the model nor the caller's memory.</summary>
        public override void Clear()
        {
            _model = null;
            _weights = null;
            _body = null;
            _features = null;
            _outputs = null;
        }

        public override void Run(int part)
        {
            (int start, int rows) = PredictionRange(part, _parts, _count, _rowsPerBlock);
            _body!(_model!, _weights,
                new ReadOnlySpan<float>(_features + (long)start * _inputSize, rows * _inputSize),
                new Span<float>(_outputs + (long)start * _outputSize, rows * _outputSize));
        }
    }

    /// <summary>One <see cref="Update"/> call's slices.</summary>
    private sealed class UpdateJob : PartedJob
    {
        /// <summary>One job object serves every call: the pool runs one job at a time.</summary>
        public static readonly UpdateJob Shared = new();

        private object? _model;
        private ParameterUpdate? _body;
        private int _count;
        private int _parts;

        public void Set(object model, ParameterUpdate body, int count, int parts) => (_model, _body, _count, _parts) = (model, body, count, parts);

        /// <summary>Drops the references so a finished call keeps no model.</summary>
        public override void Clear() => (_model, _body) = (null, null);

        public override void Run(int part)
        {
            int start = SliceStart(part, _parts, _count), end = SliceStart(part + 1, _parts, _count);
            if (start < end)
            {
                _body!(_model!, start, end);
            }
        }
    }

    /// <summary>The buffers of one gradient sum, in slices.</summary>
    private sealed class ReductionJob : PartedJob
    {
        /// <summary>One job object serves every call: the pool runs one job at a time.</summary>
        public static readonly ReductionJob Shared = new();

        private float[]? _gradients;
        private float[][]? _buffers;
        private int _parts;

        public void Set(float[] gradients, float[][] buffers, int parts) => (_gradients, _buffers, _parts) = (gradients, buffers, parts);

        /// <summary>Drops the references so a finished call keeps no buffers.</summary>
        public override void Clear() => (_gradients, _buffers) = (null, null);

        public override void Run(int part) =>
            SumSlice(_gradients!, _buffers!, _parts - 1, SliceStart(part, _parts, _gradients!.Length), SliceStart(part + 1, _parts, _gradients.Length));
    }

    /// <summary>The pinned buffers of one <see cref="ComputeGradients"/> call, shared with the helpers while it runs.</summary>
    private sealed unsafe class GradientJob : PartedJob
    {
        /// <summary>One job object serves every call: the pool runs one job at a time.</summary>
        public static readonly GradientJob Shared = new();

        private object? _model;
        private GradientPart? _body;
        private float* _features;
        private float* _labels;
        private float* _weights;
        private float* _scores;
        private bool _unweighted;
        private bool _unscored;
        private int _inputSize;
        private int _batch;
        private int _parts;
        private float[]? _gradients;
        private float[][]? _buffers;
        private double* _losses;

        public void Set(
            object model, GradientPart body, float* features, int inputSize, float* labels, float* weights, bool unweighted,
            float* scores, bool unscored, int batch, int parts, float[] gradients, float[][] buffers, double* losses)
        {
            _model = model;
            _weights = weights;
            _body = body;
            _features = features;
            _inputSize = inputSize;
            _labels = labels;
            _weights = weights;
            _unweighted = unweighted;
            _scores = scores;
            _unscored = unscored;
            _batch = batch;
            _parts = parts;
            _gradients = gradients;
            _buffers = buffers;
            _losses = losses;
        }

        /// <summary>Drops the references so a finished call keeps neither the model nor the caller's memory.</summary>
        public override void Clear()
        {
            _model = null;
            _body = null;
            _gradients = null;
            _buffers = null;
            _features = null;
            _labels = null;
            _weights = null;
            _scores = null;
            _losses = null;
        }

        public override void Run(int part)
        {
            _losses[part] = _body!(_model!, Slice(
                part, _parts, _batch,
                new ReadOnlySpan<float>(_features, _batch * _inputSize),
                _inputSize,
                new ReadOnlySpan<float>(_labels, _batch),
                _unweighted ? default : new ReadOnlySpan<float>(_weights, _batch),
                _unscored ? default : new Span<float>(_scores, _batch),
                part == 0 ? _gradients! : _buffers![part - 1]));
        }
    }
}

/// <summary>
/// Predicts the rows of <paramref name="features"/> into <paramref name="outputs"/> on the calling thread (a generated
/// model's part of <c>PredictBatch</c>), reading the <paramref name="weights"/> the call prepared, if any.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void PredictionPart(object model, float[]? weights, ReadOnlySpan<float> features, Span<float> outputs);

/// <summary>Updates a model's parameters <c>[start, end)</c>: one slice of an optimizer step (<see cref="ParallelBatch.Update"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void ParameterUpdate(object model, int start, int end);

/// <summary>
/// Clears <see cref="BatchPart.Gradients"/> and fills it with the gradient of <paramref name="part"/>'s samples' losses
/// (each weighted and divided by the whole batch's size); returns the sum of their weighted losses.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate double GradientPart(object model, in BatchPart part);

/// <summary>One contiguous range of a training batch, as <see cref="ParallelBatch.ComputeGradients"/> hands it to a thread.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct BatchPart
{
    internal BatchPart(int index, int first, int batchSize, ReadOnlySpan<float> features, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> sampleWeights, Span<float> scores, float[] gradients)
    {
        Index = index;
        First = first;
        BatchSize = batchSize;
        Features = features;
        Labels = labels;
        SampleWeights = sampleWeights;
        Scores = scores;
        Gradients = gradients;
    }

    /// <summary>Which part this is; part 0 writes the model's own gradients.</summary>
    public int Index { get; }

    /// <summary>The position of the part's first sample in the whole batch (dropout masks are drawn per sample of the batch).</summary>
    public int First { get; }

    /// <summary>The whole batch's sample count, which each sample's loss is divided by.</summary>
    public int BatchSize { get; }

    /// <summary>The part's samples, row-major.</summary>
    public ReadOnlySpan<float> Features { get; }

    /// <summary>The part's labels.</summary>
    public ReadOnlySpan<float> Labels { get; }

    /// <summary>The part's sample weights; empty when the batch has none.</summary>
    public ReadOnlySpan<float> SampleWeights { get; }

    /// <summary>Where the part's samples' scores go; empty when the caller wants none.</summary>
    public Span<float> Scores { get; }

    /// <summary>The gradient buffer this part fills.</summary>
    public float[] Gradients { get; }
}
