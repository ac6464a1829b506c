using System;
using System.Collections.Generic;
using System.Globalization;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Layers;

/// <summary>A convolution as <c>[Conv2D(filters, kernelSize, stride, padding, activation)]</c> declares it.</summary>
internal sealed record Conv2DLayerSpec(
    int AttributeIndex,
    int Filters,
    int KernelSize,
    int Stride,
    Padding Padding,
    Activation Activation,
    bool UseBias,
    Initializer Initializer,
    double L2,
    double NegativeSlope)
    : LayerSpec(AttributeIndex, Activation, NegativeSlope)
{
    public override LayerKind Kind => Conv2DLayer.Instance;
}

/// <summary>
/// <c>y[f] = activation(b[f] + Σ_c W[f, c] ⋆ x[c])</c>, weights <c>[filters, channels, k, k]</c> then bias: PyTorch's
/// <c>nn.Conv2d</c> layout. With stride 1 every pass is a matrix product over whole planes: the forward pass one
/// implicit product whose columns are output positions on rows as wide as the (padded) input (the columns past the
/// output's width are computed and dropped); the input gradient one product of the transposed weights by the output
/// gradient, each (channel, tap) row of which is then added into the window of the input that tap reads; and, over at
/// least <see cref="ChannelLastFromChannels"/> channels, the weight gradient one product per tap against the input
/// laid out channel-last. Stride-1 layers train batch by batch, so the weights are transposed once per batch. Same
/// padding copies the input into a zero border first. Strides above 1 run as plain loops.
/// </summary>
internal sealed class Conv2DLayer : LayerKind
{
    /// <summary>
    /// Layers over at least this many channels compute their weight gradient as products against the input laid out
    /// channel-last, whose rows then hold at least one Vector256 (the seeds' CNN's second convolution, 32 channels:
    /// see docs/performance.md); fewer channels keep one dot product per (filter, channel, tap).
    /// </summary>
    public const int ChannelLastFromChannels = 8;

    /// <summary>The input gradient's product has rows of output positions padded to a multiple of this, so every column falls in a whole Vector512.</summary>
    private const int ColumnAlignment = 16;

    public override bool HasInputGradient => true;

    /// <summary>Stride-1 convolutions train over the whole batch: their input gradient needs the weights transposed, once per batch.</summary>
    public override bool RunsBatched(LayerPlan layer) => ((Conv2DLayerSpec)layer.Spec).Stride == 1;

    /// <summary>A stride-1 convolution with ReLU or no activation pools its product straight into a max pooling layer after it.</summary>
    public override bool FusesNextForPrediction(LayerPlan layer) =>
        ((Conv2DLayerSpec)layer.Spec).Stride == 1
        && layer.Next?.Spec is PoolingLayerSpec { IsMax: true }
        && layer.AppliedActivation is Activation.Relu or Activation.Linear;

    /// <summary>
    /// A convolution fused with a 2 × 2 max pooling predicts from its weights transposed, depth-major
    /// (<c>VectorKernels.MultiplyShiftedPooled</c>): only the positions the windows read are computed and no product
    /// plane is written. The seeds' CNN, one image on a Zen 5 core: its first convolution 5.8 → 3.6 µs, its second
    /// 23.5 → 19.9 µs (the same bits). A frozen snapshot and a large <c>PredictBatch</c> call transpose the weights once;
    /// the model's own one-sample pass only where that pays on every call (<see cref="TransposesOnEveryCall"/>). Its vectors run across
    /// filters, so a layer needs <see cref="PooledFromFilters"/> of them; with fewer, the wide rows fill the vectors better.
    /// </summary>
    public override int TransposedWeights(LayerPlan layer) =>
        FusesNextForPrediction(layer) && ((PoolingLayerSpec)layer.Next!.Spec).Size == 2 && ((Conv2DLayerSpec)layer.Spec).Filters >= PooledFromFilters
            ? new Geometry(layer).WeightCount
            : 0;

    /// <summary>The fewest filters that predict pooled from transposed weights: one Vector512 of them, two Vector256.</summary>
    private const int PooledFromFilters = 16;

    public override void EmitTranspose(SourceWriter writer, LayerPlan layer, string target)
    {
        var g = new Geometry(layer);
        writer.Line($"{Code.Kernels}.Transpose(ref {Code.At("p", layer.ParameterOffset)}, {Literals.Int(g.Filters)}, {Literals.Int(g.Depth)}, ref {target});");
    }

    public static Conv2DLayer Instance { get; } = new();

    public override string AttributeName => "Conv2D";

    public override LayerSpec Parse(AttributeValues values)
    {
        int filters = values.Int("filters", 0);
        int kernel = values.Int("kernelSize", 0);
        int stride = values.Int("stride", 1);
        Padding padding = values.Enum("padding", Padding.Valid);
        Activation activation = values.Enum("activation", Activation.Linear);
        ReportNonPositive(values, filters, "filters", "Conv2D filters");
        ReportNonPositive(values, kernel, "kernelSize", "Conv2D kernel size");
        ReportNonPositive(values, stride, "stride", "Conv2D stride");
        (bool useBias, Initializer initializer, double l2, double slope) = WeightOptions.Parse(values, activation);
        return new Conv2DLayerSpec(values.AttributeIndex, filters, kernel, stride, padding, activation, useBias, initializer, l2, slope);
    }

    /// <summary>Reports MG0015 when a size argument is not positive.</summary>
    internal static void ReportNonPositive(AttributeValues values, int value, string argument, string what)
    {
        if (value <= 0)
        {
            values.ReportArgument(Descriptors.NonPositiveSize.Id, argument, what, Invariant.Number(value));
        }
    }

    public override bool ComputesWeightedSums => true;

