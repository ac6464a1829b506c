using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using System.Text;

namespace ModelGen.Persistence;

/// <summary>
/// A model's parameters in a small versioned binary file: the magic <c>MGW1</c>, a format version, the architecture
/// string, the parameter count, the parameters as little-endian floats in the <see cref="IModel.Parameters"/> layout,
/// and a CRC-32 of everything before it. Writes are atomic (temporary file, flush to disk, rename), so a crash never
/// leaves a half-written file; reads reject anything else with a <see cref="ModelFileException"/> saying what is wrong.
/// </summary>
public static class WeightsFile
{
    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "MGW1"u8;

    /// <summary>Writes <paramref name="model"/>'s parameters to <paramref name="path"/>, replacing any file atomically.</summary>
    public static void Save(IModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] architecture = Encoding.UTF8.GetBytes(model.Architecture);
        int parameterBytes = model.ParameterCount * sizeof(float);
        var content = new byte[Magic.Length + 2 + 4 + architecture.Length + 4 + parameterBytes + 4];
        var span = content.AsSpan();
        Magic.CopyTo(span);
        int at = Magic.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], FormatVersion);
        at += 2;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], architecture.Length);
        at += 4;
        architecture.CopyTo(span[at..]);
        at += architecture.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], model.ParameterCount);
        at += 4;
        ReadOnlySpan<float> parameters = model.Parameters;
        for (int i = 0; i < parameters.Length; i++, at += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], parameters[i]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], Crc32.HashToUInt32(span[..at]));
        WriteAtomically(path, content);
    }

    /// <summary>Reads <paramref name="path"/> into <paramref name="model"/>'s parameters; the model is untouched when the file is rejected.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ModelFileException">The file is not a weights file, is truncated or corrupt, is of a newer format, or holds another architecture.</exception>
    public static void Load(IModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The weights file '{path}' does not exist.", path);
        }

        ReadOnlySpan<byte> content = File.ReadAllBytes(path);
        string name = Path.GetFileName(path);
        if (content.Length < Magic.Length || !content[..Magic.Length].SequenceEqual(Magic))
        {
            throw new ModelFileException(name, "it is not a ModelGen weights file (it does not start with 'MGW1').");
        }

        int at = Magic.Length;
        Require(content, at, 2 + 4, name);
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(content[at..]);
        if (version > FormatVersion)
        {
            throw new ModelFileException(name, $"it has format version {version}, newer than the {FormatVersion} this ModelGen reads; update the ModelGen package.");
        }

        at += 2;
        int architectureLength = BinaryPrimitives.ReadInt32LittleEndian(content[at..]);
        at += 4;
        if (architectureLength < 0)
        {
            throw new ModelFileException(name, "the architecture length is negative; the file is corrupt.");
        }

        Require(content, at, (long)architectureLength + 4, name);
        int countAt = at + architectureLength;
        int count = BinaryPrimitives.ReadInt32LittleEndian(content[countAt..]);
        if (count < 0)
        {
            throw new ModelFileException(name, "the parameter count is negative; the file is corrupt.");
        }

        int dataAt = countAt + 4;
        Require(content, dataAt, (long)count * sizeof(float) + 4, name);
        int end = dataAt + count * sizeof(float);
        if (content.Length > end + 4)
        {
            throw new ModelFileException(name, $"it has {content.Length - end - 4} bytes after the checksum; the file is corrupt.");
        }

        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(content[end..]);
        if (Crc32.HashToUInt32(content[..end]) != expected)
        {
            throw new ModelFileException(name, "its checksum does not match its content; the file is corrupt.");
        }

        string architecture = Encoding.UTF8.GetString(content.Slice(at, architectureLength));
        if (architecture != model.Architecture || count != model.ParameterCount)
        {
            throw new ModelFileException(name,
                $"it holds {count} parameters of '{architecture}', but the model is '{model.Architecture}' with {model.ParameterCount}.");
        }

        Span<float> parameters = model.Parameters;
        for (int i = 0; i < count; i++)
        {
            parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(content[(dataAt + i * sizeof(float))..]);
        }
    }

    /// <summary>Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/>, flushes it to disk and renames it over <paramref name="path"/>.</summary>
    internal static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void Require(ReadOnlySpan<byte> content, int at, long length, string name)
    {
        if (content.Length - at < length)
        {
            throw new ModelFileException(name, $"it ends after {content.Length} bytes, before its content does; the file is truncated.");
        }
    }
}

/// <summary>A model or weights file that cannot be loaded; the message names the file and what is wrong with it.</summary>
public sealed class ModelFileException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ModelFileException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file's name.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
