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
/// <c>CheckGradients</c> and the loss it differentiates: the whole network again in double precision, as plain loops
/// over the layers' reference methods, the oracle that finite differences compare the generated gradients with.
/// </summary>
internal static class ReferenceEmitter
{
    internal static void EmitGradientCheck(SourceWriter writer, ShapePlan plan, LossHead head)
    {
        writer.Line("/// <inheritdoc />");
        writer.Line($"public global::ModelGen.GradientCheckResult CheckGradients({Code.ReadOnlySpan}<float> features, {Code.ReadOnlySpan}<float> labels, {Code.ReadOnlySpan}<float> sampleWeights = default, double step = 1e-4) =>");
        writer.Line("    global::ModelGen.Numerics.GradientChecker.Check(this, ReferenceLoss, features, labels, sampleWeights, step);");
        writer.Line();
        writer.Line("/// <summary>The batch's loss in double precision, written as plain loops: the oracle of <see cref=\"CheckGradients\"/>.</summary>");
        using (writer.Block($"private double ReferenceLoss({Code.ReadOnlySpan}<double> p, {Code.ReadOnlySpan}<float> features, {Code.ReadOnlySpan}<float> labels, {Code.ReadOnlySpan}<float> sampleWeights)"))
        {
            writer.Line($"int batch = {Code.ModelMath}.BatchSize(InputSize, features, labels, sampleWeights);");
            if (plan.BatchStatisticsSize > 0)
            {
                TrainingEmitter.EmitBatchMajorReferenceLoss(writer, plan, head);
                EmitReferenceL2(writer, plan);
                return;
            }

            writer.Line("double[] x = new double[InputSize];");
            foreach (LayerPlan layer in plan.Layers)
            {
                writer.Line($"double[] a{layer.Index} = new double[{Literals.Int(layer.OutputSize)}];");
            }

            writer.Line("double total = 0.0;");
            using (writer.Block("for (int n = 0; n < batch; n++)"))
            {
                using (writer.Block("for (int i = 0; i < InputSize; i++)"))
                {
                    writer.Line("x[i] = features[n * InputSize + i];");
                }

                writer.Line("float label = labels[n];");
                writer.Line("double weight = sampleWeights.IsEmpty ? 1.0 : sampleWeights[n];");
                if (plan.IsStochastic)
                {
                    writer.Line($"ulong stream = {Code.ModelMath}.DropoutStream(_dropoutSeed, _dropoutStep, n);");
                }

                foreach (LayerPlan layer in plan.Layers)
                {
                    string input = layer.IsFirst ? "x" : "a" + (layer.Index - 1);
                    writer.Line($"{layer.Name}Reference(p, {input}, a{layer.Index}{(layer.Kind.IsStochastic ? ", stream" : "")});");
                }

                writer.Line("double loss;");
                using (writer.Block(""))
                {
                    writer.Line($"{Code.Span}<double> y = a{plan.Output.Index};");
                    head.EmitReference(writer, plan);
                }

                writer.Line("total += weight * loss;");
            }

            EmitReferenceL2(writer, plan);
        }
    }

    /// <summary>The reference loss's last lines: the mean of <c>total</c> plus each layer's L2 penalty.</summary>
    internal static void EmitReferenceL2(SourceWriter writer, ShapePlan plan)
    {
        writer.Line("double mean = total / batch;");
        foreach (LayerPlan layer in plan.Layers)
        {
            (int offset, int count, _) = layer.Kind.Regularized(layer);
            if (count > 0)
            {
                using (writer.For("k", offset, offset + count))
                {
                    writer.Line($"mean += _l2[{layer.Index}] * p[k] * p[k];");
                }
            }
        }

        writer.Line("return mean;");
    }
}
