using ModelGen.Generators.Layers;
using ModelGen.Generators.Losses;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Emission;

/// <summary>
/// Batch-major training, for models with a layer that normalizes over the batch (batch normalization): the forward pass runs layer by
/// layer over the whole batch, since such a layer needs every sample's input before it can produce any output, and the
/// backward pass runs back the same way. Each sample's activations and deltas get their own slice of one scratch array
/// rented from the shared pool (the batch size is known only at run time), so a warm training step allocates nothing.
/// Models without such a layer keep the sample-major loop (TrainingEmitter.cs), whose scratch stays in cache.
/// </summary>
internal static partial class TrainingEmitter
{
    private const string Pool = "global::System.Buffers.ArrayPool<float>.Shared";

    /// <summary>The rest of the body of <c>AccumulateGradients</c>, after its locals for the part.</summary>
    public static void EmitBatchMajorGradients(SourceWriter writer, ShapePlan plan, LossHead head)
    {
        writer.Line($"float[] scratch = {Pool}.Rent(batch * (ActivationSize + 2 * DeltaSize));");
        using (writer.Block("try"))
        {
            writer.Line($"ref float activations = ref {Code.MemoryMarshal}.GetArrayDataReference(scratch);");
            writer.Line($"ref float delta0 = ref {Code.At("activations", "batch * ActivationSize")};");
            writer.Line($"ref float delta1 = ref {Code.At("delta0", "batch * DeltaSize")};");
            writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
            writer.Line($"ref float g = ref {Code.MemoryMarshal}.GetArrayDataReference(part.Gradients);");
            if (plan.BatchStatisticsSize > 0)
            {
                writer.Line($"ref float statistics = ref {Code.MemoryMarshal}.GetArrayDataReference(_batchStatistics);");
            }

            writer.Line($"ref float samples = ref {Code.MemoryMarshal}.GetReference(part.Features);");
            foreach (LayerPlan layer in plan.Layers)
            {
                EmitBatchMajorForward(writer, plan, layer);
            }

            writer.Line("float inverseBatch = 1f / part.BatchSize;");
            writer.Line("double total = 0.0;");
            using (writer.Block("for (int n = 0; n < batch; n++)"))
            {
                writer.Line("float label = labels[n];");
                writer.Line("float weight = sampleWeights.IsEmpty ? 1f : sampleWeights[n];");
                writer.Line("float coefficient = weight * inverseBatch;");
                writer.Line("float loss;");
                writer.Line($"ref float y = ref {Code.At("activations", "n * ActivationSize + OutputOffset")};");
                writer.Line($"ref float dz = ref {Code.At("delta0", "n * DeltaSize")};");
                head.EmitLoss(writer, plan);
                head.EmitGradient(writer, plan);
                using (writer.Block("if (!scores.IsEmpty)"))
                {
                    writer.Line($"scores[n] = {head.Score(plan)};");
                }

                writer.Line("total += (double)weight * loss;");
            }

            for (int l = plan.Layers.Count - 1; l >= 0; l--)
            {
                string delta = (plan.Layers.Count - 1 - l) % 2 == 0 ? "delta0" : "delta1";
                EmitBatchMajorBackward(writer, plan, plan.Layers[l], delta, delta == "delta0" ? "delta1" : "delta0");
            }

            writer.Line("return total;");
        }

        using (writer.Block("finally"))
        {
            writer.Line($"{Pool}.Return(scratch);");
        }
    }

    /// <summary>The layer-by-layer body of <c>ReferenceLoss</c>, after <c>batch</c>, leaving <c>total</c>.</summary>
    public static void EmitBatchMajorReferenceLoss(SourceWriter writer, ShapePlan plan, LossHead head)
    {
        writer.Line("double[] x = new double[batch * InputSize];");
        using (writer.Block("for (int i = 0; i < x.Length; i++)"))
        {
            writer.Line("x[i] = features[i];");
        }

        foreach (LayerPlan layer in plan.Layers)
        {
            string input = layer.IsFirst ? "x" : "a" + (layer.Index - 1);
            writer.Line($"double[] a{layer.Index} = new double[batch * {Literals.Int(layer.OutputSize)}];");
            if (layer.Kind.BatchStatistics(layer) > 0)
            {
                writer.Line($"{layer.Name}ReferenceBatch(p, {input}, a{layer.Index}, batch);");
                continue;
            }

            using (writer.Block("for (int n = 0; n < batch; n++)"))
            {
                string stream = "";
                if (layer.Kind.IsStochastic)
                {
                    writer.Line($"ulong stream = {Code.ModelMath}.DropoutStream(_dropoutSeed, _dropoutStep, n);");
                    stream = ", stream";
                }

                writer.Line($"{layer.Name}Reference(p, new {Code.Span}<double>({input}, n * {Literals.Int(layer.InputSize)}, {Literals.Int(layer.InputSize)}), " +
                    $"new {Code.Span}<double>(a{layer.Index}, n * {Literals.Int(layer.OutputSize)}, {Literals.Int(layer.OutputSize)}){stream});");
            }
        }

        writer.Line("double total = 0.0;");
        using (writer.Block("for (int n = 0; n < batch; n++)"))
        {
            writer.Line("float label = labels[n];");
            writer.Line("double weight = sampleWeights.IsEmpty ? 1.0 : sampleWeights[n];");
            writer.Line("double loss;");
            using (writer.Block(""))
            {
                writer.Line($"{Code.Span}<double> y = new {Code.Span}<double>(a{plan.Output.Index}, n * OutputSize, OutputSize);");
                head.EmitReference(writer, plan);
            }

            writer.Line("total += weight * loss;");
        }
    }

