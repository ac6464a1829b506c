using System.IO;

namespace ModelGen.Data;

/// <summary>The one check every reader makes before opening a path, so a directory or a missing file is named as such.</summary>
internal static class FilePaths
{
    /// <summary>Throws unless <paramref name="path"/> is an existing file; <paramref name="kind"/> names what was expected ("data file").</summary>
    /// <exception cref="FileNotFoundException">The path is a directory, or nothing is there.</exception>
    public static void RequireFile(string path, string kind)
    {
        if (File.Exists(path))
        {
            return;
        }

        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"The {kind} '{path}' is a directory, not a file; give the path of the file inside it.", path);
        }

        throw new FileNotFoundException($"The {kind} '{path}' does not exist (looked for '{Path.GetFullPath(path)}').", path);
    }
}
