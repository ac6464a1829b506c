using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static ModelGen.Onnx.Graphs.GraphBuilder;

namespace ModelGen.Onnx.Graphs;

/// <summary>
/// A generated network as ONNX operators, layer by layer: Dense as <c>Gemm</c> (weights <c>[out, in]</c>, so
/// <c>transB</c>), Conv2D as <c>Conv</c> with explicit pads for <see cref="Padding.Same"/> (TensorFlow's: an odd total
/// goes to the bottom and right), the pooling layers as <c>MaxPool</c> and <c>AveragePool</c> (floor, as ModelGen
/// drops leftover rows), BatchNorm in its inference form (<c>BatchNormalization</c> over the running statistics),
/// Flatten as <c>Flatten</c> (channel-major, as ModelGen lays images out), Dropout as nothing (it is the identity at
/// prediction), and each activation as its operator. The graph reads images as <c>[N, C, H, W]</c>, the memory order
/// ModelGen's own input has.
/// </summary>
internal static class NetworkGraph
{
    /// <summary>The graph input's dimensions for <paramref name="model"/> (the batch first, as null).</summary>
    public static long?[] InputShape(IGradientModel model)
    {
        int[] input = InputDimensions(model.Architecture);
        return input.Length == 3
            ? new long?[] { null, input[2], input[0], input[1] }
            : new long?[] { null, model.InputSize };
    }

    /// <summary>Adds the forward pass from <paramref name="input"/>; returns the tensor of every output, <c>[N, OutputSize]</c>.</summary>
    public static string Forward(GraphBuilder graph, IGradientModel model, string input)
    {
        ReadOnlySpan<float> parameters = model.Parameters;
        int[] shape = InputDimensions(model.Architecture);
        string x = input;
        foreach (LayerSummary layer in model.Layers)
        {
            var description = LayerDescription.Parse(layer.Description);
            x = description.Kind switch
            {
                "Dense" => Dense(graph, layer, description, parameters, shape.Length == 3 ? graph.Node("Flatten", new[] { x }, "flatten", Attribute("axis", 1L)) : x),
                "Conv2D" => Convolution(graph, layer, description, parameters, shape, x),
                "MaxPool2D" => Pooling(graph, "MaxPool", layer, description, x),
                "AvgPool2D" => Pooling(graph, "AveragePool", layer, description, x),
                "BatchNorm" => BatchNormalization(graph, layer, description, parameters, x),
                "Flatten" => graph.Node("Flatten", new[] { x }, layer.Name, Attribute("axis", 1L)),
                "Dropout" => x,
                _ => throw new NotSupportedException(
                    $"Layer '{layer.Name}' ({layer.Description}) has no ONNX form in this version of ModelGen.Onnx; the model cannot be exported."),
            };
            shape = layer.OutputShape.ToArray();
        }

        return x;
    }

    private static string Dense(GraphBuilder graph, LayerSummary layer, LayerDescription description, ReadOnlySpan<float> parameters, string x)
    {
        var inputs = new List<string> { x, Tensor(graph, layer, "weight", parameters) };
        if (description.UsesBias)
        {
            inputs.Add(Tensor(graph, layer, "bias", parameters));
        }

        string y = graph.Node("Gemm", inputs, layer.Name, Attribute("transB", 1L));
        return Activate(graph, layer, description, description.Enum<Activation>(1), y);
    }

    private static string Convolution(GraphBuilder graph, LayerSummary layer, LayerDescription description, ReadOnlySpan<float> parameters, int[] input, string x)
    {
        int kernel = description.Int(1);
        int stride = description.Int("stride");
        (int top, int bottom) = Padding(description.Enum<Padding>(2), input[0], stride, kernel);
        (int left, int right) = Padding(description.Enum<Padding>(2), input[1], stride, kernel);
        var inputs = new List<string> { x, Tensor(graph, layer, "weight", parameters) };
        if (description.UsesBias)
        {
            inputs.Add(Tensor(graph, layer, "bias", parameters));
        }

        string y = graph.Node("Conv", inputs, layer.Name,
            Attribute("kernel_shape", new long[] { kernel, kernel }),
            Attribute("strides", new long[] { stride, stride }),
            Attribute("pads", new long[] { top, left, bottom, right }));
        return Activate(graph, layer, description, description.Enum<Activation>(3), y);
    }

