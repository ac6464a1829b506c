using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Svm;

/// <summary>
/// The class of a kernel machine: it derives from the runtime's <c>SvmModel</c> (SMO training, prediction, state),
/// fixing its input size and the options its attribute declared, checked at build time.
/// </summary>
internal static class SvmEmitter
{
    public static void EmitClass(SourceWriter writer, ModelSpec spec, SvmSpec svm)
    {
        string name = spec.Identifier;
        string baseClass = "global::" + SvmFamily.BaseClass(svm);
        writer.Line($"/// <summary>Input({Literals.Int(spec.InputSize ?? 0)}) -> {(svm.OneClass ? "OneClassSvm" : "Svm")}({svm.Kernel}): trained and predicted by <see cref=\"{baseClass}\"/>.</summary>");
        using (writer.Block($"partial class {name} : {baseClass}, global::ModelGen.IModelFactory<{name}>"))
        {
            writer.Line("/// <summary>Features per sample.</summary>");
            writer.Line($"public new const int InputSize = {Literals.Int(spec.InputSize ?? 0)};");
            writer.Line();
            writer.Line("/// <summary>The options the attribute declares, every default filled in.</summary>");
            writer.Line("public static global::ModelGen.Svm.SvmOptions DeclaredOptions { get; } = new()");
            writer.Line("{");
            foreach (string assignment in SvmFamily.OptionAssignments(svm))
            {
                writer.Line("    " + assignment + ",");
            }

            writer.Line("};");
            writer.Line();
            writer.Line("/// <summary>Creates the untrained model (SMO is deterministic: the seed is there for the common constructor shape).</summary>");
            writer.Line($"public {name}(int seed = 0)");
            writer.Line("    : base(InputSize, DeclaredOptions)");
            writer.Line("{");
            writer.Line("}");
            writer.Line();
            writer.Line("/// <summary>Creates the untrained model.</summary>");
            writer.Line($"public static {name} Create(int seed) => new {name}(seed);");
        }
    }
}
