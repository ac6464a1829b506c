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
/// The training members of a network: <c>TrainStep</c>, <c>ComputeGradients</c> and <c>ComputeLoss</c>, the
/// sample-major loss and back-propagation over a batch, L2, and BatchNorm's running statistics. A model with a layer
/// that normalizes over the batch trains batch-major instead (TrainingEmitter.BatchMajor.cs): the same members, the
/// loop order turned around.
/// </summary>
internal static partial class TrainingEmitter
{
    internal static void EmitTraining(SourceWriter writer, ShapePlan plan, LossHead head)
    {
        writer.Line("/// <inheritdoc />");
        using (writer.Block($"public float TrainStep({Code.ReadOnlySpan}<float> features, {Code.ReadOnlySpan}<float> labels, {Code.ReadOnlySpan}<float> sampleWeights = default, {Code.Span}<float> scores = default)"))
        {
            writer.Line("float loss = ComputeGradients(features, labels, sampleWeights, scores);");
            using (writer.Block("if (!float.IsFinite(loss))"))
            {
                writer.Line("return loss; // a diverged batch changes nothing: the caller decides whether to stop");
            }

            if (plan.BatchStatisticsSize > 0)
            {
                writer.Line("UpdateRunningStatistics();");
            }

            writer.Line("ApplyOptimizer();");
            if (plan.IsStochastic)
            {
                writer.Line("_dropoutStep++; // the next batch draws new dropout masks");
            }

            writer.Line("return loss;");
        }

        writer.Line();
        writer.Line("/// <inheritdoc />");
        using (writer.Block($"public float ComputeGradients({Code.ReadOnlySpan}<float> features, {Code.ReadOnlySpan}<float> labels, {Code.ReadOnlySpan}<float> sampleWeights = default, {Code.Span}<float> scores = default)"))
        {
            EmitBatchChecks(writer, plan, head);
            switch (plan.TrainingParallelism)
            {
                case TrainingParallelism.None:
                    writer.Line("const int parts = 1; // batch normalization's statistics need every sample of the batch on one thread");
                    break;
                case TrainingParallelism.ByLayerOutputs:
                    writer.Line("const int parts = 1; // each batched layer splits its products across _threads by outputs: its weights stay on their core");
                    break;
                default:
                    // A backward pass costs about two forward passes: one product for the weights' gradient, one for the inputs'.
                    writer.Line($"int parts = {Code.ParallelBatch}.Parts(_threads, batch, 3 * MultiplyAddsPerSample);");
                    break;
            }

            writer.Line($"double total = {Code.ParallelBatch}.ComputeGradients(this, features, InputSize, labels, sampleWeights, scores, _gradients, ref _partGradients, parts,");
            writer.Line($"    static (object model, in {Code.BatchPart} part) => (({plan.Spec.Identifier})model).AccumulateGradients(in part));");
            writer.Line("double mean = total / batch;");
            writer.Line("mean += L2(_gradients);");
            writer.Line("return (float)mean;");
        }

        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// <see cref=\"ComputeGradients\"/> on one part of a batch, on the calling thread: clears the part's gradient buffer,");
        writer.Line("/// back-propagates each sample's loss (weighted, divided by the whole batch's size) into it, and returns the sum of the");
        writer.Line("/// samples' weighted losses.");
        writer.Line("/// </summary>");
        using (writer.Block($"private double AccumulateGradients(in {Code.BatchPart} part)"))
        {
            writer.Line($"{Code.ReadOnlySpan}<float> labels = part.Labels;");
            writer.Line($"{Code.ReadOnlySpan}<float> sampleWeights = part.SampleWeights;");
            writer.Line($"{Code.Span}<float> scores = part.Scores;");
            writer.Line("int batch = labels.Length;");
            if (plan.IsStochastic)
            {
                writer.Line("int first = part.First; // dropout masks are drawn per sample of the whole batch");
            }

            EmitClearGradients(writer, plan);
            if (plan.TrainsLayerByLayer)
            {
                EmitBatchMajorGradients(writer, plan, head);
            }
            else
            {
                EmitBatchLoss(writer, plan, head, backward: true);
            }
        }

        writer.Line();
        writer.Line("/// <inheritdoc />");
        using (writer.Block($"public float ComputeLoss({Code.ReadOnlySpan}<float> features, {Code.ReadOnlySpan}<float> labels, {Code.ReadOnlySpan}<float> sampleWeights = default, {Code.Span}<float> scores = default)"))
        {
            EmitBatchLoss(writer, plan, head, backward: false);
        }

        EmitL2(writer, plan);
        if (plan.BatchStatisticsSize > 0)
        {
            writer.Line();
            writer.Line("/// <summary>Moves every running statistic toward the batch statistics of the last <see cref=\"ComputeGradients\"/>.</summary>");
            using (writer.Block("private void UpdateRunningStatistics()"))
            {
                writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
                writer.Line($"ref float statistics = ref {Code.MemoryMarshal}.GetArrayDataReference(_batchStatistics);");
                foreach (LayerPlan layer in plan.Layers)
                {
                    if (layer.Kind.BatchStatistics(layer) > 0)
                    {
                        writer.Line($"{layer.Name}UpdateRunningStatistics(ref p, ref {Code.At("statistics", plan.BatchStatisticsOffset(layer))});");
                    }
                }
            }
        }
    }

