using System;
using System.IO;

namespace ModelGen.Benchmarks;

/// <summary>Where the benchmarks find the repository's data and reference files.</summary>
internal static class Repository
{
    /// <summary>The first folder above the benchmark's (BenchmarkDotNet runs it from a nested copy) that holds ModelGen.sln.</summary>
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No ModelGen.sln above {AppContext.BaseDirectory}.");
        }
    }
}
