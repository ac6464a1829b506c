using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Optimizers;

/// <summary>
/// L-BFGS: no per-step update to generate. The model implements <c>ModelGen.Training.ILbfgsModel</c>, and
/// <c>Trainer.Fit</c> runs the full-batch iterations in the runtime (<c>LbfgsTrainer</c>) over the generated
/// <c>ComputeGradients</c>; <c>TrainStep</c>, a minibatch step, says so instead of updating.
/// </summary>
internal sealed class LbfgsOptimizer : OptimizerEmitter
{
    public static LbfgsOptimizer Instance { get; } = new();

    public override IReadOnlyList<string> StateFields(OptimizerSpec spec) => System.Array.Empty<string>();

    public override string Describe(OptimizerSpec spec) =>
        $"Lbfgs(lr={Literals.Double(spec.LearningRate)}, history={Literals.Int(spec.HistorySize)})";

    public override IEnumerable<string> Interfaces(OptimizerSpec spec) => new[] { "global::ModelGen.Training.ILbfgsModel" };

    public override void EmitMembers(SourceWriter writer, OptimizerSpec spec)
    {
        writer.Line("/// <inheritdoc />");
        writer.Line($"public int LbfgsHistorySize => {Literals.Int(spec.HistorySize)};");
    }

    public override bool ReadsByReference => false;

    public override void EmitPrologue(SourceWriter writer, OptimizerSpec spec) =>
        writer.Line("throw new NotSupportedException(\"L-BFGS trains on the whole data set: call Fit, whose epochs are its iterations; TrainStep is a minibatch step.\");");

    public override void EmitRange(SourceWriter writer, OptimizerSpec spec, int start, int count)
    {
    }
}