    public override LayerShape? InferShape(LayerSpec spec, TensorShape input, List<SpecProblem>? problems)
    {
        var conv = (Conv2DLayerSpec)spec;
        if (conv.Filters <= 0 || conv.KernelSize <= 0 || conv.Stride <= 0)
        {
            return null;
        }

        if (!input.IsSpatial)
        {
            problems?.Add(Problem(Descriptors.SpatialLayerOnFlatInput, spec, "Conv2D", Literals.Int(input.Size)));
            return null;
        }

        int k = conv.KernelSize;
        int s = conv.Stride;
        int outputHeight;
        int outputWidth;
        if (conv.Padding == Padding.Same)
        {
            outputHeight = (input.Height + s - 1) / s;
            outputWidth = (input.Width + s - 1) / s;
        }
        else
        {
            if (k > input.Height || k > input.Width)
            {
                problems?.Add(Problem(Descriptors.WindowLargerThanInput, spec, "Conv2D", Literals.Int(k), Literals.Int(input.Height), Literals.Int(input.Width), " or Padding.Same"));
                return null;
            }

            foreach (int extent in new[] { input.Height, input.Width })
            {
                if ((extent - k) % s != 0)
                {
                    problems?.Add(Problem(Descriptors.ConvolutionDoesNotTile, spec, Literals.Int(k), Literals.Int(s), Literals.Int(input.Height), Literals.Int(input.Width), Literals.Int(extent)));
                    return null;
                }
            }

            outputHeight = (input.Height - k) / s + 1;
            outputWidth = (input.Width - k) / s + 1;
        }

        long weights = (long)conv.Filters * input.Channels * k * k;
        return new LayerShape(TensorShape.Image(conv.Filters, outputHeight, outputWidth), weights + (conv.UseBias ? conv.Filters : 0));
    }

    public override string Describe(LayerSpec spec)
    {
        var conv = (Conv2DLayerSpec)spec;
        return $"Conv2D({Invariant.Number(conv.Filters)}, {Invariant.Number(conv.KernelSize)}, stride {Invariant.Number(conv.Stride)}, {conv.Padding}, {conv.Activation}"
            + $"{WeightOptions.Describe(conv.UseBias, conv.Activation, conv.NegativeSlope)})";
    }

    public override long MultiplyAdds(LayerPlan layer)
    {
        var g = new Geometry(layer);
        return (long)layer.OutputSize * g.Channels * g.Kernel * g.Kernel;
    }

    public override IReadOnlyList<TensorPlan> Tensors(LayerPlan layer)
    {
        var g = new Geometry(layer);
        var weight = new TensorPlan("weight", new[] { g.Filters, g.Channels, g.Kernel, g.Kernel }, 0);
        return g.UseBias
            ? new[] { weight, new TensorPlan("bias", new[] { g.Filters }, g.BiasOffset) }
            : new[] { weight };
    }

    public override (int Offset, int Count, double Strength) Regularized(LayerPlan layer) =>
        (layer.ParameterOffset, new Geometry(layer).BiasOffset, ((Conv2DLayerSpec)layer.Spec).L2);

    public override void EmitInitialization(SourceWriter writer, LayerPlan layer)
    {
        var conv = (Conv2DLayerSpec)layer.Spec;
        var g = new Geometry(layer);
        // Keras's fans for a convolution: channels (in or out) times the kernel's area.
        (Initializer initializer, double limit) = WeightOptions.Uniform(conv.Initializer, conv.Activation,
            (double)g.Channels * g.Kernel * g.Kernel, (double)g.Filters * g.Kernel * g.Kernel);
        writer.Line($"// {layer.Name}: {initializer} kernel, zero bias.");
        writer.Line($"rng.FillUniform(new {Code.Span}<float>(_parameters, {Literals.Int(layer.ParameterOffset)}, {Literals.Int(g.BiasOffset)}), {Literals.Double(limit)});");
    }

    public override void EmitMethods(SourceWriter writer, LayerPlan layer)
    {
        var g = new Geometry(layer);
        if (g.Stride == 1)
        {
            EmitWideForward(writer, layer, g);
            writer.Line();
            if (FusesNextForPrediction(layer))
            {
                EmitPooledForward(writer, layer, g);
                writer.Line();
            }

            if (TransposedWeights(layer) > 0)
            {
                EmitPooledTransposed(writer, layer, g);
                writer.Line();
            }

            EmitForwardBatch(writer, layer);
            writer.Line();
            if (!g.ChannelLast)
            {
                EmitWideBackwardParameters(writer, layer, g);
                writer.Line();
            }

            EmitInputGradient(writer, layer, g);
            writer.Line();
            EmitBackwardInputOfOne(writer, layer, g);
            writer.Line();
            EmitBackwardBatch(writer, layer, g);
        }
        else
        {
            EmitStridedForward(writer, layer, g);
            writer.Line();
            EmitStridedBackwardParameters(writer, layer, g);
            writer.Line();
            EmitStridedBackwardInput(writer, layer, g);
        }

        writer.Line();
        EmitReference(writer, layer, g);
    }

    /// <summary>Declares <c>ref float source</c>: the input itself, or a copy of it inside a zero border for Same padding.</summary>
    private static IDisposable Source(SourceWriter writer, Geometry g, string input)
    {
        if (!g.IsPadded)
        {
            writer.Line($"ref float source = ref {input};");
            return ScopeStack.Empty;
        }

        IDisposable scope = Scratch.Declare(writer, "padded", Literals.Int(g.PaddedSize), g.PaddedSize);
        writer.Line("padded.Clear();");
        writer.Line($"ref float source = ref {Code.MemoryMarshal}.GetReference(padded);");
        EmitCopyInsideBorder(writer, g, input, "source");
        return scope;
    }

