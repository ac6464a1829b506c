using ModelGen.Generators.Emission;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Losses;

/// <summary>Binary cross-entropy fused with the sigmoid: computed from the logit, gradient <c>σ(z) − y</c>.</summary>
internal sealed class BinaryCrossEntropyLoss : LossHead
{
    public static BinaryCrossEntropyLoss Instance { get; } = new();

    public override void EmitLoss(SourceWriter writer, ShapePlan plan) =>
        writer.Line($"loss = {Code.ModelMath}.BinaryCrossEntropyFromLogit(y, label, out float probability);");

    public override void EmitGradient(SourceWriter writer, ShapePlan plan) =>
        writer.Line("dz = (probability - label) * coefficient;");

    public override string Score(ShapePlan plan) => "probability";

    public override void EmitReference(SourceWriter writer, ShapePlan plan) =>
        writer.Line($"loss = {Code.ModelMath}.BinaryCrossEntropyFromLogit(y[0], (double)label);");
}
