using System;
using System.IO;

namespace ModelGen.Tests.Infrastructure;

/// <summary>A fresh folder for one test class's files, deleted with everything in it on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder(string prefix) => FullName = Directory.CreateTempSubdirectory(prefix).FullName;

    public string FullName { get; }

    /// <summary>The full path of <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => Path.Combine(FullName, name);

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
