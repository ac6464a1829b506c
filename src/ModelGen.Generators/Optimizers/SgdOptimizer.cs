using System;
using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Optimizers;

/// <summary>Keras's SGD: <c>m = μ·m − η·g</c>, then <c>w += m</c> (or <c>w += μ·m − η·g</c> with Nesterov); plain <c>w −= η·g</c> without momentum.</summary>
internal sealed class SgdOptimizer : OptimizerEmitter
{
    public static SgdOptimizer Instance { get; } = new();

    public override IReadOnlyList<string> StateFields(OptimizerSpec spec) =>
        spec.Momentum != 0 ? new[] { "_momentum" } : Array.Empty<string>();

    public override string Describe(OptimizerSpec spec) =>
        $"Sgd(lr={Literals.Double(spec.LearningRate)}, momentum={Literals.Double(spec.Momentum)}, nesterov={Literals.Bool(spec.Nesterov)})";

    public override void EmitPrologue(SourceWriter writer, OptimizerSpec spec) =>
        writer.Line("float lr = LearningRate;");

    public override void EmitElement(SourceWriter writer, OptimizerSpec spec)
    {
        string w = Code.At("w", "k");
        if (spec.Momentum == 0)
        {
            writer.Line($"{w} -= lr * gk;");
            return;
        }

        writer.Line($"ref float mk = ref {Code.At("momentum", "k")};");
        writer.Line($"mk = {F(spec.Momentum)} * mk - lr * gk;");
        writer.Line(spec.Nesterov ? $"{w} += {F(spec.Momentum)} * mk - lr * gk;" : $"{w} += mk;");
    }
}
