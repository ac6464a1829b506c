using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Layers;

/// <summary>A fully connected layer as <c>[Dense(units, activation)]</c> declares it.</summary>
internal sealed record DenseLayerSpec(
    int AttributeIndex,
    int Units,
    Activation Activation,
    bool UseBias,
    Initializer Initializer,
    double L2,
    double NegativeSlope)
    : LayerSpec(AttributeIndex, Activation, NegativeSlope)
{
    public override LayerKind Kind => DenseLayer.Instance;
}

/// <summary>
/// <c>y = activation(W·x + b)</c> with <c>W</c> stored <c>[units, inputs]</c> row-major and then <c>b</c>: PyTorch's
/// <c>nn.Linear</c> layout. Small layers are emitted as straight-line code; large ones as constant-dimension
/// Vector256 loops.
/// </summary>
internal sealed class DenseLayer : LayerKind
{
    public override bool HasInputGradient => true;

    /// <summary>
    /// A layer whose input row is shorter than one Vector256 is unrolled into straight-line code: its vector loop
    /// would have no body. Every wider layer runs as constant-dimension Vector256 loops, which measured faster at
    /// every size tried on AVX2 (docs/performance.md gives the numbers), because scalar straight-line
    /// code issues eight times the multiply-adds and runs out of the sixteen vector registers.
    /// </summary>
    public const int UnrollBelowInputs = VectorWidth;

    /// <summary>At most this many multiply-adds are unrolled, which keeps every method far below the JIT's 60,000-byte IL limit.</summary>
    public const int UnrollLimit = 1024;

    /// <summary>Independent accumulators per dot product in unrolled code, so additions do not wait on each other.</summary>
    private const int Chains = 4;

    /// <summary>
    /// Rows of W processed together by the SIMD forward loop, sharing each load of the input; their eight sums leave
    /// as one vector store, which the next layer's vector loads read without waiting (two half-width stores would
    /// make each such load wait for both to reach the cache). A remaining block of four rows leaves as a half vector.
    /// </summary>
    private const int RowBlock = 8;

    /// <summary>The smaller row block after the last full <see cref="RowBlock"/>.</summary>
    private const int HalfRowBlock = 4;

    /// <summary>Floats per Vector256.</summary>
    private const int VectorWidth = 8;

    /// <summary>Rows of at most this many full vectors run as straight-line vector steps, their input held in registers.</summary>
    private const int UnrolledVectors = 8;

    /// <summary>
    /// Layers of at least this many multiply-adds (and a row of at least one vector) train and batch-predict over many
    /// samples at once with register-tiled products instead of sample by sample (see docs/performance.md for
    /// the measurements: below it, the per-sample code's eight-row blocks were faster for training and for prediction).
    /// </summary>
    public const int BatchedFromMultiplyAdds = 4096;

    public static DenseLayer Instance { get; } = new();

    public override bool RunsBatched(LayerPlan layer) =>
        layer.InputSize >= VectorWidth && (long)layer.InputSize * layer.OutputSize >= BatchedFromMultiplyAdds;

    public override bool SplitsOutputsAcrossThreads => true;

    public override bool OverwritesGradients(LayerPlan layer) => RunsBatched(layer);

    /// <summary>
    /// Layers of at least one Vector256 of outputs predict large batches from transposed weights; a narrower layer (the
    /// output layer of a binary classifier) has no vector of outputs to tile and keeps its per-sample dot products.
    /// </summary>
    public override int TransposedWeights(LayerPlan layer) =>
        layer.OutputSize >= VectorWidth ? layer.InputSize * layer.OutputSize : 0;

    /// <summary>
    /// Dense weights from this many floats (64 KB, beyond a core's first-level cache) are read input-major by a frozen
    /// snapshot's one-sample pass: streamed front to back, the seeds' CNN's 1600 → 128 layer ran in 5.1–5.8 µs
    /// against 8.8–9.2 µs for the per-sample code's eight-row dot products. Smaller layers keep the dot products, whose
    /// weights stay cached and whose sums are ready sooner.
    /// </summary>
    internal const int FrozenRowsFromWeights = 16 * 1024;

    public override bool PredictsOneSampleTransposed(LayerPlan layer) => TransposedWeights(layer) >= FrozenRowsFromWeights;