    /// <summary>Copies the input into the inside of <paramref name="target"/>, a padded input whose border is already zero.</summary>
    private static void EmitCopyInsideBorder(SourceWriter writer, Geometry g, string input, string target)
    {
        using (writer.For("c", g.Channels))
        {
            writer.Line($"{Code.Kernels}.CopyRows(ref {Code.At(input, $"c * {g.Height * g.Width}")}, {Literals.Int(g.Width)}, ref {Code.At(target, $"c * {g.PaddedPlane} + {g.InsideBorder}")}, " +
                $"{Literals.Int(g.PaddedWidth)}, {Literals.Int(g.Height)}, {Literals.Int(g.Width)}, relu: false);");
        }
    }

    /// <summary>
    /// The stride-1 forward pass as one implicit matrix product (<c>VectorKernels.MultiplyShifted</c>): filters by
    /// wide-plane positions, over every (channel, tap), each tap's inputs a window of the (padded) input at the tap's
    /// offset. Register tiles of four filters keep their sums over the whole depth in registers, where the tap-by-tap
    /// loop this replaced read and wrote each filter's plane once per tap; every sum still runs over the taps in the
    /// same order, so the outputs are the same bits (the seeds' CNN, one image: 289 → see docs/performance.md).
    /// </summary>
    private static void EmitWideForward(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        var offsets = new List<string>(g.Depth);
        for (int c = 0; c < g.Channels; c++)
        {
            EmitTapOffsets(g, tap => offsets.Add(Literals.Int(c * g.PaddedPlane + tap.Offset)));
        }

        writer.Line($"/// <summary>Where each of {layer.Name}'s (channel, tap) windows starts in its padded input.</summary>");
        writer.Line($"private static {Code.ReadOnlySpan}<int> {layer.Name}Taps => new int[] {{ {string.Join(", ", offsets)} }};");
        writer.Line();
        writer.Line($"/// <summary>{layer.Name}: Conv2D {g.Describe()}, one implicit matrix product over whole planes.</summary>");
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        using (EmitWideProduct(writer, layer, g, g.WideSpan))
        {
            // Filter f's output row oh is wide row f·OutputHeight + oh: every row of every plane in one call, ReLU on the way.
            bool relu = layer.AppliedActivation == Activation.Relu;
            writer.Line($"{Code.Kernels}.CopyRows(ref acc, {Literals.Int(g.PaddedWidth)}, ref y, {Literals.Int(g.OutputWidth)}, {Literals.Int(g.Filters * g.OutputHeight)}, " +
                $"{Literals.Int(g.OutputWidth)}, relu: {Literals.Bool(relu)});");
            if (!relu)
            {
                ActivationEmitter.EmitInPlace(writer, layer.AppliedActivation, layer.Spec.NegativeSlope, "y", layer.OutputSize);
            }
        }
    }

    /// <summary>
    /// Prediction's convolution and the max pooling after it as one pass: the maxima are taken straight from the
    /// product's wide rows (no output planes written and read again), the ReLU after the maximum (the same bits), and the
    /// product stops at the last row the windows read (the seeds' CNN's second convolution computes 10 of its 11 rows).
    /// Where transposing the weights on every call pays, the pooled pass over them instead (<see cref="TransposesOnEveryCall"/>).
    /// </summary>
    private static void EmitPooledForward(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        var pool = (PoolingLayerSpec)layer.Next!.Spec;
        writer.Line($"/// <summary>{layer.Name} and {layer.Next.Name} for prediction: Conv2D {g.Describe()}, then the maximum of each {Literals.Int(pool.Size)}x{Literals.Int(pool.Size)} window.</summary>");
        using (writer.Block($"private static void {layer.Name}ForwardFused(ref float p, ref float x, ref float y)"))
        {
            if (TransposesOnEveryCall(layer, g))
            {
                using (Scratch.Declare(writer, "weights", Literals.Int(g.WeightCount), g.WeightCount))
                {
                    writer.Line($"ref float t = ref {Code.MemoryMarshal}.GetReference(weights);");
                    Instance.EmitTranspose(writer, layer, "t");
                    writer.Line($"{layer.Name}ForwardPooled(ref p, ref t, ref x, ref y);");
                }

                return;
            }

            EmitWidePooling(writer, layer, g, pool);
        }
    }

    /// <summary>
    /// Whether the model's own prediction transposes the layer's weights on every call to run
    /// <see cref="EmitPooledTransposed"/>'s pass: where its output planes are large beside its weights. A transposition
    /// moves each weight once (about 0.2 ns each on a Zen 5 core), the pooled product saves a share of the multiply-adds,
    /// which number <c>OutputPlane</c> per weight (about 0.01 ns each): the seeds' first convolution (676 positions, 288
    /// weights) transposes in 0.05 µs and saves 2.2; its second (121 positions, 18,432 weights) would spend 3.6 µs to save 3.6.
    /// </summary>
    private static bool TransposesOnEveryCall(LayerPlan layer, Geometry g) =>
        Instance.TransposedWeights(layer) > 0 && g.OutputPlane >= TransposedOnEveryCallFromPositions;

    /// <summary>See <see cref="TransposesOnEveryCall"/>.</summary>
    private const int TransposedOnEveryCallFromPositions = 256;

    /// <summary>The fused pass over the product's wide rows: <c>VectorKernels.MaxPoolInPlanes</c> straight from <c>MultiplyShifted</c>'s planes.</summary>
    private static void EmitWidePooling(SourceWriter writer, LayerPlan layer, Geometry g, PoolingLayerSpec pool)
    {
        int rowsRead = (layer.Next!.OutputShape.Height - 1) * pool.Stride + pool.Size;
        using (EmitWideProduct(writer, layer, g, (rowsRead - 1) * g.PaddedWidth + g.OutputWidth))
        {
            writer.Line($"{Code.Kernels}.MaxPoolInPlanes(ref acc, {Literals.Int(g.Filters)}, {Literals.Int(g.WidePlane)}, {Literals.Int(g.PaddedWidth)}, " +
                $"{Literals.Int(g.OutputHeight)}, {Literals.Int(g.OutputWidth)}, {Literals.Int(pool.Size)}, {Literals.Int(pool.Stride)}, " +
                $"relu: {Literals.Bool(layer.AppliedActivation == Activation.Relu)}, ref y);");
        }
    }

