using System.Collections.Generic;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Emission;

/// <summary>
/// The class shell of a model whose runtime base class does the work (tree models, kernel machines): the input size,
/// the options its attribute declared as <c>DeclaredOptions</c>, the seed constructor and the factory. The family's
/// emitter adds its own members (the feature record, the baked model) before the returned scope closes the class.
/// </summary>
internal static class FamilyClassEmitter
{
    public static SourceWriter.Scope Open(SourceWriter writer, ModelSpec spec, string summary, string baseClass, string optionsType,
        IEnumerable<string> optionAssignments, string baseArguments, string constructorSummary, string createSummary)
    {
        string name = spec.Identifier;
        writer.Line($"/// <summary>{summary}</summary>");
        SourceWriter.Scope scope = writer.Block($"partial class {name} : {baseClass}, global::ModelGen.IModelFactory<{name}>");
        writer.Line("/// <summary>Features per sample.</summary>");
        writer.Line($"public new const int InputSize = {Literals.Int(spec.InputSize ?? 0)};");
        writer.Line();
        writer.Line("/// <summary>The options the attribute declares, every default filled in.</summary>");
        writer.Line($"public static {optionsType} DeclaredOptions {{ get; }} = new()");
        writer.Line("{");
        foreach (string assignment in optionAssignments)
        {
            writer.Line("    " + assignment + ",");
        }

        writer.Line("};");
        writer.Line();
        writer.Line($"/// <summary>{constructorSummary}</summary>");
        writer.Line($"public {name}(int seed = 0)");
        writer.Line($"    : base({baseArguments})");
        writer.Line("{");
        writer.Line("}");
        writer.Line();
        writer.Line($"/// <summary>{createSummary}</summary>");
        writer.Line($"public static {name} Create(int seed) => new {name}(seed);");
        return scope;
    }
}
