using System.Linq;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Emission;

/// <summary>
/// The gradient of the positive-class logit with respect to the input, for explanations (integrated gradients): the
/// prediction-time forward pass, then the training backward pass's <c>BackwardInput</c> methods from the output layer's
/// pre-activation down to the input, dropout passing the gradient through unchanged as it passes values at prediction.
/// Emitted, with <c>ModelGen.Explaining.IInputGradientModel</c>, when every layer's kind has an inference-time input
/// gradient (<see cref="Layers.LayerKind.HasInputGradient"/>; not BatchNorm, whose training gradient uses the batch's
/// statistics) and the output is one unit or a two-unit softmax.
/// </summary>
internal static class InputGradientEmitter
{
    public const string Interface = "global::ModelGen.Explaining.IInputGradientModel";

    public static bool Supports(ShapePlan plan) =>
        plan.Layers.All(l => l.Kind.HasInputGradient) && (plan.OutputSize == 1 || (plan.OutputSize == 2 && plan.Output.Spec.Activation == Activation.Softmax));

    public static void Emit(SourceWriter writer, ShapePlan plan)
    {
        bool pair = plan.OutputSize == 2;
        string logit = pair ? $"{Code.At("y", 1)} - y" : "y";
        writer.Line("/// <inheritdoc />");
        using (writer.Block("public float Logit(ReadOnlySpan<float> features)"))
        {
            writer.Line($"{Code.ModelMath}.RequireLength(features, InputSize, nameof(features));");
            using (Scratch.Declare(writer, "scratch", "ActivationSize", plan.ActivationSize))
            {
                writer.Line($"ref float activations = ref {Code.MemoryMarshal}.GetReference(scratch);");
                writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
                writer.Line($"{PredictionEmitter.PredictionForward(plan)}(ref p, ref {Code.MemoryMarshal}.GetReference(features), ref activations);");
                writer.Line($"ref float y = ref {Code.At("activations", "OutputOffset")};");
                writer.Line($"return {logit};");
            }
        }

        writer.Line();
        writer.Line("/// <inheritdoc />");
        using (writer.Block("public void ComputeInputGradient(ReadOnlySpan<float> features, Span<float> gradient)"))
        {
            writer.Line($"{Code.ModelMath}.RequireLength(features, InputSize, nameof(features));");
            writer.Line($"{Code.ModelMath}.RequireLength(gradient, InputSize, nameof(gradient));");
            using (Scratch.Declare(writer, "scratch", "ActivationSize + 2 * DeltaSize", plan.ActivationSize + 2L * plan.MaxWidth))
            {
                writer.Line($"ref float activations = ref {Code.MemoryMarshal}.GetReference(scratch);");
                writer.Line($"ref float delta0 = ref {Code.At("activations", "ActivationSize")};");
                writer.Line($"ref float delta1 = ref {Code.At("activations", "ActivationSize + DeltaSize")};");
                writer.Line($"ref float p = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
                writer.Line($"ref float x = ref {Code.MemoryMarshal}.GetReference(features);");
                writer.Line($"ref float dx = ref {Code.MemoryMarshal}.GetReference(gradient);");
                writer.Line("Forward(ref p, ref x, ref activations);");
                if (pair)
                {
                    writer.Line("delta0 = -1f; // the logit difference z₁ − z₀");
                    writer.Line($"{Code.At("delta0", 1)} = 1f;");
                }
                else
                {
                    writer.Line("delta0 = 1f;");
                }

                for (int l = plan.Layers.Count - 1; l >= 0; l--)
                {
                    LayerPlan layer = plan.Layers[l];
                    string delta = (plan.Layers.Count - 1 - l) % 2 == 0 ? "delta0" : "delta1";
                    string next = layer.IsFirst ? "dx" : delta == "delta0" ? "delta1" : "delta0";
                    string input = PredictionEmitter.Input(plan, layer, "x", "activations");
                    if (layer.Kind.IsStochastic)
                    {
                        writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref {delta}, {Literals.Int(layer.InputSize)}).CopyTo({Code.MemoryMarshal}.CreateSpan(ref {next}, {Literals.Int(layer.InputSize)}));");
                    }
                    else
                    {
                        writer.Line($"{layer.Name}BackwardInput(ref p, ref {input}, ref {delta}, ref {next});");
                    }

                    if (!layer.IsFirst)
                    {
                        LayerPlan previous = plan.Layers[l - 1];
                        ActivationEmitter.EmitBackwardInPlace(writer, previous.AppliedActivation, previous.Spec.NegativeSlope, Code.At("activations", previous.OutputOffset), next, previous.OutputSize);
                    }
                }
            }
        }
    }
}
