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
    public const string OneClassAttribute = "ModelGen.OneClassSvmAttribute";

    /// <summary>Every attribute that declares a kernel machine.</summary>
    public static readonly string[] Attributes = { Attribute, OneClassAttribute };

    public static SvmSpec Parse(string attributeName, AttributeValues values)
    {
        bool oneClass = attributeName == OneClassAttribute;
        var spec = new SvmSpec(
            values.AttributeIndex,
            oneClass,
            oneClass ? values.Double("Nu", SvmDefaults.Nu) : SvmDefaults.Nu,
            values.Enum("Kernel", SvmKernel.Rbf),
            oneClass ? SvmDefaults.C : values.Double("C", SvmDefaults.C),
            values.Enum("Gamma", SvmGamma.Scale),
            values.Double("GammaValue", 0),
            values.Int("Degree", SvmDefaults.Degree),
            values.Double("Coef0", 0),
            values.Double("Tolerance", SvmDefaults.Tolerance),
            values.Int("MaxIterations", 0),
            values.Double("CacheMegabytes", SvmDefaults.CacheMegabytes),
            values.Bool("Shrinking", true),
            !oneClass && values.Bool("Probability", false));
        void Range(string name, bool valid, double value, string range)
        {
            if (!valid)
            {
                values.ReportArgument(Descriptors.SvmOptionOutOfRange.Id, name, name, Invariant.Number(value), range);
            }
        }

        Range("C", spec.C > 0 && !double.IsInfinity(spec.C), spec.C, "positive and finite");
        Range("Nu", spec.Nu > 0 && spec.Nu <= 1, spec.Nu, "in (0, 1]");
        Range("GammaValue", spec.Gamma != SvmGamma.Value || (spec.GammaValue > 0 && !double.IsInfinity(spec.GammaValue)), spec.GammaValue, "positive and finite when Gamma is SvmGamma.Value");
        Range("Degree", spec.Degree >= 1, spec.Degree, "at least 1");
        Range("Coef0", !double.IsNaN(spec.Coef0) && !double.IsInfinity(spec.Coef0), spec.Coef0, "finite");
        Range("Tolerance", spec.Tolerance > 0 && !double.IsInfinity(spec.Tolerance), spec.Tolerance, "positive and finite");
        Range("MaxIterations", spec.MaxIterations >= 0, spec.MaxIterations, "0 (no limit) or more");
        Range("CacheMegabytes", spec.CacheMegabytes > 0 && !double.IsInfinity(spec.CacheMegabytes), spec.CacheMegabytes, "positive");
        return spec;
    }

    /// <summary>MG0040 for each network attribute (layer, loss, optimizer) on a kernel machine.</summary>
    public static void CheckModel(SvmSpec spec, IEnumerable<(int AttributeIndex, string Name)> networkAttributes, List<SpecProblem> problems)
    {
        foreach ((int index, string name) in networkAttributes)
        {
            problems.Add(new SpecProblem(Descriptors.NetworkAttributeOnTreeModel.Id, new[] { name, spec.OneClass ? "OneClassSvm" : "Svm" }.ToEquatableArray(), index));
        }
    }

    /// <summary>The architecture the runtime gives a model of this spec: what a support-vector file must record to be baked in.</summary>
    public static string Architecture(SvmSpec spec, int inputSize) =>
        SvmDescription.Describe(inputSize, spec.OneClass, spec.Kernel, spec.C, spec.Nu, spec.Gamma, spec.GammaValue, spec.Degree, spec.Coef0);

    /// <summary>The runtime class the generated part derives from.</summary>
    public static string BaseClass(SvmSpec spec) => spec.OneClass ? "ModelGen.Svm.OneClassSvmModel" : "ModelGen.Svm.SvmModel";

    /// <summary>The options as the runtime's <c>SvmOptions</c> initializer.</summary>
    public static IEnumerable<string> OptionAssignments(SvmSpec spec)
    {
        yield return $"Kernel = global::ModelGen.SvmKernel.{spec.Kernel}";
        yield return spec.OneClass ? $"Nu = {Literals.Double(spec.Nu)}" : $"C = {Literals.Double(spec.C)}";
        yield return $"Gamma = global::ModelGen.SvmGamma.{spec.Gamma}";
        yield return $"GammaValue = {Literals.Double(spec.GammaValue)}";
        yield return $"Degree = {Literals.Int(spec.Degree)}";
        yield return $"Coef0 = {Literals.Double(spec.Coef0)}";
        yield return $"Tolerance = {Literals.Double(spec.Tolerance)}";
        yield return $"MaxIterations = {Literals.Int(spec.MaxIterations)}";
        yield return $"CacheMegabytes = {Literals.Double(spec.CacheMegabytes)}";
        if (!spec.Shrinking)
        {
            yield return "Shrinking = false";
        }

        if (spec.Probability)
        {
            yield return "Probability = true";
        }
    }
}