    /// <summary>The zeros before and after one spatial dimension: none for Valid; for Same, enough that the output is <c>ceil(size / stride)</c>, the smaller half first.</summary>
    private static (int Before, int After) Padding(Padding padding, int size, int stride, int kernel)
    {
        if (padding == ModelGen.Padding.Valid)
        {
            return (0, 0);
        }

        int output = (size + stride - 1) / stride;
        int total = Math.Max((output - 1) * stride + kernel - size, 0);
        return (total / 2, total - total / 2);
    }

    private static string Pooling(GraphBuilder graph, string operatorType, LayerSummary layer, LayerDescription description, string x)
    {
        int size = description.Int(0);
        int stride = description.Int("stride");
        return graph.Node(operatorType, new[] { x }, layer.Name,
            Attribute("kernel_shape", new long[] { size, size }),
            Attribute("strides", new long[] { stride, stride }));
    }

    private static string BatchNormalization(GraphBuilder graph, LayerSummary layer, LayerDescription description, ReadOnlySpan<float> parameters, string x) =>
        graph.Node("BatchNormalization",
            new[]
            {
                x, Tensor(graph, layer, "weight", parameters), Tensor(graph, layer, "bias", parameters),
                Tensor(graph, layer, "running_mean", parameters), Tensor(graph, layer, "running_var", parameters),
            },
            layer.Name,
            Attribute("epsilon", description.Float("epsilon", float.NaN)));

    private static string Activate(GraphBuilder graph, LayerSummary layer, LayerDescription description, Activation activation, string x) => activation switch
    {
        Activation.Linear => x,
        Activation.Relu => graph.Node("Relu", new[] { x }, layer.Name + "_relu"),
        Activation.LeakyRelu => graph.Node("LeakyRelu", new[] { x }, layer.Name + "_leaky_relu",
            Attribute("alpha", description.Float("NegativeSlope", (float)Defaults.NegativeSlope))),
        Activation.Sigmoid => graph.Node("Sigmoid", new[] { x }, layer.Name + "_sigmoid"),
        Activation.Tanh => graph.Node("Tanh", new[] { x }, layer.Name + "_tanh"),
        Activation.Softmax => graph.Node("Softmax", new[] { x }, layer.Name + "_softmax", Attribute("axis", 1L)),
        _ => throw new NotSupportedException($"Layer '{layer.Name}' has the activation {activation}, which has no ONNX form here."),
    };

    /// <summary>One named parameter tensor of <paramref name="layer"/> as a constant of its own shape.</summary>
    private static string Tensor(GraphBuilder graph, LayerSummary layer, string name, ReadOnlySpan<float> parameters)
    {
        TensorSummary tensor = layer.Tensors.FirstOrDefault(t => t.Name == name)
            ?? throw new NotSupportedException($"Layer '{layer.Name}' ({layer.Description}) has no '{name}' tensor.");
        return graph.Constant(layer.Name + "." + name, parameters.Slice(tensor.Offset, tensor.Length), tensor.Shape.Select(d => (long)d).ToArray());
    }

    /// <summary>The input's dimensions from the architecture's first step: <c>Input(30)</c> or <c>Input(height, width, channels)</c>.</summary>
    private static int[] InputDimensions(string architecture)
    {
        string first = architecture.Split(" -> ")[0];
        var input = LayerDescription.Parse(first);
        return input.Kind == "Input" && input.Positional.Count is 1 or 3
            ? input.Positional.Select(d => int.Parse(d, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray()
            : throw new NotSupportedException($"The architecture '{architecture}' does not start with Input(size) or Input(height, width, channels).");
    }
}
