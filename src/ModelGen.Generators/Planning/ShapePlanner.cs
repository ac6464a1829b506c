using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Planning;

/// <summary>Infers every layer's shape and lays out parameters and scratch, reporting what does not fit.</summary>
internal static class ShapePlanner
{
    /// <summary>Above this many parameters the model still works but MG0016 warns about the generated code's size.</summary>
    public const long LargeModelParameters = 50_000_000;

    /// <summary>
    /// Plans <paramref name="spec"/>'s layers. Returns <see langword="null"/> when no plan exists (no input, no layers,
    /// a non-positive size, an impossible shape, an overflowing parameter count); the reasons go to <paramref name="problems"/>.
    /// </summary>
    public static ShapePlan? Plan(ModelSpec spec, List<SpecProblem>? problems)
    {
        if (spec.InputSize is not int inputSize || inputSize <= 0 || spec.Layers.Count == 0)
        {
            return null;
        }

        TensorShape shape = spec.InputImage is { } image
            ? TensorShape.Image(image.Channels, image.Height, image.Width)
            : TensorShape.Flat(inputSize);
        var layers = new List<LayerPlan>(spec.Layers.Count);
        long parameters = 0;
        int outputs = 0;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            LayerSpec layerSpec = spec.Layers[i];
            LayerKind kind = layerSpec.Kind;
            LayerShape? inferred = kind.InferShape(layerSpec, shape, problems);
            if (inferred is not LayerShape s)
            {
                return null;
            }

            if (parameters + s.ParameterCount > int.MaxValue || outputs + s.Output.LongSize > int.MaxValue)
            {
                problems?.Add(new SpecProblem(
                    Descriptors.ParameterCountOverflow.Id,
                    new[] { Invariant.Grouped(parameters + s.ParameterCount) }.ToEquatableArray(),
                    layerSpec.AttributeIndex));
                return null;
            }

            layers.Add(new LayerPlan(i, layerSpec, kind, shape, s.Output, (int)parameters, (int)s.ParameterCount, outputs, i == spec.Layers.Count - 1));
            parameters += s.ParameterCount;
            outputs += s.Output.Size;
            shape = s.Output;
        }

        LayerPlan.Link(layers);

        // Training keeps every layer's outputs and two deltas as wide as the widest vector in one scratch array.
        long scratch = outputs + 2L * System.Math.Max(inputSize, layers.Max(l => (long)l.OutputSize));
        if (scratch > int.MaxValue)
        {
            problems?.Add(new SpecProblem(
                Descriptors.ParameterCountOverflow.Id,
                new[] { Invariant.Grouped(scratch) }.ToEquatableArray(),
                -1));
            return null;
        }

        if (parameters > LargeModelParameters)
        {
            problems?.Add(new SpecProblem(
                Descriptors.TooManyParameters.Id,
                new[] { Invariant.Grouped(parameters) }.ToEquatableArray(),
                -1));
        }

        return new ShapePlan(spec, layers.Count > 0 ? layers[0].InputShape : shape, layers, parameters);
    }
}
