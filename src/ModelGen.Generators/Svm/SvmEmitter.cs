using System.Linq;
using ModelGen.Generators.BuildFiles;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Svm;

/// <summary>
/// The class of a kernel machine: it derives from the runtime's <c>SvmModel</c> (SMO training, prediction, state),
/// fixing its input size and the options its attribute declared, checked at build time. With a baked support-vector
/// file it adds <c>CreateTrained()</c>: γ, ρ, the coefficients and the support vectors as constants, bit for bit the file.
/// </summary>
internal static class SvmEmitter
{
    public static void EmitClass(SourceWriter writer, ModelSpec spec, SvmSpec svm, ResolvedFiles files)
    {
        string name = spec.Identifier;
        string baseClass = "global::" + SvmFamily.BaseClass(svm);
        using (FamilyClassEmitter.Open(writer, spec, $"Input({Literals.Int(spec.InputSize ?? 0)}) -> {(svm.OneClass ? "OneClassSvm" : "Svm")}({svm.Kernel}): trained and predicted by <see cref=\"{baseClass}\"/>.",
            baseClass, "global::ModelGen.Svm.SvmOptions", SvmFamily.OptionAssignments(svm), "InputSize, DeclaredOptions",
            "Creates the untrained model (SMO is deterministic: the seed is there for the common constructor shape).", "Creates the untrained model."))
        {
            writer.Line();
            SvmKernelEmitter.EmitDecide(writer, svm, spec.InputSize ?? 0);
            if (files.Features is { } features)
            {
                writer.Line();
                ModelFilesEmitter.EmitFeatures(writer, features);
            }

            if (files.Svm is { } baked)
            {
                writer.Line();
                EmitTrained(writer, name, baked);
            }
        }
    }

    private static void EmitTrained(SourceWriter writer, string name, BakedSvm baked)
    {
        string file = baked.FileName.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        writer.Line($"/// <summary>The machine trained into '{file}', baked in at build time: no file is read at run time.</summary>");
        using (writer.Block($"public static {name} CreateTrained()"))
        {
            writer.Line($"{name} model = new();");
            writer.Line($"model.InitializeTrained(BitConverter.UInt64BitsToDouble({Hex(baked.GammaBits)}), BitConverter.UInt64BitsToDouble({Hex(baked.RhoBits)}),");
            string probability = baked.ProbabilityBits.Count == 2
                ? $", global::ModelGen.Calibration.PlattScaling.FromParameters(BitConverter.UInt64BitsToDouble({Hex(baked.ProbabilityBits[0])}), BitConverter.UInt64BitsToDouble({Hex(baked.ProbabilityBits[1])}))"
                : "";
            writer.Line($"    Array.ConvertAll(TrainedCoefficientBits, BitConverter.UInt64BitsToDouble), Array.ConvertAll(TrainedVectorBits, BitConverter.UInt32BitsToSingle){probability});");
            writer.Line("return model;");
        }

        writer.Line();
        writer.Line("/// <summary>Each support vector's coefficient <c>yᵢαᵢ</c>, as IEEE-754 bits.</summary>");
        writer.Line($"private static readonly ulong[] TrainedCoefficientBits = {{ {string.Join(", ", baked.CoefficientBits.Select(Hex))} }};");
        writer.Line();
        writer.Line($"/// <summary>The support vectors, {Literals.Int(baked.CoefficientBits.Count)} rows of <see cref=\"InputSize\"/> features, as IEEE-754 bits.</summary>");
        writer.Line("private static readonly uint[] TrainedVectorBits =");
        writer.Line("{");
        int width = baked.CoefficientBits.Count == 0 ? 1 : baked.VectorBits.Count / baked.CoefficientBits.Count;
        for (int s = 0; s < baked.CoefficientBits.Count; s++)
        {
            writer.Line("    " + string.Join(", ", Enumerable.Range(s * width, width).Select(i => Hex(baked.VectorBits[i]))) + ",");
        }

        writer.Line("};");
    }

    private static string Hex(ulong bits) => "0x" + bits.ToString("X16", System.Globalization.CultureInfo.InvariantCulture) + "UL";

    private static string Hex(uint bits) => "0x" + bits.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + "U";
}
