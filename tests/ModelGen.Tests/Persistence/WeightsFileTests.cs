using System;
using System.IO;
using ModelGen.Persistence;
using ModelGen.Tests.Models;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Persistence;

public sealed class WeightsFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("modelgen-weights-");

    public void Dispose() => _folder.Dispose();

    private string Saved()
    {
        string path = _folder.File("model.mgw");
        WeightsFile.Save(new Mlp30(seed: 4), path);
        return path;
    }

    [Fact]
    public void Round_trips_every_parameter_exactly()
    {
        string path = Saved();
        var loaded = new Mlp30(seed: 0);
        WeightsFile.Load(loaded, path);
        Assert.Equal(new Mlp30(seed: 4).Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void Rejects_each_kind_of_bad_file_and_leaves_the_model_untouched()
    {
        string path = Saved();
        byte[] good = File.ReadAllBytes(path);
        var model = new Mlp30(seed: 1);
        float[] before = model.Parameters.ToArray();

        void Expect(byte[] bytes, string message)
        {
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<ModelFileException>(() => WeightsFile.Load(model, path));
            Assert.Contains(message, error.Message);
            Assert.StartsWith("model.mgw: ", error.Message);
            Assert.Equal(before, model.Parameters.ToArray());
        }

        Expect(good[..(good.Length / 2)], "truncated");
        byte[] flipped = (byte[])good.Clone();
        flipped[^20] ^= 0x40;
        Expect(flipped, "checksum");
        Expect("not a model"u8.ToArray(), "not a ModelGen weights file");
        byte[] newer = (byte[])good.Clone();
        newer[4] = 9;
        Expect(newer, "newer");
        Expect([.. good, 0], "checksum");

        WeightsFile.Save(new Softmax3(), path);
        Expect(File.ReadAllBytes(path), "but the model is");
    }

    [Fact]
    public void Every_single_byte_flip_and_truncation_is_rejected_cleanly()
    {
        string path = Saved();
        byte[] good = File.ReadAllBytes(path);
        var model = new Mlp30();
        for (int i = 0; i < good.Length; i += 7)
        {
            byte[] bad = (byte[])good.Clone();
            bad[i] ^= 0x01;
            File.WriteAllBytes(path, bad);
            Assert.Throws<ModelFileException>(() => WeightsFile.Load(model, path));
            File.WriteAllBytes(path, good[..i]);
            Assert.Throws<ModelFileException>(() => WeightsFile.Load(model, path));
        }
    }
}
