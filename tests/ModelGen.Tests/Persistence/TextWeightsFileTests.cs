using System;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using ModelGen.Persistence;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using Xunit;

namespace ModelGen.Tests.Persistence;

public sealed class TextWeightsFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("modelgen-textweights-");

    public void Dispose() => _folder.Dispose();

    private string Saved()
    {
        string path = _folder.File("model.mgwt");
        TextWeightsFile.Save(new Mlp30(seed: 4), path);
        return path;
    }

    [Fact]
    public void Round_trips_every_parameter_bit_for_bit_including_signed_zero_and_subnormals()
    {
        var model = new Mlp30(seed: 4);
        model.Parameters[0] = -0f;
        model.Parameters[1] = float.Epsilon;
        model.Parameters[2] = BitConverter.Int32BitsToSingle(0x7F7FFFFF);
        string path = _folder.File("edge.mgwt");
        TextWeightsFile.Save(model, path);

        var loaded = new Mlp30(seed: 0);
        TextWeightsFile.Load(loaded, path);

        Assert.Equal(model.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits), loaded.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Header_names_the_architecture_and_the_checksum_is_the_standard_crc32()
    {
        var model = new Mlp30(seed: 4);
        string[] lines = File.ReadAllLines(Saved());

        Assert.Equal("ModelGen weights 1", lines[0]);
        Assert.Equal("architecture: " + Mlp30.Architecture, lines[1]);
        Assert.Equal("parameters: " + Mlp30.ParameterCount, lines[2]);
        byte[] data = Convert.FromBase64String(string.Concat(lines.Skip(4)));
        Assert.Equal(model.Parameters.ToArray(), Enumerable.Range(0, data.Length / 4).Select(i => BitConverter.ToSingle(data, i * 4)));
        Assert.Equal("crc32: " + Crc32.HashToUInt32(data).ToString("x8"), lines[3]);
        Assert.All(lines.Skip(4), line => Assert.True(line.Length <= 76));
    }

    [Fact]
    public void Rejects_each_kind_of_bad_file_and_leaves_the_model_untouched()
    {
        string path = Saved();
        string good = File.ReadAllText(path);
        var model = new Mlp30(seed: 1);
        float[] before = model.Parameters.ToArray();

        void Expect(string text, string message)
        {
            File.WriteAllText(path, text);
            var error = Assert.Throws<ModelFileException>(() => TextWeightsFile.Load(model, path));
            Assert.Contains(message, error.Message);
            Assert.StartsWith("model.mgwt: ", error.Message);
            Assert.Equal(before, model.Parameters.ToArray());
        }

        Expect(good[..(good.Length / 2)], "it is truncated: the header promises 641 parameters, the data holds");
        Expect(good[..40], "truncated or its header is damaged");
        Expect("not a model", "not a ModelGen text weights file");
        Expect(good.Replace("ModelGen weights 1", "ModelGen weights 2"), "format version 2, newer than this ModelGen reads (1)");
        int data = good.IndexOf('\n', good.IndexOf("crc32", StringComparison.Ordinal)) + 10;
        Expect(good[..data] + (good[data] == 'A' ? 'B' : 'A') + good[(data + 1)..], "checksum does not match");
        Expect(good[..data] + '!' + good[(data + 1)..], "not valid base64");

        TextWeightsFile.Save(new Softmax3(), path);
        Expect(File.ReadAllText(path), "but the model is");
    }

    [Fact]
    public void No_byte_flip_or_truncation_loads_different_weights()
    {
        string path = Saved();
        byte[] good = File.ReadAllBytes(path);
        float[] saved = new Mlp30(seed: 4).Parameters.ToArray();
        int rejected = 0;
        for (int i = 0; i < good.Length; i += 3)
        {
            foreach (byte[] bad in new[] { Flip(good, i), good[..i] })
            {
                File.WriteAllBytes(path, bad);
                var model = new Mlp30(seed: 9);
                float[] untouched = model.Parameters.ToArray();
                try
                {
                    TextWeightsFile.Load(model, path);
                    // Base64's last character carries unused padding bits: flipping one changes no parameter.
                    Assert.Equal(saved, model.Parameters.ToArray());
                }
                catch (ModelFileException)
                {
                    Assert.Equal(untouched, model.Parameters.ToArray());
                    rejected++;
                }
            }
        }

        Assert.True(rejected > good.Length / 2, $"only {rejected} of the damaged files were rejected");
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
