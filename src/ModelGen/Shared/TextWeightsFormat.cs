// Linked as source into ModelGen.Generators: the runtime writes text weights files and the generator bakes them in,
// so both read one definition of the format.
using System;
using System.Globalization;
using System.Text;

namespace ModelGen;

/// <summary>
/// The text weights format (<c>.mgwt</c>): a model's parameters as text, so that the compiler can read the file as an
/// <c>AdditionalFiles</c> item (it reads those as text and refuses binary files). Four header lines, then the
/// parameters as little-endian IEEE-754 floats in base64, 76 characters a line:
/// <code>
/// ModelGen weights 1
/// architecture: Input(30) -> Dense(16, Relu) -> Dense(1, Sigmoid) | BinaryCrossEntropy
/// parameters: 513
/// crc32: 1c291ca3
/// AACAPwAAAEA...
/// </code>
/// The CRC-32 (IEEE 802.3, as zlib and System.IO.Hashing compute it) covers the parameter bytes.
/// </summary>
internal static class TextWeightsFormat
{
    /// <summary>The format version this code writes and the newest it reads.</summary>
    public const int Version = 1;

    /// <summary>The first line's text before the version number.</summary>
    public const string Signature = "ModelGen weights ";

    private const int LineLength = 76;

#if MODELGEN_GENERATOR
    private static readonly uint[] s_crcTable = CreateCrcTable();
#endif

