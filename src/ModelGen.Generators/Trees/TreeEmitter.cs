using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Trees;

/// <summary>
/// The class of a tree model: it derives from the runtime's <c>TreeModel</c> (training, prediction over flat arrays,
/// importances, state), fixing its input size and the options its attribute declared, checked at build time.
/// </summary>
internal static class TreeEmitter
{
    public static void EmitClass(SourceWriter writer, ModelSpec spec, TreeSpec trees)
    {
        string name = spec.Identifier;
        string description = $"Input({Literals.Int(spec.InputSize ?? 0)}) -> {trees.Algorithm}";
        writer.Line($"/// <summary>{description}: a tree model trained and predicted by <see cref=\"global::ModelGen.Trees.TreeModel\"/>.</summary>");
        using (writer.Block($"partial class {name} : global::ModelGen.Trees.TreeModel, global::ModelGen.IModelFactory<{name}>"))
        {
            writer.Line("/// <summary>Features per sample.</summary>");
            writer.Line($"public new const int InputSize = {Literals.Int(spec.InputSize ?? 0)};");
            writer.Line();
            writer.Line("/// <summary>The options the attribute declares, every default filled in.</summary>");
            writer.Line("public static global::ModelGen.Trees.TreeOptions DeclaredOptions { get; } = new()");
            writer.Line("{");
            foreach (string assignment in TreeFamily.OptionAssignments(trees))
            {
                writer.Line("    " + assignment + ",");
            }

            writer.Line("};");
            writer.Line();
            writer.Line("/// <summary>Creates the untrained model; <paramref name=\"seed\"/> drives its bootstraps and feature draws.</summary>");
            writer.Line($"public {name}(int seed = 0)");
            writer.Line("    : base(InputSize, DeclaredOptions, seed)");
            writer.Line("{");
            writer.Line("}");
            writer.Line();
            writer.Line("/// <summary>Creates the untrained model from <paramref name=\"seed\"/>.</summary>");
            writer.Line($"public static {name} Create(int seed) => new {name}(seed);");
        }
    }
}
