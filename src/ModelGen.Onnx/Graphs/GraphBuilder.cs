using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace ModelGen.Onnx.Graphs;

/// <summary>
/// Builds one ONNX graph: named constants (initializers), nodes in topological order and the graph's inputs and
/// outputs, each tensor name unique. The schema's message classes (generated from <c>Schema/onnx-ml.proto</c>) do the
/// encoding.
/// </summary>
internal sealed class GraphBuilder
{
    /// <summary>The <c>ai.onnx</c> operator set the graphs use: 17, the newest the ONNX 1.12 checker knows.</summary>
    public const long OperatorSet = 17;

    /// <summary>The <c>ai.onnx.ml</c> operator set: 3 (TreeEnsembleRegressor, SVMRegressor, LabelEncoder 2).</summary>
    public const long MachineLearningOperatorSet = 3;

    public const string MachineLearningDomain = "ai.onnx.ml";

    private readonly GraphProto _graph = new();
    private readonly Dictionary<string, int> _names;

    public GraphBuilder(string name, string description)
        : this(name, description, new Dictionary<string, int>(StringComparer.Ordinal))
    {
    }

    private GraphBuilder(string name, string description, Dictionary<string, int> names)
    {
        _graph.Name = name;
        _graph.DocString = description;
        _names = names;
    }

    /// <summary>
    /// A graph to pass as an operator's attribute (a <c>Scan</c> body, say). It shares this graph's names, so its
    /// tensors never shadow the outer ones it reads.
    /// </summary>
    public GraphBuilder Subgraph(string name, string description) => new(Name(name), description, _names);

    /// <summary>Whether a node of the <c>ai.onnx.ml</c> domain was added, so the model must import that operator set.</summary>
    public bool UsesMachineLearningDomain { get; private set; }

    /// <summary>A tensor name not used yet, from <paramref name="stem"/>.</summary>
    public string Name(string stem)
    {
        if (_names.TryGetValue(stem, out int count))
        {
            _names[stem] = count + 1;
            return string.Create(CultureInfo.InvariantCulture, $"{stem}_{count}");
        }

        _names[stem] = 1;
        return stem;
    }

    /// <summary>Declares a graph input of element type float and the given dimensions (null: the batch, named <c>N</c>).</summary>
    public string FloatInput(string name, params long?[] dimensions) => Input(name, TensorProto.Types.DataType.Float, "", dimensions);

    /// <summary>Declares a graph input of the given element type, described by <paramref name="description"/>.</summary>
    public string Input(string name, TensorProto.Types.DataType type, string description, params long?[] dimensions)
    {
        string unique = Name(name);
        ValueInfoProto value = Value(unique, type, dimensions);
        value.DocString = description;
        _graph.Input.Add(value);
        return unique;
    }

    /// <summary>
    /// Makes <paramref name="tensor"/> a graph output named exactly <paramref name="name"/>, through an Identity; returns
    /// the name. Output names are reserved first (<see cref="ReserveOutputs"/>), so no inner tensor takes them.
    /// </summary>
    public string Output(string tensor, string name, TensorProto.Types.DataType type, string description, params long?[] dimensions)
    {
        var node = new NodeProto { OpType = "Identity", Name = name + "_Identity" };
        node.Input.Add(tensor);
        node.Output.Add(name);
        _graph.Node.Add(node);
        ValueInfoProto value = Value(name, type, dimensions);
        value.DocString = description;
        _graph.Output.Add(value);
        return name;
    }

    /// <summary>Makes the inner tensor <paramref name="tensor"/> an output under its own name (a subgraph's result).</summary>
    public void Result(string tensor, TensorProto.Types.DataType type, params long?[] dimensions) =>
        _graph.Output.Add(Value(tensor, type, dimensions));

    /// <summary>Keeps <paramref name="names"/> for <see cref="Output"/>: inner tensors named from the same stems get a suffix.</summary>
    public void ReserveOutputs(params string[] names)
    {
        foreach (string name in names)
        {
            Name(name);
        }
    }

