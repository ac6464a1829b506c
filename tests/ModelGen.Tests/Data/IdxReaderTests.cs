using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using ModelGen.Data;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("modelgen-idx-");

    public void Dispose() => _folder.Dispose();

    private static byte[] Idx(byte[] data, params int[] shape)
    {
        var bytes = new byte[4 + 4 * shape.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)shape.Length;
        for (int d = 0; d < shape.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
        }

        data.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    private string Write(string name, byte[] bytes, bool gzip)
    {
        string path = _folder.File(name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var compressed = new GZipStream(file, CompressionLevel.Fastest);
            compressed.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_scaled_to_unit_range_with_the_chosen_positive_classes(bool gzip)
    {
        byte[] pixels = Enumerable.Range(0, 3 * 2 * 2).Select(i => (byte)(i * 20)).ToArray();
        string images = Write("images-idx3-ubyte", Idx(pixels, 3, 2, 2), gzip);
        string labels = Write("labels-idx1-ubyte", Idx(new byte[] { 5, 0, 9 }, 3), gzip);

        Dataset data = IdxReader.ReadDataset(images, labels, new[] { 5, 7, 9 });

        Assert.Equal(3, data.Count);
        Assert.Equal(4, data.FeatureCount);
        Assert.Equal(pixels.Select(p => p / 255f), data.Features.ToArray());
        Assert.Equal(new[] { 1f, 0f, 1f }, data.Labels.ToArray());
        Assert.Equal("5|7|9", data.PositiveClass);
    }

    [Fact]
    public void Each_kind_of_bad_file_is_named()
    {
        string labels = Write("labels", Idx(new byte[] { 1, 0 }, 2), gzip: false);
        void Fails(byte[] images, string message, bool gzip = false)
        {
            string path = Write("images", images, gzip);
            var error = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset(path, labels, new[] { 1 }));
            Assert.Contains(message, error.Message);
        }

        Fails("P5 not idx"u8.ToArray(), "not an IDX file");
        byte[] floats = Idx(new byte[8], 2, 1, 1);
        floats[2] = 0x0D;
        Fails(floats, "0x0d");
        Fails(Idx(new byte[7], 2, 2, 2), "truncated");
        Fails(Idx(new byte[9], 2, 2, 2), "bytes after its data");
        Fails(Idx(new byte[12], 3, 2, 2), "2 labels but images holds 3 images");
        Fails(new byte[] { 0x1f, 0x8b, 1, 2, 3 }, "gzip stream is corrupt");

        string ones = Write("ones", Idx(new byte[] { 1, 1 }, 2), gzip: false);
        var oneClass = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset(Write("images", Idx(new byte[8], 2, 2, 2), false), ones, new[] { 1 }));
        Assert.Contains("needs both classes", oneClass.Message);
    }
}
