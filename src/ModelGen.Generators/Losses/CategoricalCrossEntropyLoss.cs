using ModelGen.Generators.Emission;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Losses;

/// <summary>
/// Categorical cross-entropy fused with the softmax: <c>log Σ e^z − z[target]</c>, gradient <c>p − onehot</c>.
/// The label is the class index.
/// </summary>
internal sealed class CategoricalCrossEntropyLoss : LossHead
{
    public static CategoricalCrossEntropyLoss Instance { get; } = new();

    public override string LabelCheck(ShapePlan plan) => $"{Code.ModelMath}.RequireClassLabels(labels, OutputSize);";

    public override void EmitLoss(SourceWriter writer, ShapePlan plan)
    {
        string classes = Literals.Int(plan.OutputSize);
        writer.Line($"int target = {Code.ModelMath}.ClassIndex(label, {classes});");
        writer.Line($"float targetLogit = {Code.At("y", "target")};");
        writer.Line($"loss = {Code.ModelMath}.SoftmaxInPlace(ref y, {classes}) - targetLogit;");
    }

    public override void EmitGradient(SourceWriter writer, ShapePlan plan)
    {
        using (writer.For("k", plan.OutputSize))
        {
            writer.Line($"{Code.At("dz", "k")} = {Code.At("y", "k")} * coefficient;");
        }

        writer.Line($"{Code.At("dz", "target")} -= coefficient;");
    }

    public override string Score(ShapePlan plan) => Code.At("y", plan.OutputSize - 1);

    public override void EmitReference(SourceWriter writer, ShapePlan plan)
    {
        writer.Line($"int target = {Code.ModelMath}.ClassIndex(label, {Literals.Int(plan.OutputSize)});");
        writer.Line("double targetLogit = y[target];");
        writer.Line($"loss = {Code.ModelMath}.SoftmaxInPlace(y) - targetLogit;");
    }
}
