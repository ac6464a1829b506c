using System.Globalization;
using System.Linq;
using ModelGen.Generators.BuildFiles;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Analyzers;

/// <summary>
/// The one-line model summary the analyzer shows as an info diagnostic (MG0100), from the plan alone: it runs on every
/// analysis pass, so it never emits the model to measure it.
/// </summary>
internal static class ModelSummary
{
    /// <summary>A network's parameters, work per sample and training scratch; a tree model's ensemble and compiled size. Null without a plan.</summary>
    public static string? Describe(PlannedModel model, ResolvedFiles files)
    {
        if (model.Spec.Trees is { } trees)
        {
            string summary = string.Format(CultureInfo.InvariantCulture, "{0} of {1:N0} tree(s) on {2:N0} inputs, trained and predicted by ModelGen.Trees.TreeModel",
                trees.Algorithm, trees.Algorithm == "DecisionTree" ? 1 : trees.Trees, model.Spec.InputSize ?? 0);
            if (files.Trees is { } baked)
            {
                summary += string.Format(CultureInfo.InvariantCulture, "; compiled from '{0}': {1:N0} trees, {2:N0} nodes, about {3:N0} KB of generated code",
                    baked.FileName, baked.Roots.Count, baked.Feature.Count, (Trees.TreeEmitter.EstimatedBytes(baked.Feature.Count) + 1023) / 1024);
            }

            return summary;
        }

        if (model.Spec.Svm is { } svm)
        {
            return string.Format(CultureInfo.InvariantCulture, "{0}({1} kernel, {2}) on {3:N0} inputs, trained by SMO and predicted by {4}",
                svm.OneClass ? "OneClassSvm" : "Svm", svm.Kernel, svm.OneClass ? "nu=" + Invariant.Number(svm.Nu) : "C=" + Invariant.Number(svm.C), model.Spec.InputSize ?? 0, Svm.SvmFamily.BaseClass(svm));
        }

        if (model.Plan is not ShapePlan plan)
        {
            return null;
        }

        long multiplyAdds = plan.Layers.Sum(l => l.Kind.MultiplyAdds(l));
        return string.Format(CultureInfo.InvariantCulture,
            "{0:N0} parameters, {1:N0} multiply-adds per sample, {2:N0} layers; training keeps {3:N0} floats of activations and deltas per sample",
            plan.ParameterCount, multiplyAdds, plan.Layers.Count, plan.ActivationSize + 2L * plan.MaxWidth);
    }
}
