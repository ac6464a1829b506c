using System;
using System.IO;
using System.Text;

namespace ModelGen.Persistence;

/// <summary>
/// A model's parameters as a text weights file (<c>.mgwt</c>): the file <c>[Model(Weights = "...")]</c> bakes into a
/// model at build time. The compiler reads <c>AdditionalFiles</c> items as text and refuses binary ones, so this is
/// <see cref="WeightsFile"/>'s content — architecture, parameters, CRC-32 — as a header and base64; parameters
/// round-trip bit for bit. Writes are atomic; reads reject a truncated, corrupt, newer or other-architecture file
/// with a <see cref="ModelFileException"/> and leave the model untouched.
/// </summary>
public static class TextWeightsFile
{
    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const int FormatVersion = TextWeightsFormat.Version;

    /// <summary>Writes <paramref name="model"/>'s parameters to <paramref name="path"/>, replacing any file atomically.</summary>
    public static void Save(IGradientModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        WeightsFile.RequireFinite(model, path);
        string text = TextWeightsFormat.Write(model.Architecture, model.Parameters.ToArray());
        SectionFile.WriteAtomically(path, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads <paramref name="path"/> into <paramref name="model"/>'s parameters.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ModelFileException">The file is not a text weights file, is truncated or corrupt, is of a newer format, or holds another architecture.</exception>
    public static void Load(IGradientModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Data.FilePaths.RequireFile(path, "text weights file");
        string name = Path.GetFileName(path);
        TextWeights weights = TextWeightsFormat.Read(File.ReadAllText(path, Encoding.UTF8), out string error)
            ?? throw new ModelFileException(name, error + ".");
        WeightsFile.RequireSameArchitecture(model, weights.Architecture, weights.Parameters.Length, path);
        weights.Parameters.CopyTo(model.Parameters);
    }
}
