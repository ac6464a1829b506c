using System.Collections.Generic;
using System.Globalization;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Layers;

/// <summary><c>[Dropout(rate)]</c>.</summary>
internal sealed record DropoutLayerSpec(int AttributeIndex, double Rate) : LayerSpec(AttributeIndex, Activation.Linear, 0)
{
    public override LayerKind Kind => DropoutLayer.Instance;
}

/// <summary>
/// Inverted dropout: while training each value is kept with probability <c>1 - rate</c> and scaled by
/// <c>1 / (1 - rate)</c>, or zeroed; prediction copies values through, so it stays pure and deterministic. The mask
/// of a value is a hash of the sample's stream and the value's index (<c>ModelMath.DropoutKeeps</c>), so the backward
/// pass and the gradient check's reference recompute it instead of storing it.
/// </summary>
internal sealed class DropoutLayer : LayerKind
{
    /// <summary>At prediction dropout passes values through, so its input gradient passes through too (the emitter copies it).</summary>
    public override bool HasInputGradient => true;

    public static DropoutLayer Instance { get; } = new();

    public override string AttributeName => "Dropout";

    public override bool IsStochastic => true;

    public override string FullBatchConflict => "Dropout draws new masks on every evaluation of the loss";

    public override LayerSpec Parse(AttributeValues values)
    {
        double rate = values.Double("rate", 0);
        if (!(rate >= 0 && rate < 1))
        {
            values.ReportArgument(Descriptors.DropoutRateOutOfRange.Id, "rate", Invariant.Number(rate));
        }

        return new DropoutLayerSpec(values.AttributeIndex, rate);
    }

    public override LayerShape? InferShape(LayerSpec spec, TensorShape input, List<SpecProblem>? problems) =>
        ((DropoutLayerSpec)spec).Rate is >= 0 and < 1 ? new LayerShape(input, 0) : null;

    public override string Describe(LayerSpec spec) =>
        $"Dropout({Invariant.Number(((DropoutLayerSpec)spec).Rate)})";

    public override long MultiplyAdds(LayerPlan layer) => 0;

    public override IReadOnlyList<TensorPlan> Tensors(LayerPlan layer) => System.Array.Empty<TensorPlan>();

    public override (int Offset, int Count, double Strength) Regularized(LayerPlan layer) => (layer.ParameterOffset, 0, 0);

    public override void EmitInitialization(SourceWriter writer, LayerPlan layer)
    {
    }

    public override void EmitMethods(SourceWriter writer, LayerPlan layer)
    {
        double rate = ((DropoutLayerSpec)layer.Spec).Rate;
        string size = Literals.Int(layer.InputSize);
        string keeps = $"{Code.ModelMath}.DropoutKeeps(stream, k, {Literals.Float(rate)})";
        writer.Line($"/// <summary>{layer.Name}: dropout passes values through at prediction.</summary>");
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        {
            writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref x, {size}).CopyTo({Code.MemoryMarshal}.CreateSpan(ref y, {size}));");
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name}: drops a fraction {Invariant.Number(rate)} of the values and scales the rest.</summary>");
        using (writer.Block($"private static void {layer.Name}ForwardTraining(ref float x, ref float y, ulong stream)"))
        {
            using (writer.For("k", layer.InputSize))
            {
                writer.Line($"{Code.At("y", "k")} = {keeps} ? {Code.At("x", "k")} * {Literals.Float(1 / (1 - rate))} : 0f;");
            }
        }

        if (!layer.IsFirst)
        {
            writer.Line();
            writer.Line($"/// <summary>{layer.Name}: the gradient flows through the kept values only, scaled alike.</summary>");
            using (writer.Block($"private static void {layer.Name}BackwardInput(ref float p, ref float x, ref float dz, ref float dx, ulong stream)"))
            {
                using (writer.For("k", layer.InputSize))
                {
                    writer.Line($"{Code.At("dx", "k")} = {keeps} ? {Code.At("dz", "k")} * {Literals.Float(1 / (1 - rate))} : 0f;");
                }
            }
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name} as in training, in double precision, for gradient checks.</summary>");
        using (writer.Block($"private static void {layer.Name}Reference({Code.ReadOnlySpan}<double> p, {Code.ReadOnlySpan}<double> x, {Code.Span}<double> y, ulong stream)"))
        {
            using (writer.Block("for (int k = 0; k < y.Length; k++)"))
            {
                writer.Line($"y[k] = {keeps} ? x[k] * {Literals.Double(1 / (1 - rate))} : 0.0;");
            }
        }
    }
}
