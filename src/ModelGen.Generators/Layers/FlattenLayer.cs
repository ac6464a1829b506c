using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Layers;

/// <summary><c>[Flatten]</c>.</summary>
internal sealed record FlattenLayerSpec(int AttributeIndex) : LayerSpec(AttributeIndex, Activation.Linear, 0)
{
    public override LayerKind Kind => FlattenLayer.Instance;
}

/// <summary>
/// An image's <c>[C, H, W]</c> values as one vector in the same order (PyTorch's <c>nn.Flatten</c>): the values are
/// already stored that way, so the layer copies them and marks the shape flat, which a Dense layer requires.
/// </summary>
internal sealed class FlattenLayer : LayerKind
{
    public override bool HasInputGradient => true;

    public static FlattenLayer Instance { get; } = new();

    public override string AttributeName => "Flatten";

    public override LayerSpec Parse(AttributeValues values) => new FlattenLayerSpec(values.AttributeIndex);

    public override LayerShape? InferShape(LayerSpec spec, TensorShape input, List<SpecProblem>? problems) =>
        new LayerShape(TensorShape.Flat(input.Size), 0);

    public override string Describe(LayerSpec spec) => "Flatten()";

    public override long MultiplyAdds(LayerPlan layer) => 0;

    public override IReadOnlyList<TensorPlan> Tensors(LayerPlan layer) => System.Array.Empty<TensorPlan>();

    public override (int Offset, int Count, double Strength) Regularized(LayerPlan layer) => (layer.ParameterOffset, 0, 0);

    public override void EmitInitialization(SourceWriter writer, LayerPlan layer)
    {
    }

    public override void EmitMethods(SourceWriter writer, LayerPlan layer)
    {
        string size = Literals.Int(layer.InputSize);
        writer.Line($"/// <summary>{layer.Name}: {layer.InputShape} → {layer.OutputShape}, the same values in the same order.</summary>");
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        {
            writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref x, {size}).CopyTo({Code.MemoryMarshal}.CreateSpan(ref y, {size}));");
        }

        {
            writer.Line();
            writer.Line($"/// <summary>{layer.Name}: the gradient passes through unchanged.</summary>");
            using (writer.Block($"private static void {layer.Name}BackwardInput(ref float p, ref float x, ref float dz, ref float dx)"))
            {
                writer.Line($"{Code.MemoryMarshal}.CreateReadOnlySpan(ref dz, {size}).CopyTo({Code.MemoryMarshal}.CreateSpan(ref dx, {size}));");
            }
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name} in double precision, for gradient checks.</summary>");
        using (writer.Block($"private static void {layer.Name}Reference({Code.ReadOnlySpan}<double> p, {Code.ReadOnlySpan}<double> x, {Code.Span}<double> y)"))
        {
            writer.Line("x.CopyTo(y);");
        }
    }
}
