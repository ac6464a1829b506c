using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Losses;
using ModelGen.Generators.Optimizers;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Emission;

/// <summary>
/// The prediction members of a network: <c>Predict</c> for one sample and its several outputs, <c>PredictBatch</c>
/// (sample by sample, or layer by layer over chunks of samples when a layer runs faster batched), and the forward
/// passes that string the layers' methods together.
/// </summary>
internal static class PredictionEmitter
{
    /// <summary>
    /// At most this many samples go through the layers together when <c>PredictBatch</c> runs layer by layer: whole
    /// tiles of six samples (VectorKernels' products with sixteen vector registers: AVX2, SSE) and of eight (AVX-512,
    /// NEON). 64 left four samples of an AVX2 tile idle in each chunk: the 784→128 layer over 1,008 rows on a Zen 3
    /// core, 2.5–3% faster in chunks of 72 (in-process pairs).
    /// </summary>
    internal const int PredictionChunk = 72;

    /// <summary>Fewer samples than this per chunk would not fill one tile of the batched products: predict sample by sample.</summary>
    internal const int SmallestPredictionChunk = 4;

    /// <summary>Up to this many outputs a sample's are stored one by one: a span copy costs more than a few moves.</summary>
    private const int MaximumOutputsCopiedOneByOne = 4;

    internal static void EmitPrediction(SourceWriter writer, ShapePlan plan) => EmitPredictionMembers(writer, plan, frozen: false);

    /// <summary>
    /// <c>Predict</c>, <c>PredictBatch</c> and their helpers, on the model or (<paramref name="frozen"/>) on its
    /// <c>Frozen</c> snapshot, whose <c>_transposed</c> weights were laid out once when it was made.
    /// </summary>
    internal static void EmitPredictionMembers(SourceWriter writer, ShapePlan plan, bool frozen)
    {
        string score = plan.OutputSize == 1 ? "y" : Code.At("y", plan.OutputSize - 1);
        string Inherited(string member) => frozen ? $"/// <inheritdoc cref=\"{plan.Spec.Identifier}.{member}\" />" : "/// <inheritdoc />";

        writer.Line(Inherited($"Predict({Code.ReadOnlySpan}{{float}})"));
        using (writer.Block($"public float Predict({Code.ReadOnlySpan}<float> features)"))
        {
            writer.Line($"{Code.ModelMath}.RequireLength(features, InputSize, nameof(features));");
            using (Scratch.Declare(writer, "activations", "ActivationSize", plan.ActivationSize))
            {
                EmitPredictOne(writer, plan, "features", frozen);
                writer.Line($"return {score};");
            }
        }

        writer.Line();
        writer.Line(Inherited($"Predict({Code.ReadOnlySpan}{{float}}, {Code.Span}{{float}})"));
        using (writer.Block($"public void Predict({Code.ReadOnlySpan}<float> features, {Code.Span}<float> output)"))
        {
            writer.Line($"{Code.ModelMath}.RequireLength(features, InputSize, nameof(features));");
            writer.Line($"{Code.ModelMath}.RequireCapacity(output, OutputSize, nameof(output));");
            using (Scratch.Declare(writer, "activations", "ActivationSize", plan.ActivationSize))
            {
                EmitPredictOne(writer, plan, "features", frozen);
                writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref y, OutputSize).CopyTo(output);");
            }
        }

        writer.Line();
        writer.Line(Inherited("PredictBatch"));
        EmitPredictBatch(writer, plan, frozen);
        writer.Line();
        writer.Line("/// <summary><see cref=\"PredictBatch\"/> on one range of rows, on the calling thread.</summary>");
        using (writer.Block($"private void PredictRows({Code.ReadOnlySpan}<float> features, {Code.Span}<float> outputs)"))
        {
            writer.Line("int count = features.Length / InputSize;");
            int chunk = ChunkSize(plan);
            if (frozen && PredictsTransposed(plan))
            {
                writer.Line($"ref float t = ref {Code.MemoryMarshal}.GetArrayDataReference(_transposed);");
                EmitPredictChunks(writer, plan, ChunkRows(plan), transposed: true);
            }
            else if (chunk > 0)
            {
                EmitPredictChunks(writer, plan, chunk, transposed: false);
            }
            else
            {
                EmitPredictEachRow(writer, plan, frozen ? FrozenWeights : null);
            }
        }

