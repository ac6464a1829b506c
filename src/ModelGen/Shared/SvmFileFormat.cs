// Linked as source into ModelGen.Generators: the runtime writes support-vector files and the generator bakes them in,
// so both read one definition of the format.
using System;
using System.Globalization;
using System.Text;

namespace ModelGen;

/// <summary>
/// A trained kernel machine as its file holds it: coefficient <c>cᵢ</c> and row of each support vector, γ and ρ, and
/// the Platt sigmoid's A and B when it was trained for probabilities.
/// </summary>
internal sealed class SvmFile(string architecture, double gamma, double rho, double[] coefficients, float[] vectors, (double A, double B)? probability = null)
{
    public string Architecture { get; } = architecture;

    public double Gamma { get; } = gamma;

    public double Rho { get; } = rho;

    public double[] Coefficients { get; } = coefficients;

    /// <summary>The support vectors, row after row.</summary>
    public float[] Vectors { get; } = vectors;

    public (double A, double B)? Probability { get; } = probability;
}

/// <summary>
/// The text support-vector file (<c>.mgsv</c>): a trained SVM or one-class SVM as text, read by the generator as an
/// <c>AdditionalFiles</c> item and baked into the model. Doubles and floats are written as their IEEE-754 bits in
/// hexadecimal, so every value round-trips exactly in any culture:
/// <code>
/// ModelGen svm 1
/// architecture: Input(30) -> Svm(rbf, gamma=scale, C=1)
/// gamma: 3fa1111111111111
/// rho: bfd47ae147ae147b
/// probability: none
/// vectors: 107
/// crc32: 1c291ca3
/// 3fe0000000000000 3f8ccccd bf19999a ...
/// </code>
/// A vector line is its coefficient <c>yᵢαᵢ</c>, then its features. The CRC-32 covers the vector lines. The
/// <c>probability</c> line (version 2) is <c>none</c> or the Platt sigmoid's A and B; version 1 files have no such line.
/// </summary>
internal static class SvmFileFormat
{
    /// <summary>The format version this code writes and the newest it reads.</summary>
    public const int Version = 2;

    /// <summary>The first line's text before the version number.</summary>
    public const string Signature = "ModelGen svm ";

    public static string Write(SvmFile file, int inputSize)
    {
        var body = new StringBuilder();
        for (int s = 0; s < file.Coefficients.Length; s++)
        {
            body.Append(Bits(file.Coefficients[s]));
            for (int f = 0; f < inputSize; f++)
            {
                body.Append(' ').Append(Bits(file.Vectors[s * inputSize + f]));
            }

            body.Append('\n');
        }

        string vectors = body.ToString();
        var text = new StringBuilder();
        text.Append(Signature).Append(Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("architecture: ").Append(file.Architecture).Append('\n');
        text.Append("gamma: ").Append(Bits(file.Gamma)).Append('\n');
        text.Append("rho: ").Append(Bits(file.Rho)).Append('\n');
        text.Append("probability: ").Append(file.Probability is (double a, double b) ? Bits(a) + " " + Bits(b) : "none").Append('\n');
        text.Append("vectors: ").Append(file.Coefficients.Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("crc32: ").Append(TextWeightsFormat.Crc32(Encoding.UTF8.GetBytes(vectors)).ToString("x8", CultureInfo.InvariantCulture)).Append('\n');
        return text.Append(vectors).ToString();
    }

    /// <summary>
    /// Reads a file's text. Returns null and sets <paramref name="error"/> (a sentence fragment) when it is not a whole,
    /// intact support-vector file of a version this code reads with rows of <paramref name="inputSize"/> features.
    /// </summary>
    public static SvmFile? Read(string text, int inputSize, out string error)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        if (!TextWeightsFormat.FirstLine(lines, Signature, Version, "support-vector file", out error))
        {
            return null;
        }

        bool first = lines[0] == Signature + "1";
        string[] names = first
            ? new[] { "architecture", "gamma", "rho", "vectors", "crc32" }
            : new[] { "architecture", "gamma", "rho", "probability", "vectors", "crc32" };

        if (TextWeightsFormat.HeaderValues(lines, names, out error) is not string[] header)
        {
            return null;
        }

        int at = first ? 3 : 4;
        if (!TryBits(header[1], out double gamma) || !TryBits(header[2], out double rho)
            || !int.TryParse(header[at], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            || !uint.TryParse(header[at + 1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint crc))
        {
            error = "its header is damaged (gamma, rho, vectors or crc32 cannot be read)";
            return null;
        }

        (double, double)? probability = null;
        if (!first && header[3] != "none")
        {
            string[] sigmoid = header[3].Split(' ');
            if (sigmoid.Length != 2 || !TryBits(sigmoid[0], out double a) || !TryBits(sigmoid[1], out double b) || double.IsNaN(a) || double.IsInfinity(a) || double.IsNaN(b) || double.IsInfinity(b))
            {
                error = "its probability line is damaged (it should be 'none' or the Platt sigmoid's A and B)";
                return null;
            }

            probability = (a, b);
        }

        if (TextWeightsFormat.Body(lines, names.Length + 1, count, crc, "support vectors", out error) is not string[] body)
        {
            return null;
        }

        var coefficients = new double[count];
        var vectors = new float[count * inputSize];
        for (int s = 0; s < count; s++)
        {
            string[] parts = body[s].Split(' ');
            if (parts.Length != inputSize + 1 || !TryBits(parts[0], out coefficients[s]) || double.IsNaN(coefficients[s]) || double.IsInfinity(coefficients[s]))
            {
                error = $"support vector {s + 1} does not hold a coefficient and {inputSize} features (the model reads {inputSize})";
                return null;
            }

            for (int f = 0; f < inputSize; f++)
            {
                if (!TryBits(parts[f + 1], out float value) || float.IsNaN(value) || float.IsInfinity(value))
                {
                    error = $"support vector {s + 1}, feature {f + 1} is not a finite value";
                    return null;
                }

                vectors[s * inputSize + f] = value;
            }
        }

        error = "";
        return new SvmFile(header[0], gamma, rho, coefficients, vectors, probability);
    }

    private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    private static string Bits(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0).ToString("x8", CultureInfo.InvariantCulture);

    private static bool TryBits(string text, out double value)
    {
        long bits = 0;
        bool ok = text.Length == 16 && long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bits);
        value = BitConverter.Int64BitsToDouble(bits);
        return ok;
    }

    private static bool TryBits(string text, out float value)
    {
        int bits = 0;
        bool ok = text.Length == 8 && int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bits);
        value = BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
        return ok;
    }
}
