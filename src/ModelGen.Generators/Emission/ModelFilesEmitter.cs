using System.Linq;
using ModelGen.Generators.BuildFiles;

namespace ModelGen.Generators.Emission;

/// <summary>The members the files of <c>[Model]</c> add: baked-in trained parameters and the typed feature record.</summary>
internal static class ModelFilesEmitter
{
    /// <summary>Bit patterns per line of the baked parameter table.</summary>
    private const int BitsPerLine = 8;

    /// <summary>
    /// <c>TrainedParameters</c> and <c>CreateTrained()</c>. The parameters are written as their IEEE-754 bit patterns, which
    /// survive any compiler's float formatting exactly; a <c>ReadOnlySpan</c> over a constant array lives in the
    /// assembly's data, so nothing is allocated or read from a file.
    /// </summary>
    public static void EmitWeights(SourceWriter writer, string className, BakedWeights weights)
    {
        string file = Xml(weights.FileName);
        writer.Line($"/// <summary>The trained parameters baked in at build time from '{file}', as IEEE-754 bit patterns.</summary>");
        writer.Line($"private static {Code.ReadOnlySpan}<uint> TrainedParameterBits => new uint[]");
        writer.Line("{");
        for (int start = 0; start < weights.Bits.Count; start += BitsPerLine)
        {
            string line = string.Join(", ", Enumerable.Range(start, System.Math.Min(BitsPerLine, weights.Bits.Count - start))
                .Select(i => "0x" + weights.Bits[i].ToString("X8", System.Globalization.CultureInfo.InvariantCulture)));
            writer.Line("    " + line + ",");
        }

        writer.Line("};");
        writer.Line();
        writer.Line($"/// <summary>The trained parameters baked in at build time from '{file}', in the layout of <see cref=\"Parameters\"/>.</summary>");
        writer.Line($"public static {Code.ReadOnlySpan}<float> TrainedParameters => {Code.MemoryMarshal}.Cast<uint, float>(TrainedParameterBits);");
        writer.Line();
        writer.Line($"/// <summary>A model holding the parameters baked in from '{file}': nothing is read at run time.</summary>");
        using (writer.Block($"public static {className} CreateTrained()"))
        {
            writer.Line($"{className} model = new();");
            writer.Line("TrainedParameters.CopyTo(model._parameters);");
            writer.Line("return model;");
        }
    }

    /// <summary>
    /// <c>CreateTrained()</c> for a weights file that could not be baked in (missing, corrupt, mismatched: the analyzer
    /// reports why): it throws naming those errors, so code that calls it gets no second, confusing compiler error.
    /// </summary>
    public static void EmitUnavailableWeights(SourceWriter writer, string className, string path, System.Collections.Generic.IEnumerable<Spec.SpecProblem> problems)
    {
        string errors = string.Join(" ", problems.Select(p => $"{p.DiagnosticId}: {p.FormatMessage()}."));
        string message = $"The weights file '{path}' could not be baked in. {errors} Fix the MG errors the compiler reports.";
        writer.Line($"/// <summary>Unavailable: the weights file '{Xml(path)}' could not be baked in (see the MG errors on the model).</summary>");
        writer.Line($"public static {className} CreateTrained() => throw new global::System.InvalidOperationException({Literals.String(message)});");
    }

    /// <summary>The <c>Features</c> record named after the CSV header and the <c>Predict(in Features)</c> overload.</summary>
    public static void EmitFeatures(SourceWriter writer, FeatureRecord features)
    {
        string file = Xml(features.FileName);
        writer.Line($"/// <summary>One sample's features, named after the header of '{file}', in input order.</summary>");
        string parameters = string.Join(", ", features.Columns.Select(c => "float " + c.Property));
        using (writer.Block($"public readonly record struct Features({parameters})"))
        {
            writer.Line($"/// <summary>The header's column names, in input order.</summary>");
            writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> Names {{ get; }} = new[] {{ {string.Join(", ", features.Columns.Select(c => Literals.String(c.Header)))} }};");
            writer.Line();
            writer.Line("/// <summary>Writes the features into <paramref name=\"destination\"/> in input order.</summary>");
            using (writer.Block($"public void CopyTo({Code.Span}<float> destination)"))
            {
                writer.Line($"{Code.ModelMath}.RequireCapacity(destination, InputSize, nameof(destination));");
                for (int i = 0; i < features.Columns.Count; i++)
                {
                    writer.Line($"destination[{Literals.Int(i)}] = {features.Columns[i].Property};");
                }
            }
        }

        writer.Line();
        writer.Line("/// <summary>The model's output for one sample given by name (see <see cref=\"Predict(global::System.ReadOnlySpan{float})\"/>).</summary>");
        using (writer.Block("public float Predict(in Features features)"))
        {
            writer.Line($"{Code.Span}<float> x = stackalloc float[InputSize];");
            writer.Line("features.CopyTo(x);");
            writer.Line("return Predict(x);");
        }
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
