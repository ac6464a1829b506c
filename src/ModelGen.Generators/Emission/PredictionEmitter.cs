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
    /// <summary>At most this many samples go through the layers together when <c>PredictBatch</c> runs layer by layer.</summary>
    internal const int PredictionChunk = 64;

    /// <summary>Fewer samples than this per chunk would not fill one tile of the batched products: predict sample by sample.</summary>
    internal const int SmallestPredictionChunk = 4;

    internal static void EmitPrediction(SourceWriter writer, ShapePlan plan)
    {
        LayerPlan output = plan.Output;
        string score = plan.OutputSize == 1 ? "y" : Code.At("y", plan.OutputSize - 1);

        writer.Line("/// <inheritdoc />");
        using (writer.Block($"public float Predict({Code.ReadOnlySpan}<float> features)"))
        {
            writer.Line($"{Code.ModelMath}.RequireLength(features, InputSize, nameof(features));");
            using (Scratch.Declare(writer, "activations", "ActivationSize", plan.ActivationSize))
            {
                EmitPredictOne(writer, output, "features");
                writer.Line($"return {score};");
            }
        }

        writer.Line();
        writer.Line("/// <inheritdoc />");
        using (writer.Block($"public void Predict({Code.ReadOnlySpan}<float> features, {Code.Span}<float> output)"))
        {
            writer.Line($"{Code.ModelMath}.RequireLength(features, InputSize, nameof(features));");
            writer.Line($"{Code.ModelMath}.RequireCapacity(output, OutputSize, nameof(output));");
            using (Scratch.Declare(writer, "activations", "ActivationSize", plan.ActivationSize))
            {
                EmitPredictOne(writer, output, "features");
                writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref y, OutputSize).CopyTo(output);");
            }
        }

        writer.Line();
        writer.Line("/// <inheritdoc />");
        using (writer.Block($"public void PredictBatch({Code.ReadOnlySpan}<float> features, {Code.Span}<float> outputs)"))
        {
            writer.Line($"int count = {Code.ModelMath}.PredictionCount(InputSize, OutputSize, features, outputs);");
            writer.Line($"int parts = {Code.ParallelBatch}.Parts(_threads, count, MultiplyAddsPerSample);");

            // Threads take whole chunks, so each row is tiled as it would be on one thread: the same bits on any thread count.
            writer.Line($"{Code.ParallelBatch}.Predict(this, features, InputSize, outputs, OutputSize, rowsPerBlock: {Literals.Int(System.Math.Max(1, ChunkSize(plan)))}, parts,");
            writer.Line($"    static (model, rows, rowOutputs) => (({plan.Spec.Identifier})model).PredictRows(rows, rowOutputs));");
        }

        writer.Line();
        writer.Line("/// <summary><see cref=\"PredictBatch\"/> on one range of rows, on the calling thread.</summary>");
        using (writer.Block($"private void PredictRows({Code.ReadOnlySpan}<float> features, {Code.Span}<float> outputs)"))
        {
            writer.Line("int count = features.Length / InputSize;");
            int chunk = ChunkSize(plan);
            if (chunk > 0)
            {
                EmitPredictChunks(writer, plan, chunk);
                return;
            }

            using (Scratch.Declare(writer, "activations", "ActivationSize", plan.ActivationSize))
            {
                writer.Line($"ref float a = ref {Code.MemoryMarshal}.GetReference(activations);");
                writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
                writer.Line($"ref float x = ref {Code.MemoryMarshal}.GetReference(features);");
                writer.Line($"ref float y = ref {Code.At("a", "OutputOffset")};");
                using (writer.Block("for (int n = 0; n < count; n++)"))
                {
                    writer.Line($"Forward(ref p, ref {Code.At("x", "n * InputSize")}, ref a);");
                    ActivationEmitter.EmitInPlace(writer, output.Spec.Activation, output.Spec.NegativeSlope, "y", plan.OutputSize);
                    writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref y, OutputSize).CopyTo(outputs.Slice(n * OutputSize, OutputSize));");
                }
            }
        }
    }

    /// <summary>The samples per chunk of a layer-by-layer <c>PredictBatch</c>, or 0 when the model predicts sample by sample.</summary>
    private static int ChunkSize(ShapePlan plan)
    {
        int chunk = System.Math.Min(PredictionChunk, Scratch.StackScratchLimit / System.Math.Max(1, plan.ActivationSize));
        return plan.PredictsLayerByLayer && chunk >= SmallestPredictionChunk ? chunk : 0;
    }

    /// <summary>
    /// <c>PredictBatch</c> over chunks of <paramref name="chunkSize"/> samples, layer by layer: batched layers run one
    /// register-tiled product per chunk (each weight load serves several samples), the others sample by sample. A chunk's
    /// activations fit the stack scratch, so they stay in cache between layers.
    /// </summary>
    internal static void EmitPredictChunks(SourceWriter writer, ShapePlan plan, int chunkSize)
    {
        LayerPlan output = plan.Output;
        string chunkLength = Literals.Int(chunkSize);
        using (Scratch.Declare(writer, "activations", $"{chunkLength} * ActivationSize", (long)chunkSize * plan.ActivationSize))
        {
            writer.Line($"ref float a = ref {Code.MemoryMarshal}.GetReference(activations);");
            writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
            using (writer.Block($"for (int start = 0; start < count; start += {chunkLength})"))
            {
                writer.Line($"int chunk = Math.Min({chunkLength}, count - start);");
                writer.Line($"ref float x = ref {Code.At($"{Code.MemoryMarshal}.GetReference(features)", "start * InputSize")};");
                foreach (LayerPlan layer in plan.Layers)
                {
                    if (layer.Kind.RunsBatched(layer))
                    {
                        string stride = layer.IsFirst ? "InputSize" : "ActivationSize";
                        writer.Line($"{layer.Name}ForwardBatch(ref p, ref {Input(plan, layer, "x", "a")}, {stride}, ref {Code.At("a", layer.OutputOffset)}, ActivationSize, chunk);");
                        continue;
                    }

                    using (writer.Block("for (int n = 0; n < chunk; n++)"))
                    {
                        string sample = layer.IsFirst
                            ? Code.At("x", "n * InputSize")
                            : Code.At("a", SampleOffset(plan.Layers[layer.Index - 1].OutputOffset));
                        writer.Line($"{layer.Name}Forward(ref p, ref {sample}, ref {Code.At("a", SampleOffset(layer.OutputOffset))});");
                    }
                }

                using (writer.Block("for (int n = 0; n < chunk; n++)"))
                {
                    writer.Line($"ref float y = ref {Code.At("a", "n * ActivationSize + OutputOffset")};");
                    ActivationEmitter.EmitInPlace(writer, output.Spec.Activation, output.Spec.NegativeSlope, "y", plan.OutputSize);
                    writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref y, OutputSize).CopyTo(outputs.Slice((start + n) * OutputSize, OutputSize));");
                }
            }
        }
    }

    /// <summary>Where sample <c>n</c>'s values at <paramref name="offset"/> lie in a chunk's activations.</summary>
    internal static string SampleOffset(int offset) =>
        offset == 0 ? "n * ActivationSize" : $"n * ActivationSize + {Literals.Int(offset)}";

    /// <summary>One forward pass on the <c>activations</c> scratch, leaving <c>ref float y</c> at the activated outputs.</summary>
    internal static void EmitPredictOne(SourceWriter writer, LayerPlan output, string features)
    {
        writer.Line($"ref float a = ref {Code.MemoryMarshal}.GetReference(activations);");
        writer.Line($"Forward(ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters), ref {Code.MemoryMarshal}.GetReference({features}), ref a);");
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
