using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace ModelGen.Data;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST (an unsigned-byte tensor: magic <c>00 00 08 n</c>, n big-endian
/// dimension sizes, then the bytes), gzip-compressed or not — detected from the content, not the name. Problems are
/// <see cref="DataFormatException"/>s naming the file and the byte offset.
/// </summary>
public static class IdxReader
{
    /// <summary>
    /// A dataset of images scaled to [0, 1] (pixel / 255) whose label is 1 when the image's class is one of
    /// <paramref name="positiveClasses"/> — for example Fashion-MNIST's footwear, classes 5, 7 and 9.
    /// </summary>
    /// <exception cref="DataFormatException">A file is not IDX, is truncated, the counts disagree, or only one class results.</exception>
    public static Dataset ReadDataset(string imagesPath, string labelsPath, IReadOnlyCollection<int> positiveClasses)
    {
        ArgumentNullException.ThrowIfNull(positiveClasses);
        if (positiveClasses.Count == 0)
        {
            throw new ArgumentException("Name at least one positive class.", nameof(positiveClasses));
        }

        (int[] imageShape, byte[] pixels) = Read(imagesPath);
        (int[] labelShape, byte[] classes) = Read(labelsPath);
        string imagesName = Path.GetFileName(imagesPath);
        string labelsName = Path.GetFileName(labelsPath);
        if (imageShape.Length < 2)
        {
            throw new DataFormatException(imagesName, 0, 0, $"expected images (3 dimensions: count, rows, columns) but the file has {imageShape.Length} dimension(s).");
        }

        if (labelShape.Length != 1)
        {
            throw new DataFormatException(labelsName, 0, 0, $"expected labels (1 dimension) but the file has {labelShape.Length}.");
        }

        if (imageShape[0] != labelShape[0])
        {
            throw new DataFormatException(labelsName, 0, 0, $"it holds {labelShape[0]} labels but {imagesName} holds {imageShape[0]} images.");
        }

        int width = imageShape.Skip(1).Aggregate(1, (a, b) => a * b);
        var features = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            features[i] = pixels[i] / 255f;
        }

        var labels = new float[classes.Length];
        var positive = new HashSet<int>(positiveClasses);
        int positives = 0;
        for (int i = 0; i < classes.Length; i++)
        {
            labels[i] = positive.Contains(classes[i]) ? 1f : 0f;
            positives += (int)labels[i];
        }

        if (positives == 0 || positives == classes.Length)
        {
            throw new DataFormatException(labelsName, 0, 0,
                $"the positive classes {{{string.Join(", ", positiveClasses)}}} make {positives} of {classes.Length} labels positive; a binary classifier needs both classes.");
        }

        string[] names = Enumerable.Range(0, width).Select(i => "pixel" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string positiveName = string.Join("|", positiveClasses.Order());
        return new Dataset(features, labels, names, positiveName, "other");
    }

    /// <summary>The dimension sizes and the bytes of one IDX file.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="DataFormatException">The file is not an unsigned-byte IDX file, or its data end early or run on.</exception>
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePaths.RequireFile(path, "IDX file");

        string name = Path.GetFileName(path);
        byte[] content = File.ReadAllBytes(path);
        if (content.Length >= 2 && content[0] == 0x1f && content[1] == 0x8b)
        {
            try
            {
                using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                content = plain.ToArray();
            }
            catch (InvalidDataException error)
            {
                throw new DataFormatException(name, 0, 0, $"the gzip stream is corrupt: {error.Message}", error);
            }
        }

        return Parse(content, name);
    }

    /// <summary>Parses IDX bytes (already decompressed); <paramref name="name"/> names them in errors.</summary>
    public static (int[] Shape, byte[] Data) Parse(ReadOnlySpan<byte> content, string name)
    {
        if (content.Length < 4 || content[0] != 0 || content[1] != 0)
        {
            throw new DataFormatException(name, 0, 0, "it is not an IDX file: it does not start with the bytes 00 00.");
        }

        if (content[2] != 0x08)
        {
            throw new DataFormatException(name, 0, 0, $"its element type is 0x{content[2]:x2}; only unsigned bytes (0x08, as MNIST and Fashion-MNIST use) are read.");
        }

        int dimensions = content[3];
        if (dimensions == 0 || content.Length < 4 + 4 * dimensions)
        {
            throw new DataFormatException(name, 0, 0, $"the header declares {dimensions} dimensions but the file ends at byte {content.Length}, inside the header.");
        }

        var shape = new int[dimensions];
        long size = 1;
        for (int d = 0; d < dimensions; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(content[(4 + 4 * d)..]);
            if (shape[d] < 0)
            {
                throw new DataFormatException(name, 0, 0, $"dimension {d} has the negative size {shape[d]}.");
            }

            size *= shape[d];
        }

        int header = 4 + 4 * dimensions;
        if (content.Length - header != size)
        {
            string problem = content.Length - header < size ? "is truncated" : "has bytes after its data";
            throw new DataFormatException(name, 0, 0,
                $"the file {problem}: the header [{string.Join(" x ", shape)}] needs {size} data bytes after byte {header}, but {content.Length - header} follow.");
        }

        return (shape, content[header..].ToArray());
    }
}
