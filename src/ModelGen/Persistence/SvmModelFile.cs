using System;
using System.IO;
using System.Text;
using ModelGen.Svm;

namespace ModelGen.Persistence;

/// <summary>
/// Saves a trained SVM or one-class SVM as a text support-vector file (<c>.mgsv</c>) and loads one back; listed in
/// <c>AdditionalFiles</c> and named by <c>[Model(SupportVectors = "...")]</c>, the file is baked into the model at build
/// time (<c>CreateTrained()</c>).
/// </summary>
public static class SvmModelFile
{
    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const int FormatVersion = SvmFileFormat.Version;

    /// <summary>Writes <paramref name="model"/>'s support vectors to <paramref name="path"/>, replacing any file atomically.</summary>
    /// <exception cref="InvalidOperationException">The model is not trained.</exception>
    public static void Save(KernelModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (model.SupportVectorCount == 0)
        {
            throw new InvalidOperationException("The model is not trained: there are no support vectors to save.");
        }

        SectionFile.WriteAtomically(path, Encoding.UTF8.GetBytes(SvmFileFormat.Write(model.ToFile(), model.InputSize)));
    }

    /// <summary>Reads <paramref name="path"/> into <paramref name="model"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ModelFileException">The file is not a support-vector file, is truncated or corrupt, is of a newer format, or holds another model.</exception>
    public static void Load(KernelModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Data.FilePaths.RequireFile(path, "support-vector file");
        string name = Path.GetFileName(path);
        SvmFile file = SvmFileFormat.Read(File.ReadAllText(path, Encoding.UTF8), model.InputSize, out string error)
            ?? throw new ModelFileException(name, error + ".");
        if (file.Architecture != model.Architecture)
        {
            throw new ModelFileException(name, $"it holds support vectors of '{file.Architecture}', but the model is '{model.Architecture}'.");
        }

        model.InitializeTrained(file.Gamma, file.Rho, file.Coefficients, file.Vectors,
            file.Probability is (double a, double b) ? Calibration.PlattScaling.FromParameters(a, b) : null);
    }
}