    public override void EmitTranspose(SourceWriter writer, LayerPlan layer, string target) =>
        writer.Line($"{Code.Kernels}.PackPanels(ref {Code.At("p", layer.ParameterOffset)}, {Literals.Int(layer.OutputSize)}, {Literals.Int(layer.InputSize)}, ref {target});");

    public override string AttributeName => "Dense";

    public override LayerSpec Parse(AttributeValues values)
    {
        int units = values.Int("units", 0);
        Activation activation = values.Enum("activation", Activation.Linear);
        if (units <= 0)
        {
            values.ReportArgument(Descriptors.NonPositiveSize.Id, "units", "Dense units", Invariant.Number(units));
        }

        if (activation == Activation.Softmax && units == 1)
        {
            values.ReportArgument(Descriptors.SingleUnitSoftmax.Id, "activation");
        }

        (bool useBias, Initializer initializer, double l2, double slope) = WeightOptions.Parse(values, activation);
        return new DenseLayerSpec(values.AttributeIndex, units, activation, useBias, initializer, l2, slope);
    }

    public override int? OutputUnits(LayerSpec spec) => ((DenseLayerSpec)spec).Units;

    public override bool ComputesWeightedSums => true;

    public override LayerShape? InferShape(LayerSpec spec, TensorShape input, List<SpecProblem>? problems)
    {
        var dense = (DenseLayerSpec)spec;
        if (input.IsSpatial)
        {
            problems?.Add(new SpecProblem(Descriptors.DenseNeedsFlatten.Id, new[] { input.ToString() }.ToEquatableArray(), spec.AttributeIndex));
            return null;
        }

        if (dense.Units <= 0)
        {
            return null;
        }

        return new LayerShape(TensorShape.Flat(dense.Units), (long)dense.Units * input.Size + (dense.UseBias ? dense.Units : 0));
    }

    public override string Describe(LayerSpec spec)
    {
        var dense = (DenseLayerSpec)spec;
        return $"Dense({Invariant.Number(dense.Units)}, {dense.Activation}{WeightOptions.Describe(dense.UseBias, dense.Activation, dense.NegativeSlope)})";
    }

    public override long MultiplyAdds(LayerPlan layer) => (long)layer.InputSize * layer.OutputSize;

    public override IReadOnlyList<TensorPlan> Tensors(LayerPlan layer) =>
        ((DenseLayerSpec)layer.Spec).UseBias
            ? new[] { new TensorPlan("weight", new[] { layer.OutputSize, layer.InputSize }, 0), new TensorPlan("bias", new[] { layer.OutputSize }, layer.OutputSize * layer.InputSize) }
            : new[] { new TensorPlan("weight", new[] { layer.OutputSize, layer.InputSize }, 0) };

    public override (int Offset, int Count, double Strength) Regularized(LayerPlan layer) =>
        (layer.ParameterOffset, layer.OutputSize * layer.InputSize, ((DenseLayerSpec)layer.Spec).L2);

    public override void EmitInitialization(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        (Initializer initializer, double limit) = WeightOptions.Uniform(dense.Initializer, dense.Activation, layer.InputSize, layer.OutputSize);
        writer.Line($"// {layer.Name}: {initializer} weights, zero bias.");
        writer.Line($"rng.FillUniform(new {Code.Span}<float>(_parameters, {Literals.Int(layer.ParameterOffset)}, {Literals.Int(layer.InputSize * layer.OutputSize)}), {Literals.Double(limit)});");
    }

    public override void EmitMethods(SourceWriter writer, LayerPlan layer)
    {
        bool unrolled = layer.InputSize < UnrollBelowInputs && (long)layer.InputSize * layer.OutputSize <= UnrollLimit;
        if (unrolled)
        {
            EmitUnrolledForward(writer, layer);
            writer.Line();
            EmitUnrolledBackwardParameters(writer, layer);
            writer.Line();
            EmitUnrolledBackwardInput(writer, layer);
        }
        else
        {
            EmitVectorForward(writer, layer);
            writer.Line();
            EmitVectorBackwardParameters(writer, layer);
            writer.Line();
            EmitVectorBackwardInput(writer, layer);
        }

        if (RunsBatched(layer))
        {
            writer.Line();
            EmitForwardBatch(writer, layer);
            writer.Line();
            EmitBackwardBatch(writer, layer);
        }

        if (TransposedWeights(layer) > 0)
        {
            writer.Line();
            EmitForwardTransposed(writer, layer);
        }

        writer.Line();
        EmitReference(writer, layer);
    }

