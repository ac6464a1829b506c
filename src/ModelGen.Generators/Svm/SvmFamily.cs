using System.Collections.Generic;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Svm;

/// <summary>
/// The kernel-machine family in the generator: <c>[Svm]</c> read into an <see cref="SvmSpec"/> and its values checked
/// at build time (MG0048). The runtime trains and predicts (<c>ModelGen.Svm.SvmModel</c>); <see cref="SvmEmitter"/>
/// writes the class.
/// </summary>
internal static class SvmFamily
{
    public const string Attribute = "ModelGen.SvmAttribute";

    /// <summary>Every attribute that declares a kernel machine.</summary>
    public static readonly string[] Attributes = { Attribute };

    public static SvmSpec Parse(AttributeValues values)
    {
        var spec = new SvmSpec(
            values.AttributeIndex,
            values.Enum("Kernel", SvmKernel.Rbf),
            values.Double("C", SvmDefaults.C),
            values.Enum("Gamma", SvmGamma.Scale),
            values.Double("GammaValue", 0),
            values.Int("Degree", SvmDefaults.Degree),
            values.Double("Coef0", 0),
            values.Double("Tolerance", SvmDefaults.Tolerance),
            values.Int("MaxIterations", 0),
            values.Double("CacheMegabytes", SvmDefaults.CacheMegabytes));
        void Range(string name, bool valid, double value, string range)
        {
            if (!valid)
            {
                values.ReportArgument(Descriptors.SvmOptionOutOfRange.Id, name, name, Invariant.Number(value), range);
            }
        }

        Range("C", spec.C > 0 && !double.IsInfinity(spec.C), spec.C, "positive and finite");
        Range("GammaValue", spec.Gamma != SvmGamma.Value || (spec.GammaValue > 0 && !double.IsInfinity(spec.GammaValue)), spec.GammaValue, "positive and finite when Gamma is SvmGamma.Value");
        Range("Degree", spec.Degree >= 1, spec.Degree, "at least 1");
        Range("Coef0", !double.IsNaN(spec.Coef0) && !double.IsInfinity(spec.Coef0), spec.Coef0, "finite");
        Range("Tolerance", spec.Tolerance > 0 && !double.IsInfinity(spec.Tolerance), spec.Tolerance, "positive and finite");
        Range("MaxIterations", spec.MaxIterations >= 0, spec.MaxIterations, "0 (no limit) or more");
        Range("CacheMegabytes", spec.CacheMegabytes > 0 && !double.IsInfinity(spec.CacheMegabytes), spec.CacheMegabytes, "positive");
        return spec;
    }

    /// <summary>MG0040 for each network attribute (layer, loss, optimizer) on a kernel machine.</summary>
    public static void CheckModel(IEnumerable<(int AttributeIndex, string Name)> networkAttributes, List<SpecProblem> problems)
    {
        foreach ((int index, string name) in networkAttributes)
        {
            problems.Add(new SpecProblem(Descriptors.NetworkAttributeOnTreeModel.Id, new[] { name, "Svm" }.ToEquatableArray(), index));
        }
    }

    /// <summary>The options as the runtime's <c>SvmOptions</c> initializer.</summary>
    public static IEnumerable<string> OptionAssignments(SvmSpec spec)
    {
        yield return $"Kernel = global::ModelGen.SvmKernel.{spec.Kernel}";
        yield return $"C = {Literals.Double(spec.C)}";
        yield return $"Gamma = global::ModelGen.SvmGamma.{spec.Gamma}";
        yield return $"GammaValue = {Literals.Double(spec.GammaValue)}";
        yield return $"Degree = {Literals.Int(spec.Degree)}";
        yield return $"Coef0 = {Literals.Double(spec.Coef0)}";
        yield return $"Tolerance = {Literals.Double(spec.Tolerance)}";
        yield return $"MaxIterations = {Literals.Int(spec.MaxIterations)}";
        yield return $"CacheMegabytes = {Literals.Double(spec.CacheMegabytes)}";
    }
}
