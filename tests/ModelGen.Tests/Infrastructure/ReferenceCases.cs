using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ModelGen.Tests.Infrastructure;

/// <summary>Reads the stored scikit-learn reference files copied beside the test assembly.</summary>
internal static class ReferenceCases
{
    /// <summary>The <c>cases</c> array of a reference JSON file, by its path under the test project.</summary>
    public static JsonElement[] Load(params string[] path)
    {
        using JsonDocument document = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine([AppContext.BaseDirectory, .. path])));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>A stored file's full path.</summary>
    public static string File(params string[] path) => Path.Combine([AppContext.BaseDirectory, .. path]);

    public static float[] Floats(this JsonElement element, string name) => element.GetProperty(name).EnumerateArray().Select(v => v.GetSingle()).ToArray();

    public static double[] Doubles(this JsonElement element, string name) => element.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