    /// <summary>
    /// Prediction's convolution and its 2 × 2 max pooling from the weights transposed at <c>t</c>
    /// (<see cref="TransposedWeights"/>): <c>VectorKernels.MultiplyShiftedPooled</c> computes each window's four positions
    /// and keeps their maximum, window by window, then one transpose puts the windows' filters in the pooling layer's
    /// planes.
    /// </summary>
    private static void EmitPooledTransposed(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        var pool = (PoolingLayerSpec)layer.Next!.Spec;
        TensorShape pooled = layer.Next.OutputShape;
        int windows = pooled.Height * pooled.Width;
        var positions = new List<string>(4 * windows);
        for (int oh = 0; oh < pooled.Height; oh++)
        {
            for (int ow = 0; ow < pooled.Width; ow++)
            {
                int corner = oh * pool.Stride * g.PaddedWidth + ow * pool.Stride;
                foreach (int position in new[] { corner, corner + 1, corner + g.PaddedWidth, corner + g.PaddedWidth + 1 })
                {
                    positions.Add(Literals.Int(position));
                }
            }
        }

        writer.Line($"/// <summary>The four positions of each of {layer.Next.Name}'s windows in {layer.Name}'s wide planes, window by window.</summary>");
        writer.Line($"private static {Code.ReadOnlySpan}<int> {layer.Name}Windows => new int[] {{ {string.Join(", ", positions)} }};");
        writer.Line();
        writer.Line($"/// <summary>{layer.Name} and {layer.Next.Name} for prediction over a batch, the weights transposed at <paramref name=\"t\"/>: only the positions the windows read.</summary>");
        using (writer.Block($"private static void {layer.Name}ForwardTransposed(ref float p, ref float t, ref float x, int xStride, ref float y, int yStride, int batch)"))
        using (writer.Block("for (int n = 0; n < batch; n++)"))
        {
            writer.Line($"{layer.Name}ForwardPooled(ref p, ref t, ref {Code.At("x", "n * xStride")}, ref {Code.At("y", "n * yStride")});");
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name} and {layer.Next.Name} on one sample: Conv2D {g.Describe()}, then the maximum of each 2x2 window.</summary>");
        using (writer.Block($"private static void {layer.Name}ForwardPooled(ref float p, ref float t, ref float x, ref float y)"))
        using (Source(writer, g, "x"))
        using (Scratch.Declare(writer, "pooled", Literals.Int(windows * g.Filters), (long)windows * g.Filters))
        {
            writer.Line($"ref float maxima = ref {Code.MemoryMarshal}.GetReference(pooled);");
            string bias = g.UseBias ? $"{Code.MemoryMarshal}.CreateReadOnlySpan(ref {Code.At("p", layer.ParameterOffset + g.BiasOffset)}, {Literals.Int(g.Filters)})" : "default";
            writer.Line($"{Code.Kernels}.MultiplyShiftedPooled(ref t, {Literals.Int(g.Depth)}, {Literals.Int(g.Filters)}, ref source, {layer.Name}Taps, {layer.Name}Windows, {bias}, " +
                $"relu: {Literals.Bool(layer.AppliedActivation == Activation.Relu)}, ref maxima);");
            writer.Line($"{Code.Kernels}.Transpose(ref maxima, {Literals.Int(windows)}, {Literals.Int(g.Filters)}, ref y);");
        }
    }

    /// <summary>
    /// Declares <c>ref float acc</c>, the filters' planes of the product <c>VectorKernels.MultiplyShifted</c> computes
    /// over <paramref name="span"/> wide columns, bias included, for the code inside the returned scope.
    /// </summary>
    private static IDisposable EmitWideProduct(SourceWriter writer, LayerPlan layer, Geometry g, int span)
    {
        writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
        var scopes = new Stack<IDisposable>();
        scopes.Push(Source(writer, g, "x"));
        scopes.Push(Scratch.Declare(writer, "wide", Literals.Int(g.Filters * g.WidePlane), (long)g.Filters * g.WidePlane));
        writer.Line($"ref float acc = ref {Code.MemoryMarshal}.GetReference(wide);");
        string bias = g.UseBias ? $"{Code.MemoryMarshal}.CreateReadOnlySpan(ref {Code.At("w", g.BiasOffset)}, {Literals.Int(g.Filters)})" : "default";
        writer.Line($"{Code.Kernels}.MultiplyShifted(ref w, {Literals.Int(g.Depth)}, ref source, {layer.Name}Taps, ref acc, {Literals.Int(g.WidePlane)}, " +
            $"{Literals.Int(g.Filters)}, {Literals.Int(span)}, {bias});");
        return new ScopeStack(scopes);
    }

    /// <summary>Each kernel tap (kh, kw) in order, with its index in the kernel and its offset in a wide plane.</summary>
    private static void EmitTapOffsets(Geometry g, Action<(int Index, int Offset)> tap)
    {
        for (int kh = 0; kh < g.Kernel; kh++)
        {
            for (int kw = 0; kw < g.Kernel; kw++)
            {
                tap((kh * g.Kernel + kw, kh * g.PaddedWidth + kw));
            }
        }
    }

    /// <summary>One statement per kernel tap (kh, kw), given the tap's index in the kernel and its offset in a wide plane.</summary>
    private static void EmitTaps(SourceWriter writer, Geometry g, Func<(int Index, int Offset), string> statement) =>
        EmitTapOffsets(g, tap => writer.Line(statement(tap)));

