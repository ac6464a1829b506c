using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Text;

using ModelGen.Data;

namespace ModelGen.Persistence;

/// <summary>
/// The container under ModelGen's binary files: a 4-byte magic, a format version, named sections (each a UTF-8 name
/// and a length-prefixed payload) and a CRC-32 of everything before it. Writing is atomic (temporary file, flush to
/// disk, rename); reading rejects a foreign, newer, truncated, overlong or corrupt file with a
/// <see cref="ModelFileException"/> that says which.
/// </summary>
internal static class SectionFile
{
    public static void Write(string path, ReadOnlySpan<byte> magic, ushort version, IReadOnlyList<(string Name, byte[] Payload)> sections)
    {
        var content = new MemoryStream();
        var writer = new BinaryWriter(content, Encoding.UTF8);
        writer.Write(magic);
        writer.Write(version);
        writer.Write(sections.Count);
        foreach ((string name, byte[] payload) in sections)
        {
            writer.Write(name);
            writer.Write(payload.Length);
            writer.Write(payload);
        }

        writer.Flush();
        writer.Write(Crc32.HashToUInt32(content.GetBuffer().AsSpan(0, (int)content.Length)));
        writer.Flush();
        WriteAtomically(path, content.GetBuffer().AsSpan(0, (int)content.Length));
    }

    /// <summary>The sections of <paramref name="path"/> by name.</summary>
    public static Dictionary<string, byte[]> Read(string path, ReadOnlySpan<byte> magic, ushort newestVersion, string kind)
    {
        FilePaths.RequireFile(path, kind);

        string name = Path.GetFileName(path);
        byte[] content = File.ReadAllBytes(path);
        string magicText = Encoding.ASCII.GetString(magic);
        if (content.Length < magic.Length || !content.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            throw new ModelFileException(name, $"it is not a ModelGen {kind} (it does not start with '{magicText}').");
        }

        if (content.Length < magic.Length + 2 + 4 + 4)
        {
            throw Truncated(name, content.Length);
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(content.AsSpan(magic.Length));
        if (version > newestVersion)
        {
            throw new ModelFileException(name, $"it has format version {version}, newer than the {newestVersion} this ModelGen reads; update the ModelGen package.");
        }

        int end = content.Length - 4;
        if (Crc32.HashToUInt32(content.AsSpan(0, end)) != BinaryPrimitives.ReadUInt32LittleEndian(content.AsSpan(end)))
        {
            // A cut file fails its checksum too; say which when the sections run past the end.
            throw SectionsFit(content, magic.Length + 2, end) ? new ModelFileException(name, "its checksum does not match its content; the file is corrupt.") : Truncated(name, content.Length);
        }

        var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new BinaryReader(new MemoryStream(content, magic.Length + 2, end - magic.Length - 2), Encoding.UTF8);
        try
        {
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                string section = reader.ReadString();
                int length = reader.ReadInt32();
                if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                {
                    throw Truncated(name, content.Length);
                }

                sections[section] = reader.ReadBytes(length);
            }
        }
        catch (EndOfStreamException)
        {
            throw Truncated(name, content.Length);
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new ModelFileException(name, $"it has {reader.BaseStream.Length - reader.BaseStream.Position} bytes after its last section; the file is corrupt.");
        }

        return sections;
    }

    /// <summary>A section the reader needs, or the error naming it.</summary>
    public static byte[] Require(Dictionary<string, byte[]> sections, string section, string path) =>
        sections.TryGetValue(section, out byte[]? payload) ? payload : throw new ModelFileException(Path.GetFileName(path), $"it has no '{section}' section; the file is corrupt or was not written by ModelGen.");

    /// <summary>Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/>, flushes it to disk and renames it over <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new IOException($"Cannot save to '{full}': it is a directory; give a file path such as '{Path.Combine(full, "model.mgc")}'.");
        }

        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot save '{full}': the directory '{directory}' does not exist.");
        }

        string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The temporary file is an implementation detail: name the file the caller asked for.
            string reason = error is UnauthorizedAccessException ? "access was denied" : error.GetType().Name;
            throw new IOException($"Cannot save '{full}': {reason} ({error.Message.Replace(temporary, full, StringComparison.Ordinal)}). Any earlier file at that path is unchanged.", error);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static bool SectionsFit(byte[] content, int start, int end)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(content, start, end - start), Encoding.UTF8);
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                reader.ReadString();
                int length = reader.ReadInt32();
                if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                {
                    return false;
                }

                reader.BaseStream.Position += length;
            }

            return true;
        }
        catch (Exception error) when (error is EndOfStreamException or IOException or FormatException)
        {
            return false;
        }
    }

    private static ModelFileException Truncated(string name, int length) =>
        new(name, $"it ends after {length} bytes, before its content does; the file is truncated.");
}
