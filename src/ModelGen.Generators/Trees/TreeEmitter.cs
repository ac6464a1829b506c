using System;
using System.Globalization;
using System.Linq;
using ModelGen.Generators.BuildFiles;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Trees;

/// <summary>
/// The class of a tree model: it derives from the runtime's <c>TreeModel</c> (training, prediction over flat arrays,
/// importances, state), fixing its input size and the options its attribute declared, checked at build time. With a
/// baked tree file it adds <c>CreateTrained()</c>: the ensemble as constant arrays and the trees compiled into code, a
/// method per tree — nested branches for trees of at most <see cref="BranchNodes"/> nodes, a walk over the constant
/// arrays for larger ones, which keeps every method small and the build fast for big forests.
/// </summary>
internal static class TreeEmitter
{
    /// <summary>Trees of at most this many nodes become branches; larger ones walk the constant arrays.</summary>
    public const int BranchNodes = 255;

    /// <summary>Compiled ensembles estimated above this size get MG0047.</summary>
    public const long BudgetKilobytes = 8 * 1024;

    /// <summary>About how many bytes of source a compiled ensemble of <paramref name="nodes"/> nodes takes (measured on the test forests: 60–70 a node).</summary>
    public static long EstimatedBytes(int nodes) => 70L * nodes;

    public static void EmitClass(SourceWriter writer, ModelSpec spec, TreeSpec trees, ResolvedFiles? files = null)
    {
        string name = spec.Identifier;
        string description = $"Input({Literals.Int(spec.InputSize ?? 0)}) -> {trees.Algorithm}";
        using (FamilyClassEmitter.Open(writer, spec, $"{description}: a tree model trained and predicted by <see cref=\"global::ModelGen.Trees.TreeModel\"/>.",
            "global::ModelGen.Trees.TreeModel", "global::ModelGen.Trees.TreeOptions", TreeFamily.OptionAssignments(trees), "InputSize, DeclaredOptions, seed",
            "Creates the untrained model; <paramref name=\"seed\"/> drives its bootstraps and feature draws.", "Creates the untrained model from <paramref name=\"seed\"/>."))
        {
            if (files?.Features is { } features)
            {
                writer.Line();
                ModelFilesEmitter.EmitFeatures(writer, features);
            }

            if (files?.Trees is { } baked)
            {
                writer.Line();
                EmitTrained(writer, name, baked);
            }
        }
    }