    /// <summary>Declares <c>wide</c>, the output gradient of filter <c>f</c> spread to the padded input's row width with zeros between rows.</summary>
    private static IDisposable WideGradient(SourceWriter writer, Geometry g)
    {
        IDisposable scope = Scratch.Declare(writer, "wide", Literals.Int(g.WidePlane), g.WidePlane);
        writer.Line("wide.Clear();");
        writer.Line($"ref float spread = ref {Code.MemoryMarshal}.GetReference(wide);");
        return scope;
    }

    /// <summary>Adds filter <c>f</c>'s output gradient, summed over its plane in <paramref name="gradient"/>, to its bias's gradient at <paramref name="target"/>.</summary>
    private static void EmitBiasGradient(SourceWriter writer, Geometry g, string gradient, string target)
    {
        writer.Line("float sum = 0f;");
        using (writer.For("i", g.OutputPlane))
        {
            writer.Line($"sum += {Code.At(gradient, $"f * {g.OutputPlane} + i")};");
        }

        writer.Line($"{target} += sum;");
    }

    private static void EmitSpread(SourceWriter writer, Geometry g)
    {
        writer.Line($"{Code.Kernels}.CopyRows(ref {Code.At("dz", $"f * {g.OutputPlane}")}, {Literals.Int(g.OutputWidth)}, ref spread, {Literals.Int(g.PaddedWidth)}, " +
            $"{Literals.Int(g.OutputHeight)}, {Literals.Int(g.OutputWidth)}, relu: false);");
    }

