// Not compiled into the tests: NewLayerKindTests compiles the generator's own sources plus this file, as a developer
// adding a layer kind would add it to src/ModelGen.Generators/Layers/, and nothing else.
using System.Collections.Generic;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Layers;

/// <summary><c>[Scale(Initial = ...)]</c>.</summary>
internal sealed record ScaleLayerSpec(int AttributeIndex, double Initial) : LayerSpec(AttributeIndex, Activation.Linear, 0)
{
    public override LayerKind Kind => ScaleLayer.Instance;
}

/// <summary><c>y = w ⊙ x</c>: one trained weight per feature, starting at <c>Initial</c>.</summary>
internal sealed class ScaleLayer : LayerKind
{
    public static ScaleLayer Instance { get; } = new();

    public override string AttributeName => "Scale";

    public override LayerSpec Parse(AttributeValues values)
    {
        double initial = values.Double("Initial", 1);
        if (!(initial > 0))
        {
            values.ReportArgument(Descriptors.NonPositiveSize.Id, "Initial", "Scale initial weight", Invariant.Number(initial));
        }

        return new ScaleLayerSpec(values.AttributeIndex, initial);
    }

    public override LayerShape? InferShape(LayerSpec spec, TensorShape input, List<SpecProblem>? problems) => new LayerShape(input, input.Size);

    public override string Describe(LayerSpec spec) => $"Scale({Invariant.Number(((ScaleLayerSpec)spec).Initial)})";

    public override long MultiplyAdds(LayerPlan layer) => layer.InputSize;

    public override IReadOnlyList<TensorPlan> Tensors(LayerPlan layer) => new[] { new TensorPlan("weight", new[] { layer.InputSize }, 0) };

    public override (int Offset, int Count, double Strength) Regularized(LayerPlan layer) => (layer.ParameterOffset, 0, 0);

    public override void EmitInitialization(SourceWriter writer, LayerPlan layer) =>
        writer.Line($"new {Code.Span}<float>(_parameters, {Literals.Int(layer.ParameterOffset)}, {Literals.Int(layer.InputSize)}).Fill({Literals.Float(((ScaleLayerSpec)layer.Spec).Initial)});");

    public override void EmitMethods(SourceWriter writer, LayerPlan layer)
    {
        string size = Literals.Int(layer.InputSize);
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            using (writer.Block($"for (int k = 0; k < {size}; k++)"))
            {
                writer.Line($"{Code.At("y", "k")} = {Code.At("w", "k")} * {Code.At("x", "k")};");
            }
        }

        writer.Line();
        using (writer.Block($"private static void {layer.Name}BackwardParameters(ref float x, ref float dz, ref float g)"))
        {
            writer.Line($"ref float gw = ref {Code.At("g", layer.ParameterOffset)};");
            using (writer.Block($"for (int k = 0; k < {size}; k++)"))
            {
                writer.Line($"{Code.At("gw", "k")} += {Code.At("x", "k")} * {Code.At("dz", "k")};");
            }
        }

        writer.Line();
        using (writer.Block($"private static void {layer.Name}BackwardInput(ref float p, ref float x, ref float dz, ref float dx)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            using (writer.Block($"for (int k = 0; k < {size}; k++)"))
            {
                writer.Line($"{Code.At("dx", "k")} = {Code.At("w", "k")} * {Code.At("dz", "k")};");
            }
        }

        writer.Line();
        using (writer.Block($"private static void {layer.Name}Reference({Code.ReadOnlySpan}<double> p, {Code.ReadOnlySpan}<double> x, {Code.Span}<double> y)"))
        {
            using (writer.Block($"for (int k = 0; k < {size}; k++)"))
            {
                writer.Line($"y[k] = p[{Literals.Int(layer.ParameterOffset)} + k] * x[k];");
            }
        }
    }
}
