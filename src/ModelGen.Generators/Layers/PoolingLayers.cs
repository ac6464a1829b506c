using System.Collections.Generic;
using System.Globalization;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Layers;

/// <summary>A pooling layer as <c>[MaxPool2D(size, stride)]</c> or <c>[AvgPool2D(size, stride)]</c> declares it.</summary>
internal sealed record PoolingLayerSpec(int AttributeIndex, bool IsMax, int Size, int Stride)
    : LayerSpec(AttributeIndex, Activation.Linear, 0)
{
    public override LayerKind Kind => IsMax ? MaxPool2DLayer.Instance : AvgPool2DLayer.Instance;
}

/// <summary>The maximum of each window; the gradient goes to the first maximum, as in PyTorch.</summary>
internal sealed class MaxPool2DLayer : PoolingLayer
{
    public static MaxPool2DLayer Instance { get; } = new();

    public override string AttributeName => "MaxPool2D";

    public override string KerasName => "max_pooling2d";

    protected override bool IsMax => true;
}

/// <summary>The mean of each window.</summary>
internal sealed class AvgPool2DLayer : PoolingLayer
{
    public static AvgPool2DLayer Instance { get; } = new();

    public override string AttributeName => "AvgPool2D";

    public override string KerasName => "average_pooling2d";

    protected override bool IsMax => false;
}

/// <summary>
/// Window pooling over each channel, no parameters. Windows that do not fit drop the leftover rows and columns
/// (<c>floor((input - size) / stride) + 1</c> outputs), as Keras and PyTorch do with valid padding.
/// </summary>
internal abstract class PoolingLayer : LayerKind
{
    public override bool HasInputGradient => true;

    protected abstract bool IsMax { get; }

    public override LayerSpec Parse(AttributeValues values)
    {
        int size = values.Int("size", 2);
        int stride = values.Int("stride", 0);
        Conv2DLayer.ReportNonPositive(values, size, "size", AttributeName + " size");
        if (stride < 0)
        {
            values.ReportArgument(Descriptors.NonPositiveSize.Id, "stride", AttributeName + " stride", Invariant.Number(stride));
        }

        return new PoolingLayerSpec(values.AttributeIndex, IsMax, size, stride == 0 ? size : stride);
    }

    public override LayerShape? InferShape(LayerSpec spec, TensorShape input, List<SpecProblem>? problems)
    {
        var pool = (PoolingLayerSpec)spec;
        if (pool.Size <= 0 || pool.Stride <= 0)
        {
            return null;
        }

        if (!input.IsSpatial)
        {
            problems?.Add(new SpecProblem(Descriptors.SpatialLayerOnFlatInput.Id, new[] { AttributeName, Invariant.Number(input.Size) }.ToEquatableArray(), spec.AttributeIndex));
            return null;
        }

        if (pool.Size > input.Height || pool.Size > input.Width)
        {
            problems?.Add(new SpecProblem(Descriptors.WindowLargerThanInput.Id,
                new[] { AttributeName, Literals.Int(pool.Size), Literals.Int(input.Height), Literals.Int(input.Width), "" }.ToEquatableArray(), spec.AttributeIndex));
            return null;
        }

        return new LayerShape(TensorShape.Image(input.Channels, (input.Height - pool.Size) / pool.Stride + 1, (input.Width - pool.Size) / pool.Stride + 1), 0);
    }

    public override string Describe(LayerSpec spec)
    {
        var pool = (PoolingLayerSpec)spec;
        return $"{AttributeName}({Literals.Int(pool.Size)}, stride {Literals.Int(pool.Stride)})";
    }

    public override long MultiplyAdds(LayerPlan layer) => 0;

    public override IReadOnlyList<TensorPlan> Tensors(LayerPlan layer) => System.Array.Empty<TensorPlan>();

    public override (int Offset, int Count, double Strength) Regularized(LayerPlan layer) => (layer.ParameterOffset, 0, 0);

    public override void EmitInitialization(SourceWriter writer, LayerPlan layer)
    {
    }