    /// <summary>
    /// The mean loss of a batch, one sample at a time on scratch; with <paramref name="backward"/> it also
    /// back-propagates into the cleared gradients.
    /// </summary>
    internal static void EmitBatchLoss(SourceWriter writer, ShapePlan plan, LossHead head, bool backward)
    {
        if (!backward)
        {
            EmitBatchChecks(writer, plan, head);
        }

        // The loss alone needs the activations; back-propagation adds two deltas as wide as the widest layer.
        using (backward
            ? Scratch.Declare(writer, "scratch", "ActivationSize + 2 * DeltaSize", plan.ActivationSize + 2L * plan.MaxWidth)
            : Scratch.Declare(writer, "scratch", "ActivationSize", plan.ActivationSize))
        {
            writer.Line($"ref float activations = ref {Code.MemoryMarshal}.GetReference(scratch);");
            if (backward)
            {
                writer.Line($"ref float delta0 = ref {Code.At("activations", "ActivationSize")};");
                writer.Line($"ref float delta1 = ref {Code.At("activations", "ActivationSize + DeltaSize")};");
            }

            writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
            if (backward)
            {
                writer.Line($"ref float g = ref {Code.MemoryMarshal}.GetArrayDataReference(part.Gradients);");
            }

            writer.Line($"ref float samples = ref {Code.MemoryMarshal}.GetReference({(backward ? "part.Features" : "features")});");
            if (backward)
            {
                writer.Line("float inverseBatch = 1f / part.BatchSize;");
            }

            writer.Line("double total = 0.0;");
            using (writer.Block("for (int n = 0; n < batch; n++)"))
            {
                writer.Line($"ref float x = ref {Code.At("samples", "n * InputSize")};");
                writer.Line("float label = labels[n];");
                writer.Line("float weight = sampleWeights.IsEmpty ? 1f : sampleWeights[n];");
                if (backward && plan.IsStochastic)
                {
                    writer.Line($"ulong stream = {Code.ModelMath}.DropoutStream(_dropoutSeed, _dropoutStep, first + n);");
                    writer.Line("ForwardTraining(ref p, ref x, ref activations, stream);");
                }
                else
                {
                    writer.Line($"{(backward ? "Forward" : PredictionEmitter.PredictionForward(plan))}(ref p, ref x, ref activations);");
                }

                writer.Line("float loss;");
                using (writer.Block(""))
                {
                    writer.Line($"ref float y = ref {Code.At("activations", "OutputOffset")};");
                    head.EmitLoss(writer, plan);
                    if (backward)
                    {
                        writer.Line("float coefficient = weight * inverseBatch;");
                        writer.Line("ref float dz = ref delta0;");
                        head.EmitGradient(writer, plan);
                    }

                    using (writer.Block("if (!scores.IsEmpty)"))
                    {
                        writer.Line($"scores[n] = {head.Score(plan)};");
                    }
                }

                writer.Line("total += (double)weight * loss;");
                if (backward)
                {
                    EmitBackward(writer, plan);
                }
            }

            if (backward)
            {
                writer.Line("return total;");
                return;
            }

            writer.Line("double mean = total / batch;");
            writer.Line("mean += L2(default);");
            writer.Line("return (float)mean;");
        }
    }