    /// <summary>The whole batch at once: a register-tiled product from <c>VectorKernels</c>, then bias and activation per sample.</summary>
    private static void EmitForwardBatch(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        string inputs = Literals.Int(layer.InputSize);
        string outputs = Literals.Int(layer.OutputSize);
        writer.Line($"/// <summary>{layer.Name}: Dense {inputs}→{outputs} over a batch, Y = X·Wᵀ + b.</summary>");
        using (writer.Block($"private static void {layer.Name}ForwardBatch(ref float p, ref float x, int xStride, ref float y, int yStride, int batch, int threads)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            writer.Line($"{Code.ParallelKernels}.MultiplyTransposed(ref x, xStride, ref w, {inputs}, {outputs}, ref y, yStride, batch, threads);");
            if (dense.UseBias || layer.AppliedActivation != Activation.Linear)
            {
                using (writer.Block("for (int n = 0; n < batch; n++)"))
                {
                    writer.Line($"ref float yn = ref {Code.At("y", "n * yStride")};");
                    if (dense.UseBias)
                    {
                        writer.Line($"{Code.Kernels}.AddInPlace(ref yn, ref {Code.At("w", BiasOffset(layer))}, {outputs});");
                    }

                    ActivationEmitter.EmitInPlace(writer, layer.AppliedActivation, dense.NegativeSlope, "yn", layer.OutputSize);
                }
            }
        }
    }

    /// <summary>A chunk of samples with the transposed weights: bias, product and ReLU in one pass of <c>VectorKernels.Affine</c>.</summary>
    private static void EmitForwardTransposed(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        string inputs = Literals.Int(layer.InputSize);
        string outputs = Literals.Int(layer.OutputSize);
        bool relu = layer.AppliedActivation == Activation.Relu;
        writer.Line($"/// <summary>{layer.Name}: Dense {inputs}→{outputs} over a batch, Y = X·Wᵀ + b with W in panels at <paramref name=\"t\"/> (<c>VectorKernels.PackPanels</c>).</summary>");
        using (writer.Block($"private static void {layer.Name}ForwardTransposed(ref float p, ref float t, ref float x, int xStride, ref float y, int yStride, int batch)"))
        {
            string bias = dense.UseBias ? $"ref {Code.At("p", layer.ParameterOffset + BiasOffset(layer))}" : $"ref {Code.Unsafe}.NullRef<float>()";
            writer.Line($"{Code.Kernels}.AffinePanels(ref x, xStride, ref t, {bias}, {inputs}, {outputs}, ref y, yStride, batch, relu: {(relu ? "true" : "false")});");
            if (!relu && layer.AppliedActivation != Activation.Linear)
            {
                using (writer.Block("for (int n = 0; n < batch; n++)"))
                {
                    writer.Line($"ref float yn = ref {Code.At("y", "n * yStride")};");
                    ActivationEmitter.EmitInPlace(writer, layer.AppliedActivation, dense.NegativeSlope, "yn", layer.OutputSize);
                }
            }
        }
    }

    /// <summary>The whole batch's gradients at once, with register-tiled products from <c>VectorKernels</c>.</summary>
    private static void EmitBackwardBatch(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        string inputs = Literals.Int(layer.InputSize);
        string outputs = Literals.Int(layer.OutputSize);
        writer.Line($"/// <summary>{layer.Name}: dW = dZᵀ·X and db = Σ dz over the batch{(layer.IsFirst ? "" : ", dX = dZ·W")}.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardBatch(ref float p, ref float g, ref float x, int xStride, ref float dz, ref float dx, int deltaStride, int batch, int threads)"))
        {
            writer.Line($"ref float gw = ref {Code.At("g", layer.ParameterOffset)};");
            writer.Line($"{Code.ParallelKernels}.OuterProducts(ref dz, deltaStride, ref x, xStride, ref gw, {inputs}, {outputs}, batch, threads);");
            if (dense.UseBias)
            {
                writer.Line($"{Code.Kernels}.SumColumns(ref dz, deltaStride, batch, {outputs}, ref {Code.At("gw", BiasOffset(layer))});");
            }

            if (!layer.IsFirst)
            {
                writer.Line($"{Code.ParallelKernels}.Multiply(ref dz, deltaStride, ref {Code.At("p", layer.ParameterOffset)}, {inputs}, {outputs}, ref dx, deltaStride, batch, threads);");
            }
        }
    }