    public override void EmitMethods(SourceWriter writer, LayerPlan layer)
    {
        var pool = (PoolingLayerSpec)layer.Spec;
        string kind = IsMax ? "maximum" : "mean";
        writer.Line($"/// <summary>{layer.Name}: the {kind} of each {pool.Size}x{pool.Size} window, {layer.InputShape} → {layer.OutputShape}.</summary>");
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        {
            if (IsMax)
            {
                // A window-by-window loop of MathF.Max was a fifth of the seeds' CNN's prediction; the kernel's vector passes give the same values.
                TensorShape input = layer.InputShape;
                writer.Line($"{Code.Kernels}.MaxPoolInPlanes(ref x, {Literals.Int(input.Channels)}, {Literals.Int(input.Height)}, {Literals.Int(input.Width)}, " +
                    $"{Literals.Int(pool.Size)}, {Literals.Int(pool.Stride)}, ref y);");
            }
            else
            {
                using (Windows(writer, layer, pool))
                {
                    EmitWindowValue(writer, layer, pool, "float", i => Code.At("x", i));
                    writer.Line($"{Code.At("y", "o")} = m;");
                }
            }
        }

        {
            writer.Line();
            writer.Line($"/// <summary>{layer.Name}: routes each output's gradient to {(IsMax ? "its window's first maximum" : "its window, shared equally")}.</summary>");
            using (writer.Block($"private static void {layer.Name}BackwardInput(ref float p, ref float x, ref float dz, ref float dx)"))
            {
                if (IsMax)
                {
                    TensorShape input = layer.InputShape;
                    writer.Line($"{Code.Kernels}.MaxPoolBackwardInPlanes(ref x, {Literals.Int(input.Channels)}, {Literals.Int(input.Height)}, {Literals.Int(input.Width)}, " +
                        $"{Literals.Int(pool.Size)}, {Literals.Int(pool.Stride)}, ref dz, ref dx);");
                }
                else
                {
                    writer.Line($"{Code.MemoryMarshal}.CreateSpan(ref dx, {Literals.Int(layer.InputSize)}).Clear();");
                    using (Windows(writer, layer, pool))
                    {
                        writer.Line($"float share = {Code.At("dz", "o")} * {Literals.Float(1.0 / (pool.Size * pool.Size))};");
                        using (WindowCells(writer, layer, pool))
                        {
                            writer.Line($"{Code.At("dx", "i")} += share;");
                        }
                    }
                }
            }
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name} in double precision, for gradient checks.</summary>");
        using (writer.Block($"private static void {layer.Name}Reference({Code.ReadOnlySpan}<double> p, {Code.ReadOnlySpan}<double> x, {Code.Span}<double> y)"))
        {
            using (Windows(writer, layer, pool))
            {
                EmitWindowValue(writer, layer, pool, "double", i => $"x[{i}]");
                writer.Line("y[o] = m;");
            }
        }
    }

    /// <summary>Declares <c>m</c>, the window's maximum or mean.</summary>
    private void EmitWindowValue(SourceWriter writer, LayerPlan layer, PoolingLayerSpec pool, string type, System.Func<string, string> read)
    {
        writer.Line($"{type} m = {(IsMax ? read("start") : "0")};");
        using (WindowCells(writer, layer, pool))
        {
            writer.Line(IsMax ? $"m = {(type == "float" ? "MathF" : "Math")}.Max(m, {read("i")});" : $"m += {read("i")};");
        }

        if (!IsMax)
        {
            writer.Line(type == "float"
                ? $"m *= {Literals.Float(1.0 / (pool.Size * pool.Size))};"
                : $"m /= {Literals.Double(pool.Size * pool.Size)};");
        }
    }

    /// <summary>Loops over every output <c>o</c>, with <c>start</c> the input index of its window's top-left cell.</summary>
    private static ScopeStack Windows(SourceWriter writer, LayerPlan layer, PoolingLayerSpec pool)
    {
        TensorShape input = layer.InputShape;
        TensorShape output = layer.OutputShape;
        var scopes = new Stack<System.IDisposable>();
        scopes.Push(writer.For("c", output.Channels));
        scopes.Push(writer.For("oh", output.Height));
        scopes.Push(writer.For("ow", output.Width));
        writer.Line($"int o = c * {output.PlaneSize} + oh * {output.Width} + ow;");
        writer.Line($"int start = c * {input.PlaneSize} + oh * {pool.Stride * input.Width} + ow * {pool.Stride};");
        return new ScopeStack(scopes);
    }

    /// <summary>Loops over the cells <c>i</c> of the window at <c>start</c>.</summary>
    private static ScopeStack WindowCells(SourceWriter writer, LayerPlan layer, PoolingLayerSpec pool)
    {
        var scopes = new Stack<System.IDisposable>();
        scopes.Push(writer.For("wh", pool.Size));
        scopes.Push(writer.For("ww", pool.Size));
        writer.Line($"int i = start + wh * {Literals.Int(layer.InputShape.Width)} + ww;");
        return new ScopeStack(scopes);
    }

}
