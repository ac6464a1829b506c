using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace ModelGen.Onnx.Tests;

/// <summary>Runs an exported file in ONNX Runtime for .NET, the runtime a .NET team would deploy it with.</summary>
internal static class OnnxRuntimeSession
{
    /// <summary>The folder every exported test model is also written to, for <c>check_exports.py</c> (the ONNX checker).</summary>
    public static string ExportFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "onnx-exports")).FullName;

    /// <summary>Keeps <paramref name="model"/> as <c>{name}.onnx</c> in <see cref="ExportFolder"/>.</summary>
    public static byte[] Keep(string name, byte[] model)
    {
        File.WriteAllBytes(Path.Combine(ExportFolder, name + ".onnx"), model);
        return model;
    }

    public sealed record Outputs(IReadOnlyDictionary<string, float[]> Floats, IReadOnlyDictionary<string, long[]> Longs,
        IReadOnlyDictionary<string, string[]> Strings, IReadOnlyDictionary<string, string> Metadata);

    /// <summary>Every output of the graph for <paramref name="features"/> of the given shape, on one thread.</summary>
    public static Outputs Run(byte[] model, float[] features, long[] shape)
    {
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(features, shape);
        return Run(model, new Dictionary<string, OrtValue> { ["input"] = input });
    }

    /// <summary>
    /// Every output of a classifier's graph for raw rows: the numeric cells as <c>input</c> (NaN where missing), the
    /// categorical ones as <c>categories</c>, each input left out when the pipeline has no column of its kind.
    /// </summary>
    public static Outputs Run(byte[] model, float[] numbers, int numericColumns, string[] categories, int categoricalColumns)
    {
        int rows = numericColumns > 0 ? numbers.Length / numericColumns : categories.Length / categoricalColumns;
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(numbers, new long[] { rows, numericColumns });
        using OrtValue cells = OrtValue.CreateFromStringTensor(new DenseTensor<string>(categories, new[] { rows, categoricalColumns }));
        var inputs = new Dictionary<string, OrtValue>();
        if (numericColumns > 0)
        {
            inputs["input"] = input;
        }

        if (categoricalColumns > 0)
        {
            inputs["categories"] = cells;
        }

        return Run(model, inputs);
    }

    /// <summary>
    /// <paramref name="model"/> with the inner float tensor <paramref name="tensor"/> made a graph output too, so a test
    /// can read a stage of the graph (the preprocessed features, say).
    /// </summary>
    public static byte[] WithOutput(byte[] model, string tensor)
    {
        global::Onnx.ModelProto file = global::Onnx.ModelProto.Parser.ParseFrom(model);
        Assert.Contains(file.Graph.Node, n => n.Output.Contains(tensor));
        file.Graph.Output.Add(new global::Onnx.ValueInfoProto
        {
            Name = tensor,
            Type = new global::Onnx.TypeProto { TensorType = new global::Onnx.TypeProto.Types.Tensor { ElemType = (int)global::Onnx.TensorProto.Types.DataType.Float } },
        });
        return Google.Protobuf.MessageExtensions.ToByteArray(file);
    }

    private static Outputs Run(byte[] model, IReadOnlyDictionary<string, OrtValue> inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        using var run = new RunOptions();
        string[] names = session.OutputNames.ToArray();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(run, inputs.Keys.ToArray(), inputs.Values.ToArray(), names);
        var floats = new Dictionary<string, float[]>();
        var longs = new Dictionary<string, long[]>();
        var strings = new Dictionary<string, string[]>();
        for (int i = 0; i < names.Length; i++)
        {
            OrtValue value = results[i];
            switch (value.GetTensorTypeAndShape().ElementDataType)
            {
                case TensorElementType.Float:
                    floats[names[i]] = value.GetTensorDataAsSpan<float>().ToArray();
                    break;
                case TensorElementType.Int64:
                    longs[names[i]] = value.GetTensorDataAsSpan<long>().ToArray();
                    break;
                case TensorElementType.String:
                    strings[names[i]] = value.GetStringTensorAsArray();
                    break;
                default:
                    throw new InvalidOperationException($"Output {names[i]} has an unexpected type.");
            }
        }

        return new Outputs(floats, longs, strings, session.ModelMetadata.CustomMetadataMap.ToDictionary(m => m.Key, m => m.Value));
    }
}
