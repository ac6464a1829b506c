using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>
/// Verify's file conventions without Verify (not served by the registry here): the expected text lives in
/// <c>{Class}.{Test}.verified.cs</c>; a mismatch writes <c>{Class}.{Test}.received.cs</c> beside it and fails.
/// Accepting a change is renaming the received file over the verified one.
/// </summary>
internal static class Snapshot
{
    private static readonly string s_directory = typeof(Snapshot).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SnapshotDirectory").Value!;

    public static void Verify(string actual, string testClass, [CallerMemberName] string test = "")
    {
        string stem = Path.Combine(s_directory, $"{testClass}.{test}");
        string verifiedPath = stem + ".verified.cs";
        string receivedPath = stem + ".received.cs";
        string normalized = actual.Replace("\r\n", "\n");

        if (File.Exists(verifiedPath) && File.ReadAllText(verifiedPath).Replace("\r\n", "\n") == normalized)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, normalized);
        throw new XunitException(File.Exists(verifiedPath)
            ? $"Generated source differs from {verifiedPath}. Compare it with {receivedPath}; if the change is intended, move the received file over the verified one."
            : $"No snapshot yet: review {receivedPath} and rename it to {Path.GetFileName(verifiedPath)} to accept it.");
    }
}
