using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Optimizers;

/// <summary>
/// RMSprop: <c>v = ρ·v + (1 − ρ)·g²</c> (centered: less <c>ḡ²</c> with <c>ḡ = ρ·ḡ + (1 − ρ)·g</c>). Keras's step is
/// <c>η·g / √(v + ε)</c>, applied through momentum <c>m = μ·m + step</c> when μ &gt; 0; PyTorch's is
/// <c>g / (√v + ε)</c>, its momentum buffer <c>b = μ·b + g/(√v + ε)</c> and the update <c>η·b</c>.
/// </summary>
internal sealed class RmsPropOptimizer : OptimizerEmitter
{
    public static RmsPropOptimizer Instance { get; } = new();

    public override IReadOnlyList<string> StateFields(OptimizerSpec spec)
    {
        var fields = new List<string> { "_velocity" };
        if (spec.Centered)
        {
            fields.Add("_meanGradient");
        }

        if (spec.Momentum != 0)
        {
            fields.Add("_momentum");
        }

        return fields;
    }

    public override string Describe(OptimizerSpec spec) =>
        $"RmsProp(lr={Literals.Double(spec.LearningRate)}, rho={Literals.Double(spec.Rho)}, momentum={Literals.Double(spec.Momentum)}, epsilon={Literals.Double(spec.Epsilon)}, centered={Literals.Bool(spec.Centered)}{(spec.Convention == OptimizerConvention.PyTorch ? ", convention=PyTorch" : "")})";

    public override void EmitPrologue(SourceWriter writer, OptimizerSpec spec) =>
        writer.Line("float lr = LearningRate;");

    public override void EmitElement(SourceWriter writer, OptimizerSpec spec)
    {
        writer.Line($"ref float vk = ref {Code.At("velocity", "k")};");
        writer.Line($"vk = {F(spec.Rho)} * vk + {F(1 - spec.Rho)} * gk * gk;");
        string second = "vk";
        if (spec.Centered)
        {
            writer.Line($"ref float ak = ref {Code.At("meanGradient", "k")};");
            writer.Line($"ak = {F(spec.Rho)} * ak + {F(1 - spec.Rho)} * gk;");
            second = "vk - ak * ak";
        }

        string w = Code.At("w", "k");
        bool pyTorch = spec.Convention == OptimizerConvention.PyTorch;
        writer.Line(pyTorch
            ? $"float step = gk / (MathF.Sqrt({second}) + {F(spec.Epsilon)});"
            : $"float step = lr * gk / MathF.Sqrt({second} + {F(spec.Epsilon)});");
        if (spec.Momentum != 0)
        {
            writer.Line($"ref float mk = ref {Code.At("momentum", "k")};");
            writer.Line($"mk = {F(spec.Momentum)} * mk + step;");
            writer.Line(pyTorch ? $"{w} -= lr * mk;" : $"{w} -= mk;");
        }
        else
        {
            writer.Line(pyTorch ? $"{w} -= lr * step;" : $"{w} -= step;");
        }
    }
}