    private static void EmitWideBackwardParameters(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        writer.Line($"/// <summary>{layer.Name}: accumulates dW[f, c, kh, kw] += Σ dz[f] · x[c] shifted by the tap, and db[f] += Σ dz[f].</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardParameters(ref float x, ref float dz, ref float g)"))
        {
            writer.Line($"ref float gw = ref {Code.At("g", layer.ParameterOffset)};");
            using (Source(writer, g, "x"))
            using (WideGradient(writer, g))
            {
                using (writer.For("f", g.Filters))
                {
                    EmitSpread(writer, g);
                    if (g.UseBias)
                    {
                        EmitBiasGradient(writer, g, "dz", Code.At("gw", $"{g.BiasOffset} + f"));
                    }

                    using (writer.For("c", g.Channels))
                    {
                        writer.Line($"ref float plane = ref {Code.At("source", $"c * {g.PaddedPlane}")};");
                        writer.Line($"ref float kernel = ref {Code.At("gw", $"(f * {g.Channels} + c) * {g.Kernel * g.Kernel}")};");
                        EmitTaps(writer, g, tap => $"{Code.At("kernel", tap.Index)} += {Code.Kernels}.Dot(ref spread, ref {Code.At("plane", tap.Offset)}, {Literals.Int(g.WideSpan)});");
                    }
                }
            }
        }
    }

    private static void EmitForwardBatch(SourceWriter writer, LayerPlan layer)
    {
        writer.Line($"/// <summary>{layer.Name} over a batch, sample by sample on this thread: each sample's pass is already one product over whole planes.</summary>");
        using (writer.Block($"private static void {layer.Name}ForwardBatch(ref float p, ref float x, int xStride, ref float y, int yStride, int batch, int threads)"))
        using (writer.Block("for (int n = 0; n < batch; n++)"))
        {
            writer.Line($"{layer.Name}Forward(ref p, ref {Code.At("x", "n * xStride")}, ref {Code.At("y", "n * yStride")});");
        }
    }

    /// <summary>
    /// <c>{Name}InputGradient(ref wt, ref dz, ref dx, ref work)</c>: one sample's input gradient from the weights
    /// transposed to <c>[(c, kh, kw), f]</c>. The product <c>Wᵀ · dz</c> (outer-product tiles, every position a vector
    /// lane) gives each (channel, tap) row its contribution at every output position; each row is then added into the
    /// window of the input plane its tap reads. This replaced one read-modify-write pass over a plane per (filter,
    /// channel, tap), 5 times slower on the seeds' CNN.
    /// </summary>
    private static void EmitInputGradient(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        writer.Line($"/// <summary>{layer.Name}: dx[c] = Σ_f W[f, c] ⋆ dz[f] for one sample, from <paramref name=\"wt\"/>, the weights as [(c, kh, kw), f]; <paramref name=\"work\"/> holds {Literals.Int(g.InputGradientWork)} floats.</summary>");
        using (writer.Block($"private static void {layer.Name}InputGradient(ref float wt, ref float dz, ref float dx, ref float work)"))
        {
            string q = Literals.Int(g.ColumnStride);
            if (g.ColumnStride == g.OutputPlane)
            {
                writer.Line("ref float rows = ref dz;");
                writer.Line("ref float columns = ref work;");
            }
            else
            {
                // Rows padded to whole vectors: the padding columns hold whatever the work array held, and nothing reads their products.
                writer.Line("ref float rows = ref work;");
                writer.Line($"ref float columns = ref {Code.At("work", g.Filters * g.ColumnStride)};");
                writer.Line($"{Code.Kernels}.CopyRows(ref dz, {Literals.Int(g.OutputPlane)}, ref rows, {Literals.Int(g.ColumnStride)}, {Literals.Int(g.Filters)}, " +
                    $"{Literals.Int(g.OutputPlane)}, relu: false);");
            }

            writer.Line($"{Code.Kernels}.Affine(ref wt, {Literals.Int(g.Filters)}, ref rows, ref {Code.Unsafe}.NullRef<float>(), {Literals.Int(g.Filters)}, {q}, ref columns, {q}, {Literals.Int(g.Depth)}, relu: false);");
            if (g.IsPadded)
            {
                writer.Line($"ref float sink = ref {Code.At("columns", g.Depth * g.ColumnStride)};");
                writer.Line($"{Code.MemoryMarshal}.CreateSpan(ref sink, {Literals.Int(g.PaddedSize)}).Clear();");
            }
            else
            {
                writer.Line($"{Code.MemoryMarshal}.CreateSpan(ref dx, {Literals.Int(layer.InputSize)}).Clear();");
                writer.Line("ref float sink = ref dx;");
            }

            using (writer.For("c", g.Channels))
            {
                writer.Line($"ref float plane = ref {Code.At("sink", $"c * {g.PaddedPlane}")};");
                writer.Line($"ref float tapRows = ref {Code.At("columns", $"c * {g.Taps * g.ColumnStride}")};");
                EmitTaps(writer, g, tap => $"{Code.Kernels}.AddBlock(ref {Code.At("tapRows", tap.Index * g.ColumnStride)}, {Literals.Int(g.OutputWidth)}, " +
                    $"ref {Code.At("plane", tap.Offset)}, {Literals.Int(g.PaddedWidth)}, {Literals.Int(g.OutputHeight)}, {Literals.Int(g.OutputWidth)});");
            }

            if (g.IsPadded)
            {
                using (writer.For("c", g.Channels))
                {
                    writer.Line($"{Code.Kernels}.CopyRows(ref {Code.At("sink", $"c * {g.PaddedPlane} + {g.InsideBorder}")}, {Literals.Int(g.PaddedWidth)}, ref {Code.At("dx", $"c * {g.Height * g.Width}")}, " +
                        $"{Literals.Int(g.Width)}, {Literals.Int(g.Height)}, {Literals.Int(g.Width)}, relu: false);");
                }
            }
        }
    }

    /// <summary>The per-sample <c>BackwardInput</c> (input-gradient explanations): the weights transposed for this one call.</summary>
    private static void EmitBackwardInputOfOne(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        writer.Line($"/// <summary>{layer.Name}: dx[c] = Σ_f W[f, c] ⋆ dz[f] for one sample.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardInput(ref float p, ref float x, ref float dz, ref float dx)"))
        using (Scratch.Declare(writer, "scratch", Literals.Int(g.WeightCount + g.InputGradientWork), g.WeightCount + g.InputGradientWork))
        {
            writer.Line($"ref float wt = ref {Code.MemoryMarshal}.GetReference(scratch);");
            writer.Line($"{Code.Kernels}.Transpose(ref {Code.At("p", layer.ParameterOffset)}, {Literals.Int(g.Filters)}, {Literals.Int(g.Depth)}, ref wt);");
            writer.Line($"{layer.Name}InputGradient(ref wt, ref dz, ref dx, ref {Code.At("wt", g.WeightCount)});");
        }
    }

    /// <summary>
    /// <c>{Name}BackwardBatch</c>: per sample, the weight gradient (into a channel-last sum over the batch, added to the
    /// gradient in PyTorch's layout at the end, or the per-sample dot products under
    /// <see cref="ChannelLastFromChannels"/> channels) and, unless the layer is first, the input gradient from weights
    /// transposed once for the batch.
    /// </summary>
    private static void EmitBackwardBatch(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        writer.Line($"/// <summary>{layer.Name} over a batch on this thread: dW, db and (but for the first layer) dx, sample by sample, with the weights transposed once.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardBatch(ref float p, ref float g, ref float x, int xStride, ref float dz, ref float dx, int deltaStride, int batch, int threads)"))
        {
            // Scratch, in order: the transposed weights and the input gradient's work (not for the first layer); the
            // channel-last weight-gradient sums, the input channel-last and the output gradient spread to the input's width.
            int transposed = layer.IsFirst ? 0 : g.WeightCount + g.InputGradientWork;
            int channelLast = g.ChannelLast ? g.WeightCount + g.PaddedSize + g.Filters * g.WidePlane + (g.IsPadded ? g.PaddedSize : 0) : 0;
            if (transposed + channelLast == 0)
            {
                using (writer.Block("for (int n = 0; n < batch; n++)"))
                {
                    writer.Line($"{layer.Name}BackwardParameters(ref {Code.At("x", "n * xStride")}, ref {Code.At("dz", "n * deltaStride")}, ref g);");
                }

                return;
            }

            using (Scratch.Declare(writer, "scratch", Literals.Int(transposed + channelLast), transposed + channelLast))
            {
                writer.Line($"ref float wt = ref {Code.MemoryMarshal}.GetReference(scratch);");
                if (!layer.IsFirst)
                {
                    writer.Line($"{Code.Kernels}.Transpose(ref {Code.At("p", layer.ParameterOffset)}, {Literals.Int(g.Filters)}, {Literals.Int(g.Depth)}, ref wt);");
                }

                if (g.ChannelLast)
                {
                    // The spread gradient's gaps between rows and the padded input's border are written once, as zeros.
                    writer.Line($"ref float sums = ref {Code.At("wt", transposed)};");
                    writer.Line($"ref float inputs = ref {Code.At("sums", g.WeightCount)};");
                    writer.Line($"ref float spread = ref {Code.At("inputs", g.PaddedSize)};");
                    if (g.IsPadded)
                    {
                        writer.Line($"ref float padded = ref {Code.At("spread", g.Filters * g.WidePlane)};");
                    }

                    writer.Line($"scratch.Slice({Literals.Int(transposed)}, {Literals.Int(g.WeightCount)}).Clear();");
                    writer.Line($"scratch.Slice({Literals.Int(transposed + g.WeightCount + g.PaddedSize)}).Clear();");
                }

                using (writer.Block("for (int n = 0; n < batch; n++)"))
                {
                    writer.Line($"ref float dzn = ref {Code.At("dz", "n * deltaStride")};");
                    if (g.ChannelLast)
                    {
                        EmitChannelLastParameters(writer, layer, g);
                    }
                    else
                    {
                        writer.Line($"{layer.Name}BackwardParameters(ref {Code.At("x", "n * xStride")}, ref dzn, ref g);");
                    }

                    if (!layer.IsFirst)
                    {
                        writer.Line($"{layer.Name}InputGradient(ref wt, ref dzn, ref {Code.At("dx", "n * deltaStride")}, ref {Code.At("wt", g.WeightCount)});");
                    }
                }

                if (g.ChannelLast)
                {
                    writer.Line($"ref float gw = ref {Code.At("g", layer.ParameterOffset)};");
                    using (writer.For("f", g.Filters))
                    using (writer.For("c", g.Channels))
                    using (writer.For("t", g.Taps))
                    {
                        writer.Line($"{Code.At("gw", $"(f * {g.Channels} + c) * {g.Taps} + t")} += {Code.At("sums", $"f * {g.Depth} + t * {g.Channels} + c")};");
                    }
                }
            }
        }
    }

    /// <summary>
    /// One sample's weight gradient as <see cref="ChannelLastFromChannels"/> describes: the (padded) input transposed
    /// to <c>[position, channel]</c>, the output gradient spread to the input's width with zeros between rows, then per
    /// tap <c>sums[f, tap, c] += Σ_j spread[f, j] · inputs[j + tap offset, c]</c>, an outer-product product with every
    /// channel a vector lane; the bias gradient sums each filter's output gradient.
    /// </summary>
    private static void EmitChannelLastParameters(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        if (g.IsPadded)
        {
            EmitCopyInsideBorder(writer, g, Code.At("x", "n * xStride"), "padded");
        }

        writer.Line($"{Code.Kernels}.Transpose(ref {(g.IsPadded ? "padded" : Code.At("x", "n * xStride"))}, {Literals.Int(g.Channels)}, {Literals.Int(g.PaddedPlane)}, ref inputs);");

        writer.Line($"{Code.Kernels}.CopyRows(ref dzn, {Literals.Int(g.OutputWidth)}, ref spread, {Literals.Int(g.PaddedWidth)}, {Literals.Int(g.Filters * g.OutputHeight)}, " +
            $"{Literals.Int(g.OutputWidth)}, relu: false);");
        if (g.UseBias)
        {
            using (writer.For("f", g.Filters))
            {
                EmitBiasGradient(writer, g, "dzn", Code.At("g", $"{layer.ParameterOffset + g.BiasOffset} + f"));
            }
        }

        EmitTaps(writer, g, tap => $"{Code.Kernels}.MultiplyAccumulate(ref spread, {Literals.Int(g.WidePlane)}, ref {Code.At("inputs", tap.Offset * g.Channels)}, " +
            $"{Literals.Int(g.WideSpan)}, {Literals.Int(g.Channels)}, ref {Code.At("sums", tap.Index * g.Channels)}, {Literals.Int(g.Depth)}, {Literals.Int(g.Filters)});");
    }

    /// <summary>
    /// Opens the loops over every output position and every tap that lands inside the input, for the strided path:
    /// inside, <c>o</c> indexes the output, <c>i</c> the input and <c>k</c> the weight.
    /// </summary>
    private static IDisposable StridedLoops(SourceWriter writer, Geometry g)
    {
        var scopes = new Stack<IDisposable>();
        scopes.Push(writer.For("f", g.Filters));
        scopes.Push(writer.For("oh", g.OutputHeight));
        scopes.Push(writer.For("ow", g.OutputWidth));
        writer.Line($"int o = f * {g.OutputPlane} + oh * {g.OutputWidth} + ow;");
        return new ScopeStack(scopes);
    }

    private static IDisposable TapLoops(SourceWriter writer, Geometry g)
    {
        var scopes = new Stack<IDisposable>();
        scopes.Push(writer.For("c", g.Channels));
        scopes.Push(writer.For("kh", g.Kernel));
        writer.Line($"int ih = oh * {g.Stride} + kh - {g.PadTop};");
        scopes.Push(writer.Block($"if (ih >= 0 && ih < {Literals.Int(g.Height)})"));
        scopes.Push(writer.For("kw", g.Kernel));
        writer.Line($"int iw = ow * {g.Stride} + kw - {g.PadLeft};");
        scopes.Push(writer.Block($"if (iw >= 0 && iw < {Literals.Int(g.Width)})"));
        writer.Line($"int i = c * {g.Height * g.Width} + ih * {g.Width} + iw;");
        writer.Line($"int k = ((f * {g.Channels} + c) * {g.Kernel} + kh) * {g.Kernel} + kw;");
        return new ScopeStack(scopes);
    }

    private static void EmitStridedForward(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        writer.Line($"/// <summary>{layer.Name}: Conv2D {g.Describe()}, direct loops.</summary>");
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            using (StridedLoops(writer, g))
            {
                writer.Line(g.UseBias ? $"float s = {Code.At("w", $"{g.BiasOffset} + f")};" : "float s = 0f;");
                using (TapLoops(writer, g))
                {
                    writer.Line($"s = {Code.Fma}({Code.At("w", "k")}, {Code.At("x", "i")}, s);");
                }

                writer.Line($"{Code.At("y", "o")} = s;");
            }

            ActivationEmitter.EmitInPlace(writer, layer.AppliedActivation, layer.Spec.NegativeSlope, "y", layer.OutputSize);
        }
    }

    private static void EmitStridedBackwardParameters(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        writer.Line($"/// <summary>{layer.Name}: accumulates dW and db, direct loops.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardParameters(ref float x, ref float dz, ref float g)"))
        {
            writer.Line($"ref float gw = ref {Code.At("g", layer.ParameterOffset)};");
            using (StridedLoops(writer, g))
            {
                writer.Line($"float d = {Code.At("dz", "o")};");
                if (g.UseBias)
                {
                    writer.Line($"{Code.At("gw", $"{g.BiasOffset} + f")} += d;");
                }

                using (TapLoops(writer, g))
                {
                    writer.Line($"{Code.At("gw", "k")} = {Code.Fma}(d, {Code.At("x", "i")}, {Code.At("gw", "k")});");
                }
            }
        }
    }

    private static void EmitStridedBackwardInput(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        writer.Line($"/// <summary>{layer.Name}: dx = the transposed convolution of dz, direct loops.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardInput(ref float p, ref float x, ref float dz, ref float dx)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            writer.Line($"{Code.MemoryMarshal}.CreateSpan(ref dx, {Literals.Int(layer.InputSize)}).Clear();");
            using (StridedLoops(writer, g))
            {
                writer.Line($"float d = {Code.At("dz", "o")};");
                using (TapLoops(writer, g))
                {
                    writer.Line($"{Code.At("dx", "i")} = {Code.Fma}(d, {Code.At("w", "k")}, {Code.At("dx", "i")});");
                }
            }
        }
    }

    private static void EmitReference(SourceWriter writer, LayerPlan layer, Geometry g)
    {
        writer.Line($"/// <summary>{layer.Name} in double precision, for gradient checks.</summary>");
        using (writer.Block($"private static void {layer.Name}Reference({Code.ReadOnlySpan}<double> p, {Code.ReadOnlySpan}<double> x, {Code.Span}<double> y)"))
        {
            writer.Line($"{Code.ReadOnlySpan}<double> w = p.Slice({Literals.Int(layer.ParameterOffset)}, {Literals.Int(layer.ParameterCount)});");
            using (StridedLoops(writer, g))
            {
                writer.Line(g.UseBias ? $"double s = w[{g.BiasOffset} + f];" : "double s = 0.0;");
                using (TapLoops(writer, g))
                {
                    writer.Line("s += w[k] * x[i];");
                }

                writer.Line("y[o] = s;");
            }

            ActivationEmitter.EmitInPlaceDouble(writer, layer.AppliedActivation, layer.Spec.NegativeSlope, "y");
        }
    }

    private static SpecProblem Problem(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LayerSpec spec, params string[] arguments) =>
        new(descriptor.Id, arguments.ToEquatableArray(), spec.AttributeIndex);


    /// <summary>Every size the emitted loops use, from the plan.</summary>
    private readonly struct Geometry
    {
        public Geometry(LayerPlan layer)
        {
            var conv = (Conv2DLayerSpec)layer.Spec;
            Channels = layer.InputShape.Channels;
            Height = layer.InputShape.Height;
            Width = layer.InputShape.Width;
            Filters = conv.Filters;
            Kernel = conv.KernelSize;
            Stride = conv.Stride;
            UseBias = conv.UseBias;
            OutputHeight = layer.OutputShape.Height;
            OutputWidth = layer.OutputShape.Width;
            int padHeight = Math.Max((OutputHeight - 1) * Stride + Kernel - Height, 0);
            int padWidth = Math.Max((OutputWidth - 1) * Stride + Kernel - Width, 0);
            PadTop = conv.Padding == Padding.Same ? padHeight / 2 : 0;
            PadLeft = conv.Padding == Padding.Same ? padWidth / 2 : 0;
            PaddedHeight = conv.Padding == Padding.Same ? Height + padHeight : Height;
            PaddedWidth = conv.Padding == Padding.Same ? Width + padWidth : Width;
        }

        public int Channels { get; }

        public int Height { get; }

        public int Width { get; }

        public int Filters { get; }

        public int Kernel { get; }

        public int Stride { get; }

        public bool UseBias { get; }

        public int OutputHeight { get; }

        public int OutputWidth { get; }

        public int PadTop { get; }

        public int PadLeft { get; }

        public int PaddedHeight { get; }

        public int PaddedWidth { get; }

        public bool IsPadded => PaddedHeight != Height || PaddedWidth != Width;

        /// <summary>Where the input's first value lies in a padded plane: inside the top and left border.</summary>
        public int InsideBorder => PadTop * PaddedWidth + PadLeft;

        public int PaddedPlane => PaddedHeight * PaddedWidth;

        public int PaddedSize => Channels * PaddedPlane;

        public int OutputPlane => OutputHeight * OutputWidth;

        /// <summary>An output plane with rows as wide as the padded input.</summary>
        public int WidePlane => OutputHeight * PaddedWidth;

        /// <summary>The floats one tap touches in a wide plane: up to the last real output column.</summary>
        public int WideSpan => (OutputHeight - 1) * PaddedWidth + OutputWidth;

        public int BiasOffset => Filters * Channels * Kernel * Kernel;

        public int Taps => Kernel * Kernel;

        /// <summary>Weights per filter: one per (channel, tap).</summary>
        public int Depth => Channels * Taps;

        public int WeightCount => Filters * Depth;

        /// <summary>Whether the weight gradient runs as products against the input laid out channel-last.</summary>
        public bool ChannelLast => Channels >= ChannelLastFromChannels;

        /// <summary>Row length of the input gradient's product: an output plane, padded to whole vectors.</summary>
        public int ColumnStride => (OutputPlane + ColumnAlignment - 1) / ColumnAlignment * ColumnAlignment;

        /// <summary>Floats the input gradient works in: the padded output gradient (when padding is needed), the product, the padded input gradient (Same padding).</summary>
        public int InputGradientWork =>
            (ColumnStride == OutputPlane ? 0 : Filters * ColumnStride) + Depth * ColumnStride + (IsPadded ? PaddedSize : 0);

        public string Describe() => string.Format(CultureInfo.InvariantCulture,
            "{0}x{1}x{2} → {3}x{4}x{5}, kernel {6}, stride {7}{8}", Height, Width, Channels, OutputHeight, OutputWidth, Filters, Kernel, Stride, IsPadded ? ", zero border" : "");
    }
}
