using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ModelGen.Persistence;
using ModelGen.Tests.Models;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Persistence;

public sealed class SafeTensorsFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("modelgen-safetensors-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Export_then_import_round_trips_every_parameter()
    {
        var source = new Mlp30(seed: 8);
        SafeTensorsFile.Save(source, _folder.File("mlp.safetensors"));
        var target = new Mlp30(seed: 1);
        SafeTensorsFile.Load(target, _folder.File("mlp.safetensors"));
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
    }

    [Fact]
    public void Convolution_and_batch_norm_tensors_round_trip_under_pytorch_names_and_shapes()
    {
        var source = new NormalizedCnn(seed: 8);
        source.TrainStep(Generators.Tests.Infrastructure.TestData.Features(8, NormalizedCnn.InputSize, seed: 1), new float[] { 0, 1, 0, 1, 1, 0, 0, 1 });
        string path = _folder.File("cnn.safetensors");
        SafeTensorsFile.Save(source, path);
        var target = new NormalizedCnn(seed: 1);
        SafeTensorsFile.Load(target, path);

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        byte[] bytes = File.ReadAllBytes(path);
        using JsonDocument header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes)).TrimEnd(' '));
        Assert.Equal(
            new[] { "__metadata__", "conv2d.weight", "conv2d.bias", "batch_normalization.weight", "batch_normalization.bias", "batch_normalization.running_mean", "batch_normalization.running_var",
                "dense.weight", "dense.bias", "batch_normalization_1.weight", "batch_normalization_1.bias", "batch_normalization_1.running_mean", "batch_normalization_1.running_var", "dense_1.weight", "dense_1.bias" },
            header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { 4, 1, 3, 3 }, header.RootElement.GetProperty("conv2d.weight").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public void The_file_follows_the_safetensors_layout_with_pytorch_shapes()
    {
        var model = new Mlp30(seed: 8);
        SafeTensorsFile.Save(model, _folder.File("mlp.safetensors"));
        byte[] bytes = File.ReadAllBytes(_folder.File("mlp.safetensors"));
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
        SafeTensorsFile.Save(new Softmax3(), _folder.File("softmax.safetensors"));
        SafeTensorsFile.Save(new Mlp30(), _folder.File("mlp.safetensors"));
        var model = new Mlp30(seed: 3);
        float[] before = model.Parameters.ToArray();

        Assert.Contains("shape [10, 12] but the model needs [16, 30]", Assert.Throws<ModelFileException>(() => SafeTensorsFile.Load(model, _folder.File("softmax.safetensors"))).Message);
        byte[] good = File.ReadAllBytes(_folder.File("mlp.safetensors"));
        File.WriteAllBytes(_folder.File("cut.safetensors"), good[..(good.Length - 10)]);
        Assert.Contains("outside the", Assert.Throws<ModelFileException>(() => SafeTensorsFile.Load(model, _folder.File("cut.safetensors"))).Message);
        File.WriteAllBytes(_folder.File("header.safetensors"), good[..40]);
        Assert.Contains("truncated", Assert.Throws<ModelFileException>(() => SafeTensorsFile.Load(model, _folder.File("header.safetensors"))).Message);
        File.WriteAllText(_folder.File("text.safetensors"), "hello, this is not a tensor file at all");
        Assert.Throws<ModelFileException>(() => SafeTensorsFile.Load(model, _folder.File("text.safetensors")));
        Assert.Equal(before, model.Parameters.ToArray());
    }
}
