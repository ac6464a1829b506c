using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

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
        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(features, shape);
        using var run = new RunOptions();
        string[] names = session.OutputNames.ToArray();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(run, new[] { session.InputNames[0] }, new[] { input }, names);
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
