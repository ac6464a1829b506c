using ModelGen.Generators.Emission;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Losses;

/// <summary>Hinge loss <c>max(0, 1 − t·z)</c> on a linear margin, with 0/1 labels mapped to t = ∓1.</summary>
internal sealed class HingeLoss : LossHead
{
    public static HingeLoss Instance { get; } = new();

    public override string DecisionThreshold => "0f";

    public override void EmitLoss(SourceWriter writer, ShapePlan plan)
    {
        writer.Line($"float t = {Code.ModelMath}.HingeTarget(label);");
        writer.Line("float margin = t * y;");
        writer.Line("loss = MathF.Max(0f, 1f - margin);");
    }

    public override void EmitGradient(SourceWriter writer, ShapePlan plan) =>
        writer.Line("dz = margin < 1f ? -t * coefficient : 0f;");

    public override string Score(ShapePlan plan) => "y";

    public override void EmitReference(SourceWriter writer, ShapePlan plan)
    {
        writer.Line($"double t = {Code.ModelMath}.HingeTarget(label);");
        writer.Line("loss = Math.Max(0.0, 1.0 - t * y[0]);");
    }
}