    /// <summary>
    /// States an inner tensor's type and shape (the graph's <c>value_info</c>), for operators whose schema infers none:
    /// the checker's strict shape inference then follows the graph through them.
    /// </summary>
    public void Declare(string tensor, TensorProto.Types.DataType type, params long?[] dimensions) =>
        _graph.ValueInfo.Add(Value(tensor, type, dimensions));

    /// <summary>A float constant of the given shape (row-major values).</summary>
    public string Constant(string stem, ReadOnlySpan<float> values, params long[] shape) =>
        RawConstant(stem, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), shape);

    /// <summary>A double constant of the given shape, for the parts computed in double as ModelGen computes them.</summary>
    public string DoubleConstant(string stem, ReadOnlySpan<double> values, params long[] shape) =>
        RawConstant(stem, TensorProto.Types.DataType.Double, MemoryMarshal.AsBytes(values), shape);

    private string RawConstant(string stem, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, long[] shape)
    {
        var tensor = new TensorProto { Name = Name(stem), DataType = (int)type };
        tensor.Dims.AddRange(shape);
        // Raw data is the values' little-endian bytes, which is what this process holds on every platform .NET runs on.
        tensor.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float scalar constant.</summary>
    public string Scalar(string stem, float value) => Constant(stem, new[] { value });

    /// <summary>An int64 constant of the given shape.</summary>
    public string Int64Constant(string stem, ReadOnlySpan<long> values, params long[] shape)
    {
        var tensor = new TensorProto { Name = Name(stem), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(shape);
        foreach (long value in values)
        {
            tensor.Int64Data.Add(value);
        }

        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node of the default domain with one output named from the stem <paramref name="output"/>; returns that name.</summary>
    public string Node(string operatorType, IReadOnlyList<string> inputs, string output, params AttributeProto[] attributes) =>
        AddNode(operatorType, "", inputs, output, attributes);

    /// <summary>Adds a node of the <c>ai.onnx.ml</c> domain.</summary>
    public string MachineLearningNode(string operatorType, IReadOnlyList<string> inputs, string output, params AttributeProto[] attributes)
    {
        UsesMachineLearningDomain = true;
        return AddNode(operatorType, MachineLearningDomain, inputs, output, attributes);
    }

    /// <summary>Adds a node of the default domain with several outputs, each named from its stem; returns those names.</summary>
    public string[] Node(string operatorType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        string[] names = new string[outputs.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = Name(outputs[i]);
        }

        AddNode(operatorType, "", inputs, names, attributes);
        return names;
    }

    private string AddNode(string operatorType, string domain, IReadOnlyList<string> inputs, string output, AttributeProto[] attributes)
    {
        string name = Name(output);
        AddNode(operatorType, domain, inputs, new[] { name }, attributes);
        return name;
    }

    private void AddNode(string operatorType, string domain, IReadOnlyList<string> inputs, string[] outputs, AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = operatorType, Name = outputs[0] + "_" + operatorType, Domain = domain };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    /// <summary>Indices <c>[start, end)</c> of <paramref name="tensor"/> along <paramref name="axis"/>, the rank kept.</summary>
    public string Slice(string tensor, long start, long end, long axis, string output) =>
        Node("Slice", new[]
        {
            tensor, Int64Constant("starts", new[] { start }, 1), Int64Constant("ends", new[] { end }, 1), Int64Constant("axes", new[] { axis }, 1),
        }, output);

    public GraphProto Build() => _graph;

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attribute(string name, GraphBuilder graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph.Build() };

    public static AttributeProto Attribute(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Attribute(string name, IEnumerable<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    public static AttributeProto Attribute(string name, IEnumerable<string> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        foreach (string value in values)
        {
            attribute.Strings.Add(ByteString.CopyFromUtf8(value));
        }

        return attribute;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, long?[] dimensions)
    {
        var shape = new TensorShapeProto();
        foreach (long? dimension in dimensions)
        {
            shape.Dim.Add(dimension is long size ? new TensorShapeProto.Types.Dimension { DimValue = size } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
