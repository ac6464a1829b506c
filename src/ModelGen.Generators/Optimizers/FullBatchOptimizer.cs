using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Optimizers;

/// <summary>
/// L-BFGS, conjugate gradient, Newton-CG and Newton: no per-step update to generate. The model implements
/// <c>ModelGen.Training.IFullBatchModel</c>, and <c>Trainer.Fit</c> runs the full-batch iterations in the runtime
/// (<c>FullBatchTrainer</c>) over the generated <c>ComputeGradients</c>; <c>TrainStep</c>, a minibatch step, says so
/// instead of updating.
/// </summary>
internal sealed class FullBatchOptimizer : OptimizerEmitter
{
    public static FullBatchOptimizer Instance { get; } = new();

    public override IReadOnlyList<string> StateFields(OptimizerSpec spec) => System.Array.Empty<string>();

    public override string Describe(OptimizerSpec spec) => spec.Kind == OptimizerKind.Lbfgs
        ? $"Lbfgs(lr={Literals.Double(spec.LearningRate)}, history={Literals.Int(spec.HistorySize)})"
        : $"{spec.Kind}(lr={Literals.Double(spec.LearningRate)})";

    public override IEnumerable<string> Interfaces(OptimizerSpec spec) => new[] { "global::ModelGen.Training.IFullBatchModel" };

    public override void EmitMembers(SourceWriter writer, ModelSpec model)
    {
        OptimizerSpec spec = model.Optimizer;
        writer.Line("/// <inheritdoc />");
        writer.Line($"public global::ModelGen.OptimizerKind FullBatchOptimizer => global::ModelGen.OptimizerKind.{spec.Kind};");
        writer.Line("/// <inheritdoc />");
        writer.Line($"public int HistorySize => {Literals.Int(spec.HistorySize)};");
        writer.Line("/// <inheritdoc />");
        writer.Line($"public double RegularizationC => {Literals.Double(spec.C)};");
        writer.Line("/// <inheritdoc />");
        writer.Line($"public double GradientTolerance => {Literals.Double(spec.GradientTolerance)};");
        writer.Line("/// <inheritdoc />");
        writer.Line($"public double ChangeTolerance => {Literals.Double(spec.ChangeTolerance)};");
        writer.Line("/// <inheritdoc />");
        writer.Line($"public bool IsLogisticRegression => {(model.IsLogisticRegression ? "true" : "false")};");
    }

    public override bool ReadsByReference => false;

    public override void EmitPrologue(SourceWriter writer, OptimizerSpec spec) =>
        writer.Line($"throw new NotSupportedException(\"{spec.Kind} trains on the whole data set: call Fit, whose epochs are its iterations; TrainStep is a minibatch step.\");");

    public override bool UpdatesMinibatches => false;
}
