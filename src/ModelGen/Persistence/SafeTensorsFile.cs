using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ModelGen.Persistence;

/// <summary>
/// Parameters as named tensors in the safetensors format, which PyTorch reads with
/// <c>safetensors.torch.load_file</c>: an 8-byte little-endian header length, a JSON header naming each tensor's dtype
/// (<c>F32</c>), shape and byte range, then the raw little-endian floats. Tensors are named <c>{layer}.{weight|bias}</c>
/// after <see cref="IGradientModel.Layers"/> (<c>dense.weight</c> <c>[16, 30]</c>, <c>dense.bias</c> <c>[16]</c>, <c>dense_1.weight</c>, ...),
/// in PyTorch's <c>nn.Linear</c> layout, so a state dict maps over by renaming keys.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Writes every parameter tensor of <paramref name="model"/>, atomically, with the architecture in the metadata.</summary>
    public static void Save(IGradientModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        WeightsFile.RequireFinite(model, path);
        var tensors = Tensors(model).ToList();
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            json.WriteString("architecture", model.Architecture);
            json.WriteEndObject();
            long at = 0;
            foreach ((string name, TensorSummary tensor) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(at);
                json.WriteNumberValue(at + tensor.Length * sizeof(float));
                json.WriteEndArray();
                json.WriteEndObject();
                at += tensor.Length * sizeof(float);
            }

            json.WriteEndObject();
        }

        // The format pads the header with spaces so the data start 8-byte aligned.
        int headerLength = (int)((header.Length + 7) / 8 * 8);
        var content = new byte[8 + headerLength + tensors.Sum(t => t.Tensor.Length) * sizeof(float)];
        BinaryPrimitives.WriteUInt64LittleEndian(content, (ulong)headerLength);
        content.AsSpan(8, headerLength).Fill((byte)' ');
        header.GetBuffer().AsSpan(0, (int)header.Length).CopyTo(content.AsSpan(8));
        int data = 8 + headerLength;
        ReadOnlySpan<float> parameters = model.Parameters;
        foreach ((_, TensorSummary tensor) in tensors)
        {
            for (int i = 0; i < tensor.Length; i++, data += sizeof(float))
            {
                BinaryPrimitives.WriteSingleLittleEndian(content.AsSpan(data), parameters[tensor.Offset + i]);
            }
        }

        SectionFile.WriteAtomically(path, content);
    }

    /// <summary>
    /// Reads every parameter tensor of <paramref name="model"/> from <paramref name="path"/> by name, as PyTorch's
    /// strict <c>load_state_dict</c>: a missing, extra, non-F32 or differently shaped tensor is an error and the model is
    /// left untouched.
    /// </summary>
    /// <exception cref="ModelFileException">The file is not safetensors, is truncated, or does not match the model.</exception>
    public static void Load(IGradientModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The tensor file '{path}' does not exist.", path);
        }

        string name = Path.GetFileName(path);
        byte[] content = File.ReadAllBytes(path);
        if (content.Length < 8)
        {
            throw new ModelFileException(name, "it is too short to be a safetensors file (no 8-byte header length).");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(content);
        if (headerLength > (ulong)(content.Length - 8))
        {
            throw new ModelFileException(name, $"its header claims {headerLength} bytes but the file has {content.Length - 8} after the length; it is truncated or not a safetensors file.");
        }

        int dataStart = 8 + (int)headerLength;
        int dataLength = content.Length - dataStart;
        var found = new Dictionary<string, (int[] Shape, long Begin, long End)>();
        try
        {
            using JsonDocument header = JsonDocument.Parse(content.AsMemory(8, (int)headerLength));
            foreach (JsonProperty property in header.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    continue;
                }

                string dtype = property.Value.GetProperty("dtype").GetString() ?? "";
                if (dtype != "F32")
                {
                    throw new ModelFileException(name, $"tensor '{property.Name}' is {dtype}; ModelGen models hold F32 (convert with tensor.float() before saving).");
                }

                int[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                {
                    throw new ModelFileException(name, $"tensor '{property.Name}' has data offsets [{string.Join(", ", offsets)}] outside the {dataLength} data bytes; the file is truncated or corrupt.");
                }

                found[property.Name] = (shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or KeyNotFoundException or FormatException and not ModelFileException)
        {
            throw new ModelFileException(name, $"its header is not valid safetensors JSON: {error.Message}");
        }

        var expected = Tensors(model).ToList();
        string? extra = found.Keys.FirstOrDefault(key => expected.All(t => t.Name != key));
        if (extra is not null)
        {
            throw new ModelFileException(name, $"it holds tensor '{extra}', which the model does not have (the model has {string.Join(", ", expected.Select(t => t.Name))}).");
        }

        foreach ((string tensorName, TensorSummary tensor) in expected)
        {
            if (!found.TryGetValue(tensorName, out var entry))
            {
                throw new ModelFileException(name, $"it lacks tensor '{tensorName}' of shape [{string.Join(", ", tensor.Shape)}].");
            }

            if (!entry.Shape.SequenceEqual(tensor.Shape) || entry.End - entry.Begin != tensor.Length * sizeof(float))
            {
                throw new ModelFileException(name, $"tensor '{tensorName}' has shape [{string.Join(", ", entry.Shape)}] but the model needs [{string.Join(", ", tensor.Shape)}].");
            }
        }

        Span<float> parameters = model.Parameters;
        foreach ((string tensorName, TensorSummary tensor) in expected)
        {
            int at = dataStart + (int)found[tensorName].Begin;
            for (int i = 0; i < tensor.Length; i++, at += sizeof(float))
            {
                parameters[tensor.Offset + i] = BinaryPrimitives.ReadSingleLittleEndian(content.AsSpan(at));
            }
        }
    }

    private static IEnumerable<(string Name, TensorSummary Tensor)> Tensors(IGradientModel model) =>
        model.Layers.SelectMany(layer => layer.Tensors.Select(tensor => (layer.Name + "." + tensor.Name, tensor)));
}