    private static void EmitTrained(SourceWriter writer, string name, BakedTrees baked)
    {
        string file = baked.FileName.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        string combination = "global::ModelGen.Trees.TreeCombination." + (baked.Combination switch { 1 => "LogisticSum", 2 => "IsolationScore", _ => "Average" });
        writer.Line($"/// <summary>The model trained into '{file}', baked in at build time: <c>Predict</c> runs its trees compiled into code.</summary>");
        using (writer.Block($"public static {name} CreateTrained()"))
        {
            writer.Line($"{name} model = new();");
            writer.Line("model.InitializeTrained(TrainedRoots, TrainedFeatures, Floats(TrainedSplitBits), TrainedLeft, TrainedRight,");
            writer.Line($"    {Code.MemoryMarshal}.Cast<byte, bool>(TrainedMissingLeft), Floats(TrainedValueBits), {combination},");
            writer.Line($"    {Bits(baked.BaseScoreBits)}, {Bits(baked.NormalizerBits)}, {Bits(baked.ThresholdBits)}, PredictTrained);");
            writer.Line("return model;");
        }

        writer.Line();
        writer.Line($"private static {Code.ReadOnlySpan}<float> Floats({Code.ReadOnlySpan}<uint> bits) => {Code.MemoryMarshal}.Cast<uint, float>(bits);");
        writer.Line();
        writer.Line("/// <summary>The trained ensemble's score of one sample (features already checked), bit for bit the arrays' score.</summary>");
        using (writer.Block($"private static float PredictTrained({Code.ReadOnlySpan}<float> features)"))
        {
            writer.Line($"ref float x = ref {Code.MemoryMarshal}.GetReference(features);");
            writer.Line("double sum = 0;");
            for (int t = 0; t < baked.Roots.Count; t++)
            {
                writer.Line($"sum += Tree{Literals.Int(t)}(ref x);");
            }

            writer.Line($"return global::ModelGen.Trees.TreeEnsemble.Combine({combination}, sum, {Literals.Int(baked.Roots.Count)}, {Bits(baked.BaseScoreBits)}, {Bits(baked.NormalizerBits)});");
        }

        bool walks = false;
        for (int t = 0; t < baked.Roots.Count; t++)
        {
            int start = baked.Roots[t];
            int end = t + 1 < baked.Roots.Count ? baked.Roots[t + 1] : baked.Feature.Count;
            writer.Line();
            if (end - start > BranchNodes)
            {
                walks = true;
                writer.Line($"private static float Tree{Literals.Int(t)}(ref float x) => Walk(ref x, {Literals.Int(start)});");
                continue;
            }

            using (writer.Block($"private static float Tree{Literals.Int(t)}(ref float x)"))
            {
                EmitNode(writer, baked, start);
            }
        }

        if (walks)
        {
            writer.Line();
            writer.Line("/// <summary>The leaf value one sample reaches from <paramref name=\"node\"/>, walking the constant arrays (trees too large for branches).</summary>");
            using (writer.Block("private static float Walk(ref float x, int node)"))
            {
                writer.Line($"{Code.ReadOnlySpan}<int> features = TrainedFeatures;");
                writer.Line($"{Code.ReadOnlySpan}<float> splits = Floats(TrainedSplitBits);");
                using (writer.Block("while (features[node] >= 0)"))
                {
                    writer.Line($"float value = {Code.At("x", "features[node]")};");
                    writer.Line("node = value <= splits[node] ? TrainedLeft[node] : float.IsNaN(value) && TrainedMissingLeft[node] != 0 ? TrainedLeft[node] : TrainedRight[node];");
                }

                writer.Line("return Floats(TrainedValueBits)[node];");
            }
        }

        writer.Line();
        EmitArray(writer, "int", "TrainedRoots", baked.Roots.Select(Literals.Int));
        EmitArray(writer, "int", "TrainedFeatures", baked.Feature.Select(Literals.Int));
        EmitArray(writer, "uint", "TrainedSplitBits", baked.SplitBits.Select(Hex));
        EmitArray(writer, "int", "TrainedLeft", baked.Left.Select(Literals.Int));
        EmitArray(writer, "int", "TrainedRight", baked.Right.Select(Literals.Int));
        EmitArray(writer, "byte", "TrainedMissingLeft", baked.MissingLeft.Select(m => m ? "1" : "0"));
        EmitArray(writer, "uint", "TrainedValueBits", baked.ValueBits.Select(Hex));
    }

    /// <summary>A node as branches: a leaf returns its value; a split tests <c>x ≤ threshold</c> (or NaN, when missing values go left).</summary>
    private static void EmitNode(SourceWriter writer, BakedTrees baked, int node)
    {
        int feature = baked.Feature[node];
        if (feature < 0)
        {
            writer.Line($"return {Literals.Float(FromBits(baked.ValueBits[node]))};");
            return;
        }

        string value = Code.At("x", feature);
        string condition = $"{value} <= {Literals.Float(FromBits(baked.SplitBits[node]))}";
        if (baked.MissingLeft[node])
        {
            condition += $" || float.IsNaN({value})";
        }

        using (writer.Block($"if ({condition})"))
        {
            EmitNode(writer, baked, baked.Left[node]);
        }

        EmitNode(writer, baked, baked.Right[node]);
    }

    private static void EmitArray(SourceWriter writer, string type, string name, System.Collections.Generic.IEnumerable<string> values)
    {
        writer.Line($"private static {Code.ReadOnlySpan}<{type}> {name} => new {type}[]");
        writer.Line("{");
        foreach (string[] line in values.Select((v, i) => (v, i)).GroupBy(p => p.i / 16).Select(g => g.Select(p => p.v).ToArray()))
        {
            writer.Line("    " + string.Join(", ", line) + ",");
        }

        writer.Line("};");
    }

    private static float FromBits(uint bits) => BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);

    private static string Hex(uint bits) => "0x" + bits.ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>A float constant from its bits: exact, and readable as the literal it is.</summary>
    private static string Bits(uint bits) => Literals.Float(FromBits(bits));
}
