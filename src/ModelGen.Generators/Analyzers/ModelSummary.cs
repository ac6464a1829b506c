using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generators.BuildFiles;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Analyzers;

/// <summary>The one-line model summary the analyzer shows as an info diagnostic (MG0100).</summary>
internal static class ModelSummary
{
    /// <summary>Parameters, multiply-adds per sample and the sizes of the largest generated methods; null without a plan.</summary>
    public static string? Describe(ModelSpec spec, ResolvedFiles? files = null)
    {
        if (spec.Trees is { } trees)
        {
            string summary = string.Format(CultureInfo.InvariantCulture, "{0} of {1:N0} tree(s) on {2:N0} inputs, trained and predicted by ModelGen.Trees.TreeModel",
                trees.Algorithm, trees.Algorithm == "DecisionTree" ? 1 : trees.Trees, spec.InputSize ?? 0);
            if (files?.Trees is { } baked)
            {
                // The size of the code the tree file compiles into, as the emitter writes it.
                int generated = ModelEmitter.Emit(spec, files).Length;
                summary += string.Format(CultureInfo.InvariantCulture, "; compiled from '{0}': {1:N0} trees, {2:N0} nodes, {3:N0} KB of generated code",
                    baked.FileName, baked.Roots.Count, baked.Feature.Count, (generated + 1023) / 1024);
            }

            return summary;
        }

        ShapePlan? plan = ShapePlanner.Plan(spec, problems: null);
        if (plan is null)
        {
            return null;
        }

        long multiplyAdds = plan.Layers.Sum(l => l.Kind.MultiplyAdds(l));
        string source = ModelEmitter.Emit(spec);
        IEnumerable<string> largest = MethodSizes(source)
            .OrderByDescending(m => m.Lines)
            .Take(3)
            .Select(m => $"{m.Name} {Invariant.Number(m.Lines)}");
        int totalLines = source.Count(c => c == '\n');
        return string.Format(CultureInfo.InvariantCulture,
            "{0:N0} parameters, {1:N0} multiply-adds per sample; generated {2:N0} lines, largest methods (lines): {3}",
            plan.ParameterCount, multiplyAdds, totalLines, string.Join(", ", largest));
    }

    /// <summary>Each generated method's name and line count, read off the emitted text (methods with a block body).</summary>
    internal static IEnumerable<(string Name, int Lines)> MethodSizes(string source)
    {
        string[] lines = source.Split('\n');
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            string header = lines[i].TrimStart();
            int indent = lines[i].Length - header.Length;
            bool isMethod = (header.StartsWith("public ") || header.StartsWith("private ")) && header.EndsWith(")") && header.Contains("(");
            if (!isMethod || lines[i + 1] != new string(' ', indent) + "{")
            {
                continue;
            }

            string closing = new string(' ', indent) + "}";
            int end = i + 2;
            while (end < lines.Length && lines[end] != closing)
            {
                end++;
            }

            string name = header.Substring(0, header.IndexOf('(')).Split(' ').Last();
            yield return (name, end - i + 1);
        }
    }
}