    private static void EmitBatchMajorForward(SourceWriter writer, ShapePlan plan, LayerPlan layer)
    {
        if (layer.Kind.RunsBatched(layer))
        {
            writer.Line($"{layer.Name}ForwardBatch(ref p, ref {FirstInput(plan, layer)}, {InputStride(layer)}, ref {Code.At("activations", layer.OutputOffset)}, ActivationSize, batch, {LayerThreads(plan)});");
            return;
        }

        string output = Code.At("activations", $"n * ActivationSize + {layer.OutputOffset}");
        if (layer.Kind.BatchStatistics(layer) > 0)
        {
            writer.Line($"{layer.Name}ForwardBatch(ref p, ref {Code.At("activations", PreviousOffset(plan, layer))}, ref {Code.At("activations", layer.OutputOffset)}, " +
                $"ref {Code.At("statistics", plan.BatchStatisticsOffset(layer))}, batch, ActivationSize);");
            return;
        }

        using (writer.Block("for (int n = 0; n < batch; n++)"))
        {
            writer.Line(layer.Kind.IsStochastic
                ? $"{layer.Name}ForwardTraining(ref {BatchMajorInput(plan, layer)}, ref {output}, {Stream()});"
                : $"{layer.Name}Forward(ref p, ref {BatchMajorInput(plan, layer)}, ref {output});");
        }
    }

    private static void EmitBatchMajorBackward(SourceWriter writer, ShapePlan plan, LayerPlan layer, string delta, string next)
    {
        if (layer.Kind.BatchStatistics(layer) > 0 || layer.Kind.RunsBatched(layer))
        {
            writer.Line(layer.Kind.RunsBatched(layer)
                ? $"{layer.Name}BackwardBatch(ref p, ref g, ref {FirstInput(plan, layer)}, {InputStride(layer)}, ref {delta}, ref {next}, DeltaSize, batch, {LayerThreads(plan)});"
                : $"{layer.Name}BackwardBatch(ref p, ref g, ref {Code.At("activations", PreviousOffset(plan, layer))}, ref {delta}, ref {next}, " +
                  $"ref {Code.At("statistics", plan.BatchStatisticsOffset(layer))}, batch, ActivationSize, DeltaSize);");
            if (!layer.IsFirst && plan.Layers[layer.Index - 1].AppliedActivation != Activation.Linear)
            {
                using (writer.Block("for (int n = 0; n < batch; n++)"))
                {
                    EmitPreviousActivationBackward(writer, plan, layer, next);
                }
            }

            return;
        }

        if (layer.ParameterCount == 0 && layer.IsFirst)
        {
            return;
        }

        using (writer.Block("for (int n = 0; n < batch; n++)"))
        {
            string input = BatchMajorInput(plan, layer);
            string dz = Code.At(delta, "n * DeltaSize");
            if (layer.ParameterCount > 0)
            {
                writer.Line($"{layer.Name}BackwardParameters(ref {input}, ref {dz}, ref g);");
            }

            if (!layer.IsFirst)
            {
                string stream = layer.Kind.IsStochastic ? ", " + Stream() : "";
                writer.Line($"{layer.Name}BackwardInput(ref p, ref {input}, ref {dz}, ref {Code.At(next, "n * DeltaSize")}{stream});");
                EmitPreviousActivationBackward(writer, plan, layer, next);
            }
        }
    }

    /// <summary>Turns sample <c>n</c>'s gradient with respect to the previous layer's outputs into one with respect to its pre-activations.</summary>
    private static void EmitPreviousActivationBackward(SourceWriter writer, ShapePlan plan, LayerPlan layer, string gradient)
    {
        LayerPlan previous = plan.Layers[layer.Index - 1];
        if (previous.AppliedActivation == Activation.Linear)
        {
            return;
        }

        writer.Line($"ref float outputs = ref {Code.At("activations", $"n * ActivationSize + {previous.OutputOffset}")};");
        writer.Line($"ref float gradient = ref {Code.At(gradient, "n * DeltaSize")};");
        ActivationEmitter.EmitBackwardInPlace(writer, previous.AppliedActivation, previous.Spec.NegativeSlope, "outputs", "gradient", previous.OutputSize);
    }

    /// <summary>Sample <c>n</c>'s input to <paramref name="layer"/>.</summary>
    private static string BatchMajorInput(ShapePlan plan, LayerPlan layer) =>
        layer.IsFirst ? Code.At("samples", "n * InputSize") : Code.At("activations", $"n * ActivationSize + {PreviousOffset(plan, layer)}");

    private static int PreviousOffset(ShapePlan plan, LayerPlan layer) => plan.Layers[layer.Index - 1].OutputOffset;

    /// <summary>The first sample's input to <paramref name="layer"/>, and the distance between samples' inputs.</summary>
    private static string FirstInput(ShapePlan plan, LayerPlan layer) =>
        layer.IsFirst ? "samples" : Code.At("activations", PreviousOffset(plan, layer));

    private static string InputStride(LayerPlan layer) => layer.IsFirst ? "InputSize" : "ActivationSize";

    /// <summary>The threads a batched layer's products may use: the model's, when its layers split across threads rather than its batches.</summary>
    private static string LayerThreads(ShapePlan plan) => plan.SplitsLayersAcrossThreads ? "_threads" : "1";

    private static string Stream() => $"{Code.ModelMath}.DropoutStream(_dropoutSeed, _dropoutStep, first + n)";
}
