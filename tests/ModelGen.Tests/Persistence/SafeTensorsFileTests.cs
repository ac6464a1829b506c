using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ModelGen.Persistence;
using ModelGen.Tests.Models;
using Xunit;

namespace ModelGen.Tests.Persistence;

public sealed class SafeTensorsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    [Fact]
    public void Export_then_import_round_trips_every_parameter()
    {
        var source = new Mlp30(seed: 8);
        SafeTensorsFile.Export(source, Path("mlp.safetensors"));
        var target = new Mlp30(seed: 1);
        SafeTensorsFile.Import(target, Path("mlp.safetensors"));
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
    }

    [Fact]
    public void The_file_follows_the_safetensors_layout_with_pytorch_shapes()
    {
        var model = new Mlp30(seed: 8);
        SafeTensorsFile.Export(model, Path("mlp.safetensors"));
        byte[] bytes = File.ReadAllBytes(Path("mlp.safetensors"));
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        using JsonDocument header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd(' '));
        JsonElement root = header.RootElement;

        Assert.Equal(new[] { "__metadata__", "dense.weight", "dense.bias", "dense_1.weight", "dense_1.bias", "dense_2.weight", "dense_2.bias" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { 16, 30 }, root.GetProperty("dense.weight").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(new[] { 1 }, root.GetProperty("dense_2.bias").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("F32", root.GetProperty("dense_1.weight").GetProperty("dtype").GetString());
        Assert.Equal(8 + headerLength + Mlp30.ParameterCount * 4, bytes.Length);

        // dense.bias follows the 480 weights; its first value is parameter 480 in the IModel layout.
        long begin = root.GetProperty("dense.bias").GetProperty("data_offsets")[0].GetInt64();
        Assert.Equal(480 * 4, begin);
        Assert.Equal(model.Parameters[480], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + headerLength + (int)begin)));
    }

    [Fact]
    public void Mismatched_or_damaged_files_are_refused_and_leave_the_model_untouched()
    {
        SafeTensorsFile.Export(new Softmax3(), Path("softmax.safetensors"));
        SafeTensorsFile.Export(new Mlp30(), Path("mlp.safetensors"));
        var model = new Mlp30(seed: 3);
        float[] before = model.Parameters.ToArray();

        Assert.Contains("shape [10, 12] but the model needs [16, 30]", Assert.Throws<ModelFileException>(() => SafeTensorsFile.Import(model, Path("softmax.safetensors"))).Message);
        byte[] good = File.ReadAllBytes(Path("mlp.safetensors"));
        File.WriteAllBytes(Path("cut.safetensors"), good[..(good.Length - 10)]);
        Assert.Contains("outside the", Assert.Throws<ModelFileException>(() => SafeTensorsFile.Import(model, Path("cut.safetensors"))).Message);
        File.WriteAllBytes(Path("header.safetensors"), good[..40]);
        Assert.Contains("truncated", Assert.Throws<ModelFileException>(() => SafeTensorsFile.Import(model, Path("header.safetensors"))).Message);
        File.WriteAllText(Path("text.safetensors"), "hello, this is not a tensor file at all");
        Assert.Throws<ModelFileException>(() => SafeTensorsFile.Import(model, Path("text.safetensors")));
        Assert.Equal(before, model.Parameters.ToArray());
    }
}
