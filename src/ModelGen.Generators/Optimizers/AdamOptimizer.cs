using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Optimizers;

/// <summary>
/// Adam: <c>m += (g − m)(1 − β₁)</c>, <c>v += (g² − v)(1 − β₂)</c>, <c>w −= α·m / (√v + ε̂)</c> with
/// <c>α = η·√(1 − β₂ᵗ) / (1 − β₁ᵗ)</c>. Keras's ε̂ is ε; PyTorch adds ε to the bias-corrected <c>√v̂</c>, which is the
/// same update with <c>ε̂ = ε·√(1 − β₂ᵗ)</c>. AdamW first decays <c>w −= w·λ·η</c>, as both apply decoupled decay before
/// the update.
/// </summary>
internal sealed class AdamOptimizer : OptimizerEmitter
{
    public static AdamOptimizer Instance { get; } = new();

    public override IReadOnlyList<string> StateFields(OptimizerSpec spec) => new[] { "_m", "_v" };

    public override string Describe(OptimizerSpec spec)
    {
        string text = $"{spec.Kind}(lr={Literals.Double(spec.LearningRate)}, beta1={Literals.Double(spec.Beta1)}, beta2={Literals.Double(spec.Beta2)}, epsilon={Literals.Double(spec.Epsilon)}";
        if (spec.Kind == OptimizerKind.AdamW)
        {
            text += $", weightDecay={Literals.Double(spec.WeightDecay)}";
        }

        return text + (spec.Convention == OptimizerConvention.PyTorch ? ", convention=PyTorch)" : ")");
    }

    public override void EmitPrologue(SourceWriter writer, OptimizerSpec spec)
    {
        writer.Line($"double correction2 = Math.Sqrt(1.0 - Math.Pow({Literals.Double(spec.Beta2)}, _steps));");
        writer.Line($"float alpha = (float)(LearningRate * correction2 / (1.0 - Math.Pow({Literals.Double(spec.Beta1)}, _steps)));");
        writer.Line(spec.Convention == OptimizerConvention.PyTorch
            ? $"float epsilon = (float)({Literals.Double(spec.Epsilon)} * correction2); // PyTorch adds ε after the bias correction"
            : $"const float epsilon = {F(spec.Epsilon)};");
        if (spec.Kind == OptimizerKind.AdamW)
        {
            writer.Line($"float decay = LearningRate * {F(spec.WeightDecay)};");
        }
    }

    public override void EmitElement(SourceWriter writer, OptimizerSpec spec)
    {
        string w = Code.At("w", "k");
        if (spec.Kind == OptimizerKind.AdamW)
        {
            writer.Line($"{w} -= {w} * decay;");
        }

        writer.Line($"ref float mk = ref {Code.At("m", "k")};");
        writer.Line($"ref float vk = ref {Code.At("v", "k")};");
        writer.Line($"mk += (gk - mk) * {F(1 - spec.Beta1)};");
        writer.Line($"vk += (gk * gk - vk) * {F(1 - spec.Beta2)};");
        writer.Line($"{w} -= alpha * mk / (MathF.Sqrt(vk) + epsilon);");
    }

    public override bool HasVectorForm => true;

    public override void EmitVectorElement(SourceWriter writer, OptimizerSpec spec, string vector)
    {
        writer.Line($"{vector}<float> wv = {vector}.LoadUnsafe(ref w, (nuint)k);");
        if (spec.Kind == OptimizerKind.AdamW)
        {
            writer.Line($"wv -= wv * {vector}.Create(decay);");
        }

        writer.Line($"{vector}<float> mv = {vector}.LoadUnsafe(ref m, (nuint)k);");
        writer.Line($"{vector}<float> vv = {vector}.LoadUnsafe(ref v, (nuint)k);");
        writer.Line($"mv += (gv - mv) * {vector}.Create({F(1 - spec.Beta1)});");
        writer.Line($"vv += (gv * gv - vv) * {vector}.Create({F(1 - spec.Beta2)});");
        writer.Line($"wv -= {vector}.Create(alpha) * mv / ({vector}.Sqrt(vv) + {vector}.Create(epsilon));");
        writer.Line($"{vector}.StoreUnsafe(mv, ref m, (nuint)k);");
        writer.Line($"{vector}.StoreUnsafe(vv, ref v, (nuint)k);");
        writer.Line($"{vector}.StoreUnsafe(wv, ref w, (nuint)k);");
    }
}