    /// <summary>Declares <c>batch</c> after checking the spans' lengths against each other and the labels against the loss's domain.</summary>
    internal static void EmitBatchChecks(SourceWriter writer, ShapePlan plan, LossHead head)
    {
        writer.Line($"int batch = {Code.ModelMath}.BatchSize(InputSize, features, labels, sampleWeights);");
        writer.Line($"{Code.ModelMath}.RequireScores(scores, batch);");
        writer.Line(head.LabelCheck(plan));
    }

    /// <summary>Back-propagation for one sample, the delta ping-ponging between two buffers.</summary>
    internal static void EmitBackward(SourceWriter writer, ShapePlan plan)
    {
        for (int l = plan.Layers.Count - 1; l >= 0; l--)
        {
            LayerPlan layer = plan.Layers[l];
            string delta = (plan.Layers.Count - 1 - l) % 2 == 0 ? "delta0" : "delta1";
            string next = delta == "delta0" ? "delta1" : "delta0";
            string input = PredictionEmitter.Input(plan, layer, "x", "activations");
            if (layer.ParameterCount > 0)
            {
                writer.Line($"{layer.Name}BackwardParameters(ref {input}, ref {delta}, ref g);");
            }

            if (layer.IsFirst)
            {
                continue;
            }

            LayerPlan previous = plan.Layers[l - 1];
            writer.Line($"{layer.Name}BackwardInput(ref p, ref {input}, ref {delta}, ref {next}{(layer.Kind.IsStochastic ? ", stream" : "")});");
            ActivationEmitter.EmitBackwardInPlace(writer, previous.AppliedActivation, previous.Spec.NegativeSlope, Code.At("activations", previous.OutputOffset), next, previous.OutputSize);
        }
    }

    internal static void EmitL2(SourceWriter writer, ShapePlan plan)
    {
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// The L2 penalty Σλ‖w‖² over each layer's weights, with λ from <see cref=\"L2Strengths\"/>; unless");
        writer.Line("/// <paramref name=\"gradients\"/> is empty, adds its gradient 2λw to them.");
        writer.Line("/// </summary>");
        var terms = new List<string>();
        foreach (LayerPlan layer in plan.Layers)
        {
            (int offset, int count, _) = layer.Kind.Regularized(layer);
            if (count > 0)
            {
                terms.Add($"{Code.ModelMath}.L2Penalty(_parameters, {Literals.Int(offset)}, {Literals.Int(count)}, _l2[{Literals.Int(layer.Index)}], gradients)");
            }
        }

        writer.Line($"private double L2({Code.Span}<float> gradients) =>");
        if (terms.Count == 0)
        {
            terms.Add("0.0");
        }

        for (int i = 0; i < terms.Count; i++)
        {
            writer.Line($"    {(i == 0 ? "" : "+ ")}{terms[i]}{(i == terms.Count - 1 ? ";" : "")}");
        }
    }

    /// <summary>
    /// Clears the part's gradient where the backward pass adds to it: all of it, but for the parameters of batched
    /// layers that write their gradients (<see cref="LayerKind.OverwritesGradients"/>).
    /// </summary>
    private static void EmitClearGradients(SourceWriter writer, ShapePlan plan)
    {
        if (!plan.TrainsLayerByLayer || !plan.Layers.Any(l => l.ParameterCount > 0 && l.Kind.OverwritesGradients(l)))
        {
            writer.Line("Array.Clear(part.Gradients);");
            return;
        }

        int start = 0;
        foreach (LayerPlan layer in plan.Layers.Where(l => l.ParameterCount > 0))
        {
            if (layer.Kind.OverwritesGradients(layer))
            {
                EmitClear(start, layer.ParameterOffset);
                start = layer.ParameterOffset + (int)layer.ParameterCount;
            }
        }

        EmitClear(start, (int)plan.ParameterCount);

        void EmitClear(int from, int to)
        {
            if (to > from)
            {
                writer.Line($"part.Gradients.AsSpan({Literals.Int(from)}, {Literals.Int(to - from)}).Clear();");
            }
        }
    }
}
