using ModelGen.Generators.Emission;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Losses;

/// <summary>
/// Mean squared error between the activated outputs and the label (one-hot over several outputs), averaged over
/// the outputs as Keras does, then back through the output activation.
/// </summary>
internal sealed class MeanSquaredErrorLoss : LossHead
{
    public static MeanSquaredErrorLoss Instance { get; } = new();

    public override string LabelCheck(ShapePlan plan) => plan.OutputSize == 1
        ? $"{Code.ModelMath}.RequireFiniteLabels(labels);"
        : $"{Code.ModelMath}.RequireClassLabels(labels, OutputSize);";

    public override void EmitLoss(SourceWriter writer, ShapePlan plan)
    {
        LayerPlan output = plan.Output;
        int width = plan.OutputSize;
        ActivationEmitter.EmitInPlace(writer, output.Spec.Activation, output.Spec.NegativeSlope, "y", width);
        if (width == 1)
        {
            writer.Line("float e = y - label;");
            writer.Line("loss = e * e;");
            return;
        }

        writer.Line($"int target = {Code.ModelMath}.ClassIndex(label, {Literals.Int(width)});");
        writer.Line("loss = 0f;");
        using (writer.For("k", width))
        {
            writer.Line($"float e = {Code.At("y", "k")} - (k == target ? 1f : 0f);");
            writer.Line("loss += e * e;");
        }

        writer.Line($"loss *= {Literals.Float(1.0 / width)};");
    }

    public override void EmitGradient(SourceWriter writer, ShapePlan plan)
    {
        LayerPlan output = plan.Output;
        int width = plan.OutputSize;
        if (width == 1)
        {
            writer.Line("dz = 2f * e * coefficient;");
        }
        else
        {
            using (writer.For("k", width))
            {
                // The error again, as the loss computed it: the same float operations give the same value.
                writer.Line($"float e = {Code.At("y", "k")} - (k == target ? 1f : 0f);");
                writer.Line($"{Code.At("dz", "k")} = {Literals.Float(2.0 / width)} * e * coefficient;");
            }
        }

        ActivationEmitter.EmitBackwardInPlace(writer, output.Spec.Activation, output.Spec.NegativeSlope, "y", "dz", width);
    }

    public override string Score(ShapePlan plan) => plan.OutputSize == 1 ? "y" : Code.At("y", plan.OutputSize - 1);

    public override void EmitReference(SourceWriter writer, ShapePlan plan)
    {
        LayerPlan output = plan.Output;
        ActivationEmitter.EmitInPlaceDouble(writer, output.Spec.Activation, output.Spec.NegativeSlope, "y");
        if (plan.OutputSize == 1)
        {
            writer.Line("double e = y[0] - label;");
            writer.Line("loss = e * e;");
        }
        else
        {
            writer.Line($"int target = {Code.ModelMath}.ClassIndex(label, {Literals.Int(plan.OutputSize)});");
            writer.Line("loss = 0.0;");
            using (writer.Block("for (int k = 0; k < y.Length; k++)"))
            {
                writer.Line("double e = y[k] - (k == target ? 1.0 : 0.0);");
                writer.Line("loss += e * e;");
            }

            writer.Line("loss /= y.Length;");
        }
    }
}
