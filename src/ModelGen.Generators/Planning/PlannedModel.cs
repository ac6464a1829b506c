using System;
using System.Collections.Generic;
using ModelGen.Generators.Spec;
using ModelGen.Generators.Validation;

namespace ModelGen.Generators.Planning;

/// <summary>
/// A parsed model after planning and checking, the one value the emitters, the file resolver and the analyzer share:
/// its spec, its shape plan (null for tree models and for models with errors) and every problem parsing, planning and
/// the model rules found. Planning runs once per spec: equality is the spec's, since the plan and the problems are
/// functions of it, so the incremental pipeline caches this value as it caches the spec.
/// </summary>
internal sealed class PlannedModel : IEquatable<PlannedModel>
{
    private PlannedModel(ModelSpec spec, ShapePlan? plan, EquatableArray<SpecProblem> problems, bool hasErrors)
    {
        Spec = spec;
        Plan = plan;
        Problems = problems;
        HasErrors = hasErrors;
    }

    public ModelSpec Spec { get; }

    /// <summary>The network's layer plan; null for a tree model or kernel machine, and for a network that cannot be planned or has errors.</summary>
    public ShapePlan? Plan { get; }

    /// <summary>The spec's parsing problems, then planning's, then the model rules'.</summary>
    public EquatableArray<SpecProblem> Problems { get; }

    /// <summary>Whether any problem is an error (warnings and infos still generate a working model).</summary>
    public bool HasErrors { get; }

    /// <summary>Plans <paramref name="spec"/> (networks: shapes, parameters, scratch) and checks the rules that tie its parts together.</summary>
    public static PlannedModel From(ModelSpec spec)
    {
        var problems = new List<SpecProblem>(spec.Problems);
        ShapePlan? plan = null;
        if (spec.Trees is null && spec.Svm is null)
        {
            plan = ShapePlanner.Plan(spec, problems);
            ModelRules.Check(spec, problems);
        }

        bool hasErrors = problems.Exists(p => p.IsError);
        return new PlannedModel(spec, hasErrors ? null : plan, problems.ToEquatableArray(), hasErrors);
    }

    public bool Equals(PlannedModel? other) => other is not null && Spec.Equals(other.Spec);

    public override bool Equals(object? obj) => Equals(obj as PlannedModel);

    public override int GetHashCode() => Spec.GetHashCode();
}
