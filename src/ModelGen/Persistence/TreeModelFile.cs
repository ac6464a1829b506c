using System;
using System.IO;
using System.Text;
using ModelGen.Trees;

namespace ModelGen.Persistence;

/// <summary>
/// A trained tree model as a text tree file (<c>.mgtt</c>): the file <c>[Model(Trees = "...")]</c> compiles into code at
/// build time. One line per node, floats as exact IEEE-754 bits, a CRC-32 over the nodes; written atomically, and a
/// truncated, corrupt, newer or other-model file is a <see cref="ModelFileException"/> that leaves the model untouched.
/// </summary>
public static class TreeModelFile
{
    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const int FormatVersion = TreeFileFormat.Version;

    /// <summary>Writes <paramref name="model"/>'s trees to <paramref name="path"/>, replacing any file atomically.</summary>
    /// <exception cref="InvalidOperationException">The model is not trained.</exception>
    public static void Save(TreeModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        SectionFile.WriteAtomically(path, Encoding.UTF8.GetBytes(TreeFileFormat.Write(model.ToFile())));
    }

    /// <summary>Reads <paramref name="path"/> into <paramref name="model"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ModelFileException">The file is not a tree file, is truncated or corrupt, is of a newer format, or holds another model.</exception>
    public static void Load(TreeModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Data.FilePaths.RequireFile(path, "tree file");
        string name = Path.GetFileName(path);
        TreeFile file = TreeFileFormat.Read(File.ReadAllText(path, Encoding.UTF8), model.InputSize, out string error)
            ?? throw new ModelFileException(name, error + ".");
        if (file.Architecture != model.Architecture)
        {
            throw new ModelFileException(name, $"it holds trees of '{file.Architecture}', but the model is '{model.Architecture}'.");
        }

        try
        {
            model.Load(file);
        }
        catch (ArgumentException problem)
        {
            throw new ModelFileException(name, problem.Message);
        }
    }
}