    /// <summary>The file's text for <paramref name="parameters"/> of <paramref name="architecture"/>.</summary>
    public static string Write(string architecture, float[] parameters)
    {
        byte[] bytes = new byte[parameters.Length * sizeof(float)];
        for (int i = 0; i < parameters.Length; i++)
        {
            WriteLittleEndian(bytes, i * sizeof(float), parameters[i]);
        }

        var text = new StringBuilder();
        text.Append(Signature).Append(Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("architecture: ").Append(architecture).Append('\n');
        text.Append("parameters: ").Append(parameters.Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("crc32: ").Append(Crc32(bytes).ToString("x8", CultureInfo.InvariantCulture)).Append('\n');
        string encoded = Convert.ToBase64String(bytes);
        for (int start = 0; start < encoded.Length; start += LineLength)
        {
            text.Append(encoded, start, Math.Min(LineLength, encoded.Length - start)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads a file's text. Returns null and sets <paramref name="error"/> (a sentence fragment such as
    /// "its checksum does not match its contents") when the text is not a whole, intact file of a version this code reads.
    /// </summary>
    public static TextWeights? Read(string text, out string error)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        if (!FirstLine(lines, Signature, Version, "text weights file", out error))
        {
            return null;
        }

        if (lines.Length < 4
            || Header(lines[1], "architecture") is not string architecture
            || Header(lines[2], "parameters") is not string countText
            || Header(lines[3], "crc32") is not string crcText)
        {
            error = "it is truncated or its header is damaged (it needs 'architecture:', 'parameters:' and 'crc32:' lines)";
            return null;
        }

        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            || !uint.TryParse(crcText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint crc))
        {
            error = $"its header is damaged ('parameters: {countText}', 'crc32: {crcText}')";
            return null;
        }

        string encoded = string.Join("", lines, 4, lines.Length - 4);
        long expectedLength = ((long)count * sizeof(float) + 2) / 3 * 4;
        if (encoded.Length != expectedLength)
        {
            error = encoded.Length < expectedLength
                ? $"it is truncated: the header promises {count} parameters, the data holds {encoded.Length * 3 / 4 / sizeof(float)}"
                : $"it is damaged: the header promises {count} parameters, the data holds more";
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            error = "its parameter data is damaged (not valid base64)";
            return null;
        }

        if (bytes.Length != (long)count * sizeof(float))
        {
            error = "its parameter data is damaged (wrong base64 padding)";
            return null;
        }

        if (Crc32(bytes) != crc)
        {
            error = "its checksum does not match its contents; the file is corrupt";
            return null;
        }

        var parameters = new float[count];
        for (int i = 0; i < count; i++)
        {
            parameters[i] = ReadLittleEndian(bytes, i * sizeof(float));
        }

        error = "";
        return new TextWeights(architecture, parameters);
    }

    /// <summary>
    /// Checks a ModelGen text file's first line, <paramref name="signature"/> and a version no newer than
    /// <paramref name="newest"/>; false with the reason in <paramref name="error"/> otherwise. Tree files share it.
    /// </summary>
    public static bool FirstLine(string[] lines, string signature, int newest, string kind, out string error)
    {
        if (lines.Length == 0 || !lines[0].StartsWith(signature, StringComparison.Ordinal))
        {
            error = $"it is not a ModelGen {kind} (its first line should start with '{signature.TrimEnd()}')";
            return false;
        }

        if (!int.TryParse(lines[0].Substring(signature.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
        {
            error = $"its first line '{lines[0]}' has no valid format version";
            return false;
        }

        if (version > newest)
        {
            error = $"it is format version {version}, newer than this ModelGen reads ({newest}); update ModelGen";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>
    /// The values of the header lines <c>name: value</c> that follow the first line, in the order of
    /// <paramref name="names"/>; null with <paramref name="error"/> when one is missing or misplaced.
    /// </summary>
    public static string[]? HeaderValues(string[] lines, string[] names, out string error)
    {
        var values = new string[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            if (i + 1 >= lines.Length || !lines[i + 1].StartsWith(names[i] + ": ", StringComparison.Ordinal))
            {
                error = $"it is truncated or its header is damaged (line {i + 2} should start with '{names[i]}:')";
                return null;
            }

            values[i] = lines[i + 1].Substring(names[i].Length + 2);
        }

        error = "";
        return values;
    }

    /// <summary>
    /// The body: the lines from <paramref name="first"/> on (trailing empty lines aside), required to be the
    /// <paramref name="count"/> <paramref name="items"/> the header promises and to match its CRC-32; null with
    /// <paramref name="error"/> when truncated, padded or corrupt.
    /// </summary>
    public static string[]? Body(string[] lines, int first, int count, uint crc, string items, out string error)
    {
        int last = lines.Length;
        while (last > first && lines[last - 1].Length == 0)
        {
            last--;
        }

        if (last - first != count)
        {
            error = $"it {(last - first < count ? "is truncated" : "is damaged")}: the header promises {count} {items}, the file holds {last - first}";
            return null;
        }

        var body = new StringBuilder();
        for (int i = first; i < last; i++)
        {
            body.Append(lines[i]).Append('\n');
        }

        if (Crc32(Encoding.UTF8.GetBytes(body.ToString())) != crc)
        {
            error = $"its checksum does not match its {items}; the file is corrupt";
            return null;
        }

        error = "";
        var result = new string[count];
        Array.Copy(lines, first, result, 0, count);
        return result;
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected, as zlib computes it).</summary>
    public static uint Crc32(byte[] data)
    {
#if MODELGEN_GENERATOR
        // The generator cannot take System.IO.Hashing as a dependency of an analyzer assembly: its own table, the same CRC.
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
#else
        return System.IO.Hashing.Crc32.HashToUInt32(data);
#endif
    }

    private static string? Header(string line, string name) =>
        line.StartsWith(name + ": ", StringComparison.Ordinal) ? line.Substring(name.Length + 2) : null;

#if MODELGEN_GENERATOR
    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
#endif

    private static void WriteLittleEndian(byte[] bytes, int offset, float value)
    {
        byte[] raw = BitConverter.GetBytes(value);
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(raw);
        }

        Buffer.BlockCopy(raw, 0, bytes, offset, sizeof(float));
    }

    private static float ReadLittleEndian(byte[] bytes, int offset)
    {
        if (BitConverter.IsLittleEndian)
        {
            return BitConverter.ToSingle(bytes, offset);
        }

        var raw = new byte[sizeof(float)];
        Buffer.BlockCopy(bytes, offset, raw, 0, sizeof(float));
        Array.Reverse(raw);
        return BitConverter.ToSingle(raw, 0);
    }
}

/// <summary>A text weights file's contents: the architecture it was saved from and its parameters.</summary>
internal sealed class TextWeights
{
    public TextWeights(string architecture, float[] parameters)
    {
        Architecture = architecture;
        Parameters = parameters;
    }

    public string Architecture { get; }

    public float[] Parameters { get; }
}