        if (!frozen && BatchesTransposed(plan))
        {
            writer.Line();
            EmitTransposedRows(writer, plan);
        }

        if (!frozen && TransposedLayers(plan).Any())
        {
            writer.Line();
            EmitTransposedWeights(writer, plan);
        }
    }

    /// <summary>
    /// <c>PredictRows</c> sample by sample, through the per-sample forward pass; through the frozen one (<see cref="FrozenForward"/>)
    /// over the weights laid out in the array <paramref name="transposed"/> names, when it names one.
    /// </summary>
    private static void EmitPredictEachRow(SourceWriter writer, ShapePlan plan, string? transposed)
    {
        LayerPlan output = plan.Output;
        using (Scratch.Declare(writer, "activations", "ActivationSize", plan.ActivationSize))
        {
            writer.Line($"ref float a = ref {Code.MemoryMarshal}.GetReference(activations);");
            writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
            EmitFrozenWeightsReference(writer, plan, transposed);
            writer.Line($"ref float x = ref {Code.MemoryMarshal}.GetReference(features);");
            EmitResultsReference(writer, plan);
            writer.Line($"ref float y = ref {Code.At("a", "OutputOffset")};");
            using (writer.Block("for (int n = 0; n < count; n++)"))
            {
                writer.Line($"{OneSampleForward(plan, transposed is not null, Code.At("x", "n * InputSize"))};");
                ActivationEmitter.EmitInPlace(writer, output.Spec.Activation, output.Spec.NegativeSlope, "y", plan.OutputSize);
                EmitStoreOutputs(writer, plan, "n");
            }
        }
    }

    /// <summary>
    /// <c>PredictBatch</c>: the batch split across threads in whole chunks (each row is tiled as it would be on one
    /// thread: the same bits on any thread count), with the dense weights transposed once for the call when the model
    /// has such layers and the batch has enough rows to repay it; a frozen snapshot's were transposed when it was made.
    /// </summary>
    private static void EmitPredictBatch(SourceWriter writer, ShapePlan plan, bool frozen)
    {
        string identifier = frozen ? FrozenClass : plan.Spec.Identifier;
        string rowsPerBlock = Literals.Int(System.Math.Max(1, ChunkSize(plan)));
        string Predict(string weights) =>
            $"{Code.ParallelBatch}.Predict(this, {weights}, features, InputSize, outputs, OutputSize, rowsPerBlock: {rowsPerBlock}, parts,";
        using (writer.Block($"public void PredictBatch({Code.ReadOnlySpan}<float> features, {Code.Span}<float> outputs)"))
        {
            writer.Line($"int count = {Code.ModelMath}.PredictionCount(InputSize, OutputSize, features, outputs);");
            writer.Line($"int parts = {Code.ParallelBatch}.Parts(_threads, count, MultiplyAddsPerSample);");
            if (frozen || !BatchesTransposed(plan))
            {
                writer.Line(Predict("null"));
                writer.Line($"    static (model, _, rows, rowOutputs) => (({identifier})model).PredictRows(rows, rowOutputs));");
                return;
            }

            writer.Line($"float[]? transposed = count < TransposedFromRows ? null : {Code.ParallelBatch}.RentScratch(TransposedWeightsSize);");
            using (writer.Block("try"))
            {
                using (writer.Block("if (transposed is not null)"))
                {
                    writer.Line("TransposeWeights(_parameters, transposed);");
                }

                writer.Line();
                writer.Line(Predict("transposed"));
                writer.Line($"    static (model, transposed, rows, rowOutputs) => (({identifier})model).PredictRows(transposed, rows, rowOutputs));");
            }

            using (writer.Block("finally"))
            {
                writer.Line($"{Code.ParallelBatch}.ReturnScratch(transposed);");
            }
        }
    }

    /// <summary>
    /// The constants of transposed weights and <c>TransposeWeights</c>, which writes them: for large batches, and for a
    /// frozen snapshot (<see cref="FrozenEmitter"/>).
    /// </summary>
    private static void EmitTransposedWeights(SourceWriter writer, ShapePlan plan)
    {
        writer.Line("/// <summary>Floats of the weights laid out input-major: dense layers' in panels (<see cref=\"VectorKernels.AffinePanels\"/>), pooled convolutions' transposed.</summary>");
        writer.Line($"private const int TransposedWeightsSize = {Literals.Int(TransposedLayers(plan).Sum(l => l.Layer.Kind.TransposedWeights(l.Layer)))};");
        if (BatchesTransposed(plan))
        {
            writer.Line($"/// <summary>{TransposedFromRowsReason(plan)}</summary>");
            writer.Line($"private const int TransposedFromRows = {Literals.Int(TransposedFromRows(plan))};");
        }

        writer.Line();
        writer.Line("/// <summary>Writes each layer's weights laid out input-major into <paramref name=\"transposed\"/>, one layer after another.</summary>");
        using (writer.Block("private static void TransposeWeights(float[] parameters, float[] transposed)"))
        {
            writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(parameters);");
            writer.Line($"ref float t = ref {Code.MemoryMarshal}.GetArrayDataReference(transposed);");
            foreach ((LayerPlan layer, int offset) in TransposedLayers(plan))
            {
                layer.Kind.EmitTranspose(writer, layer, Code.At("t", offset));
            }
        }
    }

    /// <summary>
    /// The dispatching <c>PredictRows(transposed, …)</c> and the pass that multiplies by the transposed weights: in chunks,
    /// or sample by sample through the frozen one-sample pass when no chunk of samples fits the stack.
    /// </summary>
    private static void EmitTransposedRows(SourceWriter writer, ShapePlan plan)
    {
        writer.Line("/// <summary><see cref=\"PredictBatch\"/> on one range of rows, with the transposed weights when the call made them.</summary>");
        using (writer.Block($"private void PredictRows(float[]? transposed, {Code.ReadOnlySpan}<float> features, {Code.Span}<float> outputs)"))
        {
            using (writer.Block("if (transposed is null)"))
            {
                writer.Line("PredictRows(features, outputs);");
                writer.Line("return;");
            }

            writer.Line();
            writer.Line("int count = features.Length / InputSize;");
            if (PredictsTransposed(plan))
            {
                writer.Line($"ref float t = ref {Code.MemoryMarshal}.GetArrayDataReference(transposed);");
                EmitPredictChunks(writer, plan, ChunkRows(plan), transposed: true);
            }
            else
            {
                EmitPredictEachRow(writer, plan, "transposed");
            }
        }
    }

    /// <summary>
    /// Whether a large <c>PredictBatch</c> call lays the weights out input-major first: for its chunks
    /// (<see cref="PredictsTransposed"/>), or, where samples go one by one, for the layers the frozen one-sample pass reads
    /// so (the seeds' CNN's pooled convolutions and its 1600 → 128 layer).
    /// </summary>
    private static bool BatchesTransposed(ShapePlan plan) => PredictsTransposed(plan) || FrozenRowLayers(plan).Count > 0;

    /// <summary>Whether large batches multiply by transposed weights: some layer has them and a chunk of samples fits the stack.</summary>
    internal static bool PredictsTransposed(ShapePlan plan) =>
        ChunkRows(plan) >= SmallestPredictionChunk && plan.Layers.Any(l => l.Kind.TransposedWeights(l) > 0);

    /// <summary>
    /// The smallest batch worth transposing for (docs/performance.md): transposing costs about what four or five samples'
    /// products cost; the outer-product tiles run at four to five times the speed of per-sample dot products, so a few
    /// rows repay it, but only at 1.7 times the chunked products a model with wide layers already runs: about 32 rows.
    /// </summary>
    private static int TransposedFromRows(ShapePlan plan) => ChunkSize(plan) > 0 ? 32 : PredictsTransposed(plan) ? 4 : TransposedSamplesFromRows;

    /// <summary>
    /// The smallest sample-by-sample batch worth laying the weights out for (<see cref="BatchesTransposed"/>): the seeds'
    /// CNN's layout took 50–100 µs on a Zen 5 core and saved about 9 µs an image (36 → 27), so it pays from about ten rows.
    /// </summary>
    private const int TransposedSamplesFromRows = 16;

    private static string TransposedFromRowsReason(ShapePlan plan) => ChunkSize(plan) > 0
        ? "Batches of fewer rows run the chunked products: transposing would cost more than the outer-product tiles save."
        : PredictsTransposed(plan)
            ? "Batches of fewer rows run sample by sample: transposing would cost more than the outer-product tiles save."
            : "Batches of fewer rows keep the model's own weights: laying them out would cost more than the frozen pass saves.";

    /// <summary>The layers with transposed weights and where each one's start in the transposed array.</summary>
    internal static IEnumerable<(LayerPlan Layer, int Offset)> TransposedLayers(ShapePlan plan)
    {
        int offset = 0;
        foreach (LayerPlan layer in plan.Layers)
        {
            int size = layer.Kind.TransposedWeights(layer);
            if (size > 0)
            {
                yield return (layer, offset);
                offset += size;
            }
        }
    }

    /// <summary>The samples per chunk of a layer-by-layer <c>PredictBatch</c>, or 0 when the model predicts sample by sample.</summary>
    private static int ChunkSize(ShapePlan plan) =>
        plan.PredictsLayerByLayer && ChunkRows(plan) >= SmallestPredictionChunk ? ChunkRows(plan) : 0;

    /// <summary>The samples whose activations fit the stack scratch together, at most <see cref="PredictionChunk"/>.</summary>
    private static int ChunkRows(ShapePlan plan) =>
        System.Math.Min(PredictionChunk, Scratch.StackScratchLimit / System.Math.Max(1, plan.ActivationSize));

    /// <summary>
    /// <c>PredictBatch</c> over chunks of <paramref name="chunkSize"/> samples, layer by layer: batched layers run one
    /// register-tiled product per chunk (each weight load serves several samples), the others sample by sample. A chunk's
    /// activations fit the stack scratch, so they stay in cache between layers.
    /// </summary>
    internal static void EmitPredictChunks(SourceWriter writer, ShapePlan plan, int chunkSize, bool transposed)
    {
        LayerPlan output = plan.Output;
        string chunkLength = Literals.Int(chunkSize);
        using (Scratch.Declare(writer, "activations", $"{chunkLength} * ActivationSize", (long)chunkSize * plan.ActivationSize))
        {
            writer.Line($"ref float a = ref {Code.MemoryMarshal}.GetReference(activations);");
            writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
            EmitResultsReference(writer, plan);
            using (writer.Block($"for (int start = 0; start < count; start += {chunkLength})"))
            {
                writer.Line($"int chunk = Math.Min({chunkLength}, count - start);");
                writer.Line($"ref float x = ref {Code.At($"{Code.MemoryMarshal}.GetReference(features)", "start * InputSize")};");
                Dictionary<LayerPlan, int> transposedAt = transposed ? TransposedLayers(plan).ToDictionary(l => l.Layer, l => l.Offset) : new();
                foreach ((LayerPlan layer, LayerPlan last) in PredictionSteps(plan))
                {
                    string stride = layer.IsFirst ? "InputSize" : "ActivationSize";
                    if (transposedAt.TryGetValue(layer, out int at))
                    {
                        writer.Line($"{layer.Name}ForwardTransposed(ref p, ref {Code.At("t", at)}, ref {Input(plan, layer, "x", "a")}, {stride}, ref {Code.At("a", last.OutputOffset)}, ActivationSize, chunk);");
                        continue;
                    }

                    if (layer.Kind.RunsBatched(layer) && layer == last)
                    {
                        writer.Line($"{layer.Name}ForwardBatch(ref p, ref {Input(plan, layer, "x", "a")}, {stride}, ref {Code.At("a", layer.OutputOffset)}, ActivationSize, chunk, threads: 1);");
                        continue;
                    }

                    using (writer.Block("for (int n = 0; n < chunk; n++)"))
                    {
                        string sample = layer.IsFirst
                            ? Code.At("x", "n * InputSize")
                            : Code.At("a", SampleOffset(plan.Layers[layer.Index - 1].OutputOffset));
                        writer.Line($"{layer.Name}{StepMethod(layer, last)}(ref p, ref {sample}, ref {Code.At("a", SampleOffset(last.OutputOffset))});");
                    }
                }

                if (plan.OutputSize == 1 && output.Spec.Activation == Activation.Sigmoid)
                {
                    // A binary classifier's probabilities: the chunk's scores side by side, then one vector pass of the sigmoid.
                    using (writer.Block("for (int n = 0; n < chunk; n++)"))
                    {
                        writer.Line($"{Code.At("results", "start + n")} = {Code.At("a", "n * ActivationSize + OutputOffset")};");
                    }

                    writer.Line($"{Code.Kernels}.SigmoidInPlace(ref {Code.At("results", "start")}, chunk);");
                }
                else
                {
                    using (writer.Block("for (int n = 0; n < chunk; n++)"))
                    {
                        writer.Line($"ref float y = ref {Code.At("a", "n * ActivationSize + OutputOffset")};");
                        ActivationEmitter.EmitInPlace(writer, output.Spec.Activation, output.Spec.NegativeSlope, "y", plan.OutputSize);
                        EmitStoreOutputs(writer, plan, "start + n");
                    }
                }
            }
        }
    }

    /// <summary><c>results</c>, the first element of <c>outputs</c>, for the element-by-element copy of <see cref="EmitStoreOutputs"/>.</summary>
    private static void EmitResultsReference(SourceWriter writer, ShapePlan plan)
    {
        if (plan.OutputSize <= MaximumOutputsCopiedOneByOne)
        {
            writer.Line($"ref float results = ref {Code.MemoryMarshal}.GetReference(outputs);");
        }
    }

    /// <summary>
    /// Copies the activated outputs at <c>y</c> to row <paramref name="row"/> of <c>outputs</c> (whose length
    /// <c>PredictionCount</c> checked): element by element when there are few, a span copy otherwise.
    /// </summary>
    private static void EmitStoreOutputs(SourceWriter writer, ShapePlan plan, string row)
    {
        if (plan.OutputSize > MaximumOutputsCopiedOneByOne)
        {
            writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref y, OutputSize).CopyTo(outputs.Slice(({row}) * OutputSize, OutputSize));");
            return;
        }

        string first = plan.OutputSize == 1 ? row : $"({row}) * OutputSize";
        for (int k = 0; k < plan.OutputSize; k++)
        {
            string at = k == 0 ? first : $"{first} + {Literals.Int(k)}";
            writer.Line($"{Code.At("results", at)} = {(k == 0 ? "y" : Code.At("y", k))};");
        }
    }

    /// <summary>Where sample <c>n</c>'s values at <paramref name="offset"/> lie in a chunk's activations.</summary>
    internal static string SampleOffset(int offset) =>
        offset == 0 ? "n * ActivationSize" : $"n * ActivationSize + {Literals.Int(offset)}";

    /// <summary>One forward pass on the <c>activations</c> scratch, leaving <c>ref float y</c> at the activated outputs.</summary>
    internal static void EmitPredictOne(SourceWriter writer, ShapePlan plan, string features, bool frozen)
    {
        LayerPlan output = plan.Output;
        writer.Line($"ref float a = ref {Code.MemoryMarshal}.GetReference(activations);");
        writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
        EmitFrozenWeightsReference(writer, plan, frozen ? FrozenWeights : null);
        writer.Line($"{OneSampleForward(plan, frozen, $"{Code.MemoryMarshal}.GetReference({features})")};");
        writer.Line($"ref float y = ref {Code.At("a", "OutputOffset")};");
        ActivationEmitter.EmitInPlace(writer, output.Spec.Activation, output.Spec.NegativeSlope, "y", output.OutputSize);
    }

    internal static void EmitForward(SourceWriter writer, ShapePlan plan)
    {
        writer.Line("/// <summary>Runs every layer on one sample; the output layer's values stay pre-activation.</summary>");
        using (writer.Block("private static void Forward(ref float p, ref float x, ref float a)"))
        {
            foreach (LayerPlan layer in plan.Layers)
            {
                writer.Line($"{layer.Name}Forward(ref p, ref {Input(plan, layer, "x", "a")}, ref {Code.At("a", layer.OutputOffset)});");
            }
        }

        if (FusesForPrediction(plan))
        {
            writer.Line();
            writer.Line("/// <summary>Runs every layer on one sample for prediction, fused layers as one pass: only the outputs prediction reads are written.</summary>");
            using (writer.Block($"private static void {PredictionForward(plan)}(ref float p, ref float x, ref float a)"))
            {
                EmitPredictionSteps(writer, plan, new Dictionary<LayerPlan, int>());
            }
        }

        Dictionary<LayerPlan, int> rows = FrozenRowLayers(plan);
        if (rows.Count > 0)
        {
            writer.Line();
            writer.Line("/// <summary>Prediction's pass in a frozen snapshot: the large dense layers and pooled convolutions multiply by their weights laid out input-major at <paramref name=\"t\"/>.</summary>");
            using (writer.Block($"private static void {FrozenForward}(ref float p, ref float t, ref float x, ref float a)"))
            {
                EmitPredictionSteps(writer, plan, rows);
            }
        }
    }

    /// <summary>One call per prediction step; the layers in <paramref name="transposedAt"/> multiply by their transposed weights at the offset it gives.</summary>
    private static void EmitPredictionSteps(SourceWriter writer, ShapePlan plan, Dictionary<LayerPlan, int> transposedAt)
    {
        foreach ((LayerPlan layer, LayerPlan last) in PredictionSteps(plan))
        {
            string input = Input(plan, layer, "x", "a");
            string output = Code.At("a", last.OutputOffset);
            if (transposedAt.TryGetValue(layer, out int at))
            {
                writer.Line($"{layer.Name}ForwardTransposed(ref p, ref {Code.At("t", at)}, ref {input}, {Literals.Int(layer.InputSize)}, ref {output}, {Literals.Int(last.OutputSize)}, 1);");
                continue;
            }

            writer.Line($"{layer.Name}{StepMethod(layer, last)}(ref p, ref {input}, ref {output});");
        }
    }

    /// <summary>The nested class of a model's frozen snapshot (<see cref="FrozenEmitter"/>).</summary>
    internal const string FrozenClass = "Frozen";

    /// <summary>The per-sample forward pass of a frozen snapshot whose large dense layers read transposed weights.</summary>
    private const string FrozenForward = "InferFrozen";

    /// <summary>The layers a frozen snapshot's one-sample pass multiplies by transposed weights, with their offsets in them.</summary>
    internal static Dictionary<LayerPlan, int> FrozenRowLayers(ShapePlan plan) =>
        TransposedLayers(plan).Where(l => l.Layer.Kind.PredictsOneSampleTransposed(l.Layer)).ToDictionary(l => l.Layer, l => l.Offset);

    /// <summary>A frozen snapshot's field of weights laid out input-major.</summary>
    private const string FrozenWeights = "_transposed";

    /// <summary>Declares <c>ref float t</c> over the array <paramref name="transposed"/> names (or none) where the one-sample pass reads it.</summary>
    private static void EmitFrozenWeightsReference(SourceWriter writer, ShapePlan plan, string? transposed)
    {
        if (transposed is not null && FrozenRowLayers(plan).Count > 0)
        {
            writer.Line($"ref float t = ref {Code.MemoryMarshal}.GetArrayDataReference({transposed});");
        }
    }

    /// <summary>
    /// The call of the per-sample forward pass over the sample at <paramref name="sample"/>, into the activations <c>a</c>:
    /// the frozen one when <paramref name="transposed"/> weights are at hand and some layer reads them.
    /// </summary>
    private static string OneSampleForward(ShapePlan plan, bool transposed, string sample) =>
        transposed && FrozenRowLayers(plan).Count > 0
            ? $"{FrozenForward}(ref p, ref t, ref {sample}, ref a)"
            : $"{PredictionForward(plan)}(ref p, ref {sample}, ref a)";

    /// <summary>Whether some layer fuses with the next for prediction (<see cref="LayerKind.FusesNextForPrediction"/>).</summary>
    private static bool FusesForPrediction(ShapePlan plan) => plan.Layers.Any(l => l.Kind.FusesNextForPrediction(l));

    /// <summary>
    /// The per-sample forward pass of prediction: <c>Infer</c>, where fused layers write only what prediction reads, or
    /// <c>Forward</c> when no layer fuses. Gradients need <c>Forward</c>: it keeps every layer's outputs.
    /// </summary>
    internal static string PredictionForward(ShapePlan plan) => FusesForPrediction(plan) ? "Infer" : "Forward";

    /// <summary>The per-sample method of a prediction step: the layer's own <c>Forward</c>, or <c>ForwardFused</c> when it also computes <paramref name="last"/>.</summary>
    private static string StepMethod(LayerPlan layer, LayerPlan last) => layer == last ? "Forward" : "ForwardFused";

    /// <summary>Prediction's steps in order: a layer alone (<c>Last</c> is the layer), or a layer fused with the one after it (<c>Last</c>, whose outputs it writes).</summary>
    private static IEnumerable<(LayerPlan Layer, LayerPlan Last)> PredictionSteps(ShapePlan plan)
    {
        for (int i = 0; i < plan.Layers.Count; i++)
        {
            LayerPlan layer = plan.Layers[i];
            if (layer.Kind.FusesNextForPrediction(layer))
            {
                i++;
                yield return (layer, plan.Layers[i]);
            }
            else
            {
                yield return (layer, layer);
            }
        }
    }

    /// <summary>The forward pass of training: stochastic layers (dropout) draw their masks from <c>stream</c>.</summary>
    internal static void EmitForwardTraining(SourceWriter writer, ShapePlan plan)
    {
        writer.Line("/// <summary>Runs every layer on one sample as in training: dropout masks come from <paramref name=\"stream\"/>.</summary>");
        using (writer.Block("private static void ForwardTraining(ref float p, ref float x, ref float a, ulong stream)"))
        {
            foreach (LayerPlan layer in plan.Layers)
            {
                string input = Input(plan, layer, "x", "a");
                string output = Code.At("a", layer.OutputOffset);
                writer.Line(layer.Kind.IsStochastic
                    ? $"{layer.Name}ForwardTraining(ref {input}, ref {output}, stream);"
                    : $"{layer.Name}Forward(ref p, ref {input}, ref {output});");
            }
        }
    }

    /// <summary>The reference to a layer's input: the sample for the first layer, the previous layer's outputs otherwise.</summary>
    internal static string Input(ShapePlan plan, LayerPlan layer, string sample, string activations) =>
        layer.IsFirst ? sample : Code.At(activations, plan.Layers[layer.Index - 1].OutputOffset);
}