    private static void EmitUnrolledForward(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        int inputs = layer.InputSize;
        int chains = Math.Min(Chains, inputs);
        writer.Line($"/// <summary>{layer.Name}: Dense {inputs}→{layer.OutputSize}, unrolled.</summary>");
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            writer.Line("float " + string.Join(", ", Enumerable.Range(0, chains).Select(c => "c" + c)) + ";");
            for (int o = 0; o < layer.OutputSize; o++)
            {
                EmitUnrolledDot(writer, inputs, chains, i => Code.At("w", o * inputs + i), i => Code.At("x", i));
                string sum = PairwiseSum(chains);
                if (dense.UseBias)
                {
                    sum += " + " + Code.At("w", BiasOffset(layer) + o);
                }

                writer.Line($"{Code.At("y", o)} = {Activated(layer, dense, sum)};");
            }

            EmitVectorWideActivation(writer, layer);
        }
    }

    private static void EmitUnrolledBackwardParameters(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        int inputs = layer.InputSize;
        writer.Line($"/// <summary>{layer.Name}: accumulates dW += dz·xᵀ and db += dz, unrolled.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardParameters(ref float x, ref float dz, ref float g)"))
        {
            writer.Line($"ref float gw = ref {Code.At("g", layer.ParameterOffset)};");
            writer.Line("float d;");
            for (int o = 0; o < layer.OutputSize; o++)
            {
                writer.Line($"d = {Code.At("dz", o)};");
                using (writer.Block("if (d != 0f)"))
                {
                    for (int i = 0; i < inputs; i++)
                    {
                        string target = Code.At("gw", o * inputs + i);
                        writer.Line($"{target} = {Code.Fma}(d, {Code.At("x", i)}, {target});");
                    }

                    if (dense.UseBias)
                    {
                        writer.Line($"{Code.At("gw", BiasOffset(layer) + o)} += d;");
                    }
                }
            }
        }
    }

    private static void EmitUnrolledBackwardInput(SourceWriter writer, LayerPlan layer)
    {
        int inputs = layer.InputSize;
        int outputs = layer.OutputSize;
        int chains = Math.Min(Chains, outputs);
        writer.Line($"/// <summary>{layer.Name}: dx = Wᵀ·dz, unrolled.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardInput(ref float p, ref float x, ref float dz, ref float dx)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            writer.Line("float " + string.Join(", ", Enumerable.Range(0, chains).Select(c => "c" + c)) + ";");
            for (int i = 0; i < inputs; i++)
            {
                EmitUnrolledDot(writer, outputs, chains, o => Code.At("w", o * inputs + i), o => Code.At("dz", o));
                writer.Line($"{Code.At("dx", i)} = {PairwiseSum(chains)};");
            }
        }
    }

    /// <summary>Σ a(k)·b(k) over k &lt; length into accumulators c0..c{chains-1}, term k going to chain k mod chains.</summary>
    private static void EmitUnrolledDot(SourceWriter writer, int length, int chains, Func<int, string> a, Func<int, string> b)
    {
        for (int k = 0; k < length; k++)
        {
            string chain = "c" + Invariant.Number(k % chains);
            writer.Line(k < chains
                ? $"{chain} = {a(k)} * {b(k)};"
                : $"{chain} = {Code.Fma}({a(k)}, {b(k)}, {chain});");
        }
    }

    private static string PairwiseSum(int chains) => chains switch
    {
        1 => "c0",
        2 => "c0 + c1",
        3 => "(c0 + c1) + c2",
        _ => "(c0 + c1) + (c2 + c3)",
    };

    private static void EmitVectorForward(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        int inputs = layer.InputSize;
        int outputs = layer.OutputSize;
        int blocked = outputs - outputs % RowBlock;
        writer.Line($"/// <summary>{layer.Name}: Dense {inputs}→{outputs}, up to {RowBlock} rows at a time with Vector256.</summary>");
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            writer.Line("int o = 0;");
            if (blocked == RowBlock)
            {
                using (writer.Block(""))
                {
                    EmitRowDots(writer, layer, dense, RowBlock);
                }

                if (blocked < outputs)
                {
                    writer.Line($"o += {RowBlock};");
                }
            }
            else if (blocked > 0)
            {
                using (writer.Block($"for (; o < {blocked}; o += {RowBlock})"))
                {
                    EmitRowDots(writer, layer, dense, RowBlock);
                }
            }

            if (outputs - blocked >= HalfRowBlock)
            {
                using (writer.Block(""))
                {
                    EmitRowDots(writer, layer, dense, HalfRowBlock);
                }

                blocked += HalfRowBlock;
                if (blocked < outputs)
                {
                    writer.Line($"o += {HalfRowBlock};");
                }
            }

            if (blocked < outputs)
            {
                using (writer.Rest("o", blocked, outputs))
                {
                    EmitRowDots(writer, layer, dense, 1);
                }
            }

            EmitVectorWideActivation(writer, layer);
        }
    }

    /// <summary>Dot products of <paramref name="rows"/> consecutive rows of W (from row <c>o</c>) with x, then bias and activation.</summary>
    private static void EmitRowDots(SourceWriter writer, LayerPlan layer, DenseLayerSpec dense, int rows)
    {
        writer.Line($"ref float r0 = ref {Code.At("w", $"o * {layer.InputSize}")};");
        for (int k = 1; k < rows; k++)
        {
            writer.Line($"ref float r{k} = ref {Code.At("r0", k * layer.InputSize)};");
        }

        // A row shorter than one vector is scalar only.
        if (layer.InputSize < VectorWidth)
        {
            EmitScalarRowDots(writer, layer, dense, rows);
            return;
        }

        using (writer.Block($"if ({Code.VectorPath})"))
        {
            EmitVectorRowDots(writer, layer, dense, rows);
        }

        using (writer.Block("else"))
        {
            EmitScalarRowDots(writer, layer, dense, rows);
        }
    }

    /// <summary>
    /// Vector dot products: full vectors (unrolled when the row is short), then one last vector ending at the row's end
    /// whose input lanes the full vectors already covered are masked to zero, so no element is left to a scalar loop.
    /// A block's sums are reduced together and leave as one vector with their biases and activation.
    /// </summary>
    private static void EmitVectorRowDots(SourceWriter writer, LayerPlan layer, DenseLayerSpec dense, int rows)
    {
        int inputs = layer.InputSize;
        int full = inputs / VectorWidth;
        int tail = inputs % VectorWidth;
        IEnumerable<int> r = Enumerable.Range(0, rows);
        foreach (int k in r)
        {
            writer.Line($"{Code.VectorOfFloat} a{k} = {Code.VectorOfFloat}.Zero;");
        }

        writer.Line($"{Code.VectorOfFloat} xv;");
        if (full <= UnrolledVectors)
        {
            for (int j = 0; j < full; j++)
            {
                EmitRowStep(writer, r, Literals.Int(j * VectorWidth), "");
            }
        }
        else
        {
            using (writer.Block($"for (int i = 0; i <= {inputs - VectorWidth}; i += {VectorWidth})"))
            {
                EmitRowStep(writer, r, "i", "");
            }
        }

        if (tail > 0)
        {
            EmitRowStep(writer, r, Literals.Int(inputs - VectorWidth), $" & {Code.Kernels}.LastLanes({Literals.Int(tail)})");
        }

        string bias = $"{BiasOffset(layer)} + o";
        if (rows > 1)
        {
            // Eight sums fill a Vector256, four a Vector128.
            string vector = rows == RowBlock ? Code.Vector : Code.Vector128;
            string sum = $"{Code.Kernels}.SumEach({string.Join(", ", r.Select(k => "a" + k))})";
            if (dense.UseBias)
            {
                sum += $" + {vector}.LoadUnsafe(ref w, {Code.Offset(bias)})";
            }

            writer.Line($"{vector}<float> s = {sum};");
            if (layer.AppliedActivation == Activation.Relu)
            {
                writer.Line($"s = {vector}.Max(s, {vector}<float>.Zero);");
            }

            writer.Line($"{vector}.StoreUnsafe(s, ref y, (nuint)o);");
            if (layer.AppliedActivation != Activation.Relu && !ActivationEmitter.IsVectorWide(layer.AppliedActivation))
            {
                ActivationEmitter.EmitInPlace(writer, layer.AppliedActivation, dense.NegativeSlope, Code.At("y", "o"), rows);
            }

            return;
        }

        string single = $"{Code.Vector}.Sum(a0)" + (dense.UseBias ? $" + {Code.At("w", bias)}" : "");
        writer.Line($"{Code.At("y", "o")} = {Activated(layer, dense, single)};");
    }

    /// <summary>One vector step of the row dot products: load the input at <paramref name="offset"/> and multiply-add every row.</summary>
    private static void EmitRowStep(SourceWriter writer, IEnumerable<int> rows, string offset, string mask)
    {
        writer.Line($"xv = {Code.Load("x", offset)}{mask};");
        foreach (int k in rows)
        {
            writer.Line($"a{k} = {Code.Vector}.MultiplyAddEstimate({Code.Load("r" + k, offset)}, xv, a{k});");
        }
    }

    /// <summary>The dot products without vectors, for rows shorter than a vector and hardware without Vector256.</summary>
    private static void EmitScalarRowDots(SourceWriter writer, LayerPlan layer, DenseLayerSpec dense, int rows)
    {
        IEnumerable<int> r = Enumerable.Range(0, rows);
        writer.Line("float " + string.Join(", ", r.Select(k => $"s{k} = 0f")) + ";");
        using (writer.For("i", layer.InputSize))
        {
            writer.Line($"float xi = {Code.At("x", "i")};");
            foreach (int k in r)
            {
                writer.Line($"s{k} = {Code.Fma}({Code.At("r" + k, "i")}, xi, s{k});");
            }
        }

        foreach (int k in r)
        {
            string index = k == 0 ? "o" : $"o + {k}";
            string sum = dense.UseBias ? $"s{k} + {Code.At("w", $"{BiasOffset(layer)} + {index}")}" : $"s{k}";
            writer.Line($"{Code.At("y", index)} = {Activated(layer, dense, sum)};");
        }
    }

    /// <summary>The activation of a pre-activation expression, or the expression itself when the activation runs over the whole layer afterwards.</summary>
    private static string Activated(LayerPlan layer, DenseLayerSpec dense, string sum) =>
        ActivationEmitter.IsVectorWide(layer.AppliedActivation)
            ? sum
            : ActivationEmitter.Float(layer.AppliedActivation, dense.NegativeSlope, "(" + sum + ")");

    private static void EmitVectorBackwardParameters(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        int inputs = layer.InputSize;
        bool hoisted = inputs >= VectorWidth && inputs / VectorWidth <= UnrolledVectors;
        writer.Line($"/// <summary>{layer.Name}: accumulates dW += dz·xᵀ and db += dz with Vector256.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardParameters(ref float x, ref float dz, ref float g)"))
        {
            writer.Line($"ref float gw = ref {Code.At("g", layer.ParameterOffset)};");
            if (inputs < VectorWidth)
            {
                EmitBackwardParameterRows(writer, layer, dense, vector: false, hoisted: false);
                return;
            }

            using (writer.Block($"if ({Code.VectorPath})"))
            {
                if (hoisted)
                {
                    // The input is the same for every row: load it once.
                    foreach ((string offset, string name) in VectorSteps(inputs))
                    {
                        writer.Line($"{Code.VectorOfFloat} {name} = {Code.Load("x", offset)};");
                    }
                }

                EmitBackwardParameterRows(writer, layer, dense, vector: true, hoisted);
            }

            using (writer.Block("else"))
            {
                EmitBackwardParameterRows(writer, layer, dense, vector: false, hoisted: false);
            }
        }
    }

    private static void EmitBackwardParameterRows(SourceWriter writer, LayerPlan layer, DenseLayerSpec dense, bool vector, bool hoisted)
    {
        using (writer.For("o", layer.OutputSize))
        {
            writer.Line($"float d = {Code.At("dz", "o")};");
            // A zero gradient (a ReLU that was off) changes nothing: skip the row.
            using (writer.Block("if (d != 0f)"))
            {
                writer.Line($"ref float row = ref {Code.At("gw", $"o * {layer.InputSize}")};");
                if (vector)
                {
                    EmitVectorAxpy(writer, layer.InputSize, "d", hoisted ? null : "x", "row");
                }
                else
                {
                    EmitScalarAxpy(writer, layer.InputSize, "d", "x", "row");
                }

                if (dense.UseBias)
                {
                    writer.Line($"{Code.At("gw", $"{BiasOffset(layer)} + o")} += d;");
                }
            }
        }
    }

    private static void EmitVectorBackwardInput(SourceWriter writer, LayerPlan layer)
    {
        int inputs = layer.InputSize;
        writer.Line($"/// <summary>{layer.Name}: dx = Wᵀ·dz with Vector256.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardInput(ref float p, ref float x, ref float dz, ref float dx)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            if (inputs < VectorWidth)
            {
                EmitBackwardInputRows(writer, layer, vector: false);
                return;
            }

            using (writer.Block($"if ({Code.VectorPath})"))
            {
                if (inputs / VectorWidth <= UnrolledVectors)
                {
                    EmitRegisterBackwardInput(writer, layer);
                }
                else
                {
                    EmitBackwardInputRows(writer, layer, vector: true);
                }
            }

            using (writer.Block("else"))
            {
                EmitBackwardInputRows(writer, layer, vector: false);
            }
        }
    }

    /// <summary>
    /// dx of a short row held in registers across every output: one accumulator per vector step, the last one ending at
    /// the row's end. Its lanes that overlap the previous step hold the same sums, so the stores may overlap.
    /// </summary>
    private static void EmitRegisterBackwardInput(SourceWriter writer, LayerPlan layer)
    {
        (string Offset, string Name)[] steps = VectorSteps(layer.InputSize).ToArray();
        foreach ((_, string name) in steps)
        {
            writer.Line($"{Code.VectorOfFloat} d{name} = {Code.VectorOfFloat}.Zero;");
        }

        using (writer.For("o", layer.OutputSize))
        {
            writer.Line($"float d = {Code.At("dz", "o")};");
            // A zero gradient (a ReLU that was off) changes nothing: skip the row.
            using (writer.Block("if (d != 0f)"))
            {
                writer.Line($"ref float row = ref {Code.At("w", $"o * {layer.InputSize}")};");
                writer.Line($"{Code.VectorOfFloat} dv = {Code.Vector}.Create(d);");
                foreach ((string offset, string name) in steps)
                {
                    writer.Line($"d{name} = {Code.Vector}.MultiplyAddEstimate(dv, {Code.Load("row", offset)}, d{name});");
                }
            }
        }

        foreach ((string offset, string name) in steps)
        {
            writer.Line($"{Code.Vector}.StoreUnsafe(d{name}, ref dx, {Code.Offset(offset)});");
        }
    }

    private static void EmitBackwardInputRows(SourceWriter writer, LayerPlan layer, bool vector)
    {
        writer.Line($"{Code.MemoryMarshal}.CreateSpan(ref dx, {layer.InputSize}).Clear();");
        using (writer.For("o", layer.OutputSize))
        {
            writer.Line($"float d = {Code.At("dz", "o")};");
            // A zero gradient (a ReLU that was off) changes nothing: skip the row.
            using (writer.Block("if (d != 0f)"))
            {
                writer.Line($"ref float row = ref {Code.At("w", $"o * {layer.InputSize}")};");
                if (vector)
                {
                    EmitVectorAxpy(writer, layer.InputSize, "d", "row", "dx");
                }
                else
                {
                    EmitScalarAxpy(writer, layer.InputSize, "d", "row", "dx");
                }
            }
        }
    }

    /// <summary>
    /// The element offsets of a short row's vector steps and the names of the registers that hold the input there:
    /// <c>x0</c>, <c>x1</c>, … for full vectors and <c>xt</c> for a last vector ending at the row's end.
    /// </summary>
    private static IEnumerable<(string Offset, string Name)> VectorSteps(int length)
    {
        for (int j = 0; j < length / VectorWidth; j++)
        {
            yield return (Literals.Int(j * VectorWidth), "x" + Invariant.Number(j));
        }

        if (length % VectorWidth > 0)
        {
            yield return (Literals.Int(length - VectorWidth), "xt");
        }
    }

    /// <summary>
    /// <c>target[i] += scale · source[i]</c> with Vector256 and no scalar tail: the last vector ends at the row's end and
    /// overlaps the previous one. Both are loaded before either is stored, so the overlapping lanes, computed twice from
    /// the same values, are written twice with the same result. A null <paramref name="source"/> reads the input from
    /// the registers <see cref="VectorSteps"/> names.
    /// </summary>
    private static void EmitVectorAxpy(SourceWriter writer, int length, string scale, string? source, string target)
    {
        int full = length / VectorWidth;
        int tail = length % VectorWidth;
        int separate = tail > 0 ? full - 1 : full; // steps stored before the overlapping pair
        string Source(string offset, string name) => source is null ? name : Code.Load(source, offset);
        string Step(string offset, string name) => $"{Code.Vector}.MultiplyAddEstimate(sv, {Source(offset, name)}, {Code.Load(target, offset)})";

        writer.Line($"{Code.VectorOfFloat} sv = {Code.Vector}.Create({scale});");
        (string Offset, string Name)[] steps = VectorSteps(length).ToArray();
        if (source is null || full <= UnrolledVectors)
        {
            for (int j = 0; j < separate; j++)
            {
                writer.Line($"{Code.Vector}.StoreUnsafe({Step(steps[j].Offset, steps[j].Name)}, ref {target}, {Code.Offset(steps[j].Offset)});");
            }
        }
        else
        {
            using (writer.Block($"for (int i = 0; i < {Literals.Int(separate * VectorWidth)}; i += {VectorWidth})"))
            {
                writer.Line($"{Code.Vector}.StoreUnsafe({Step("i", "")}, ref {target}, (nuint)i);");
            }
        }

        if (tail > 0)
        {
            (string lastOffset, string lastName) = steps[steps.Length - 2];
            (string endOffset, string endName) = steps[steps.Length - 1];
            writer.Line($"{Code.VectorOfFloat} last = {Step(lastOffset, lastName)};");
            writer.Line($"{Code.VectorOfFloat} end = {Step(endOffset, endName)};");
            writer.Line($"{Code.Vector}.StoreUnsafe(last, ref {target}, {Code.Offset(lastOffset)});");
            writer.Line($"{Code.Vector}.StoreUnsafe(end, ref {target}, {Code.Offset(endOffset)});");
        }
    }

    /// <summary><c>target[i] += scale · source[i]</c> for i &lt; length, one element at a time.</summary>
    private static void EmitScalarAxpy(SourceWriter writer, int length, string scale, string source, string target)
    {
        using (writer.For("i", length))
        {
            writer.Line($"{Code.At(target, "i")} = {Code.Fma}({scale}, {Code.At(source, "i")}, {Code.At(target, "i")});");
        }
    }

    private static void EmitVectorWideActivation(SourceWriter writer, LayerPlan layer)
    {
        if (ActivationEmitter.IsVectorWide(layer.AppliedActivation))
        {
            ActivationEmitter.EmitInPlace(writer, layer.AppliedActivation, layer.Spec.NegativeSlope, "y", layer.OutputSize);
        }
    }

    private static void EmitReference(SourceWriter writer, LayerPlan layer)
    {
        var dense = (DenseLayerSpec)layer.Spec;
        int inputs = layer.InputSize;
        writer.Line($"/// <summary>{layer.Name} in double precision, for gradient checks.</summary>");
        using (writer.Block($"private static void {layer.Name}Reference({Code.ReadOnlySpan}<double> p, {Code.ReadOnlySpan}<double> x, {Code.Span}<double> y)"))
        {
            using (writer.For("o", layer.OutputSize))
            {
                writer.Line(dense.UseBias
                    ? $"double s = p[{layer.ParameterOffset + BiasOffset(layer)} + o];"
                    : "double s = 0.0;");
                using (writer.For("i", inputs))
                {
                    string offset = layer.ParameterOffset == 0 ? "" : layer.ParameterOffset + " + ";
                    writer.Line($"s += p[{offset}o * {inputs} + i] * x[i];");
                }

                writer.Line("y[o] = s;");
            }

            ActivationEmitter.EmitInPlaceDouble(writer, layer.AppliedActivation, dense.NegativeSlope, "y");
        }
    }

    /// <summary>Where the bias starts, relative to the layer's first parameter.</summary>
    private static int BiasOffset(LayerPlan layer) => layer.InputSize * layer.OutputSize;
}
