using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.BuildFiles;

/// <summary>Trained parameters to bake in, as IEEE-754 bit patterns so that they round-trip exactly.</summary>
internal sealed record BakedWeights(string FileName, EquatableArray<uint> Bits);

/// <summary>The typed feature record to emit.</summary>
internal sealed record FeatureRecord(string FileName, EquatableArray<FeatureColumn> Columns);

/// <summary>A trained tree ensemble to compile in: its node arrays (absolute child indices) and scoring constants, floats as bits.</summary>
internal sealed record BakedTrees(
    string FileName,
    int Combination,
    uint BaseScoreBits,
    uint NormalizerBits,
    uint ThresholdBits,
    EquatableArray<int> Roots,
    EquatableArray<int> Feature,
    EquatableArray<uint> SplitBits,
    EquatableArray<int> Left,
    EquatableArray<int> Right,
    EquatableArray<bool> MissingLeft,
    EquatableArray<uint> ValueBits);

/// <summary>A support-vector file as the generator bakes it: γ and ρ, then each vector's coefficient and features, as IEEE-754 bits.</summary>
internal sealed record BakedSvm(string FileName, ulong GammaBits, ulong RhoBits, EquatableArray<ulong> CoefficientBits, EquatableArray<uint> VectorBits, EquatableArray<ulong> ProbabilityBits);

/// <summary>What a model's <c>[Model]</c> files contribute to its generated code, and what is wrong with them.</summary>
internal sealed record ResolvedFiles(BakedWeights? Weights, FeatureRecord? Features, EquatableArray<SpecProblem> Problems, BakedTrees? Trees = null, BakedSvm? Svm = null)
{
    public static ResolvedFiles None { get; } = new(null, null, EquatableArray<SpecProblem>.Empty);
}

/// <summary>
/// Finds, reads and checks the files <c>[Model]</c> names. The generator and the analyzer both call it: the generator
/// bakes what is usable, the analyzer reports the rest. A model with errors of its own is not checked against its
/// files, which would only pile guesses on the real error.
/// </summary>
internal static class BuildFileResolver
{
    public static ResolvedFiles Resolve(PlannedModel model, IReadOnlyList<BuildFile> files)
    {
        ModelSpec spec = model.Spec;
        if (spec.Trees is { } treeSpec && spec.Files is ModelFilesSpec treeFiles && !model.HasErrors && spec.InputSize is int width)
        {
            var treeProblems = new List<SpecProblem>();
            if (treeFiles.Weights is not null)
            {
                treeProblems.Add(Problem(Descriptors.BuildFileWrongKind, treeFiles, "Weights", "Weights", treeFiles.Weights, BuildFile.TreesExtension,
                    "a tree model's trained trees, given as Trees = \"....mgtt\" (Weights is for networks)"));
            }

            BakedTrees? trees = treeFiles.Trees is string treesPath ? ReadTrees(treeFiles, treesPath, Trees.TreeFamily.Architecture(treeSpec, width), width, files, treeProblems) : null;
            FeatureRecord? header = treeFiles.FeatureHeader is string path ? ReadHeader(treeFiles, path, width, files, treeProblems) : null;
            return new ResolvedFiles(null, header, treeProblems.ToEquatableArray(), trees);
        }

        if (spec.Svm is { } svmSpec && spec.Files is ModelFilesSpec svmFiles && !model.HasErrors && spec.InputSize is int inputs)
        {
            var svmProblems = new List<SpecProblem>();
            BakedSvm? svm = svmFiles.SupportVectors is string svmPath ? ReadSvm(svmFiles, svmPath, Svm.SvmFamily.Architecture(svmSpec, inputs), inputs, files, svmProblems) : null;
            FeatureRecord? header = svmFiles.FeatureHeader is string path ? ReadHeader(svmFiles, path, inputs, files, svmProblems) : null;
            return new ResolvedFiles(null, header, svmProblems.ToEquatableArray(), Svm: svm);
        }

        if (spec.Files is not ModelFilesSpec declared || model.Plan is not ShapePlan plan || spec.Loss is not LossKind loss)
        {
            return ResolvedFiles.None;
        }

        var problems = new List<SpecProblem>();
        BakedWeights? weights = declared.Weights is string weightsPath
            ? ReadWeights(declared, weightsPath, plan.Architecture(loss), (int)plan.ParameterCount, files, problems)
            : null;
        FeatureRecord? features = declared.FeatureHeader is string headerPath
            ? ReadHeader(declared, headerPath, plan.InputSize, files, problems)
            : null;
        return new ResolvedFiles(weights, features, problems.ToEquatableArray());
    }

    private static BakedWeights? ReadWeights(ModelFilesSpec declared, string path, string architecture, int parameterCount, IReadOnlyList<BuildFile> files, List<SpecProblem> problems)
    {
        if (Find(declared, "Weights", path, BuildFile.WeightsExtension, "a text weights file written by TextWeightsFile.Save (the compiler cannot read binary files such as .mgw)", files, problems) is not string text)
        {
            return null;
        }

        string name = FileName(path);
        TextWeights? weights = TextWeightsFormat.Read(text, out string error);
        if (weights is null)
        {
            problems.Add(Problem(Descriptors.BuildFileInvalid, declared, "Weights", name, error));
            return null;
        }

        if (weights.Architecture != architecture || weights.Parameters.Length != parameterCount)
        {
            problems.Add(Problem(Descriptors.WeightsMismatch, declared, "Weights", name, Invariant.Number(weights.Parameters.Length), weights.Architecture, architecture, Invariant.Number(parameterCount)));
            return null;
        }

        int nonFinite = Array.FindIndex(weights.Parameters, p => float.IsNaN(p) || float.IsInfinity(p));
        if (nonFinite >= 0)
        {
            problems.Add(Problem(Descriptors.BuildFileInvalid, declared, "Weights", name,
                $"parameter {Invariant.Number(nonFinite)} is {Invariant.Number(weights.Parameters[nonFinite])}; the model diverged before it was saved"));
            return null;
        }

        var bits = new uint[weights.Parameters.Length];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = unchecked((uint)BitConverter.ToInt32(BitConverter.GetBytes(weights.Parameters[i]), 0));
        }

        return new BakedWeights(name, bits.ToEquatableArray());
    }

    private static BakedSvm? ReadSvm(ModelFilesSpec declared, string path, string architecture, int inputSize, IReadOnlyList<BuildFile> files, List<SpecProblem> problems)
    {
        if (Find(declared, "SupportVectors", path, BuildFile.SupportVectorsExtension, "a text support-vector file written by SvmModelFile.Save", files, problems) is not string text)
        {
            return null;
        }

        string name = FileName(path);
        SvmFile? file = SvmFileFormat.Read(text, inputSize, out string error);
        if (file is null)
        {
            problems.Add(Problem(Descriptors.BuildFileInvalid, declared, "SupportVectors", name, error));
            return null;
        }

        if (file.Architecture != architecture)
        {
            problems.Add(Problem(Descriptors.TreesMismatch, declared, "SupportVectors", name, file.Architecture, architecture));
            return null;
        }

        ulong Bits(double value) => unchecked((ulong)BitConverter.DoubleToInt64Bits(value));
        return new BakedSvm(name, Bits(file.Gamma), Bits(file.Rho), file.Coefficients.Select(Bits).ToArray().ToEquatableArray(),
            file.Vectors.Select(v => unchecked((uint)BitConverter.ToInt32(BitConverter.GetBytes(v), 0))).ToArray().ToEquatableArray(),
            (file.Probability is (double a, double b) ? new[] { Bits(a), Bits(b) } : new ulong[0]).ToEquatableArray());
    }

    private static BakedTrees? ReadTrees(ModelFilesSpec declared, string path, string architecture, int inputSize, IReadOnlyList<BuildFile> files, List<SpecProblem> problems)
    {
        if (Find(declared, "Trees", path, BuildFile.TreesExtension, "a text tree file written by TreeModelFile.Save", files, problems) is not string text)
        {
            return null;
        }

        string name = FileName(path);
        TreeFile? file = TreeFileFormat.Read(text, inputSize, out string error);
        if (file is null)
        {
            problems.Add(Problem(Descriptors.BuildFileInvalid, declared, "Trees", name, error));
            return null;
        }

        if (file.Architecture != architecture)
        {
            problems.Add(Problem(Descriptors.TreesMismatch, declared, "Trees", name, file.Architecture, architecture));
            return null;
        }

        long kilobytes = Trees.TreeEmitter.EstimatedBytes(file.Feature.Length) / 1024;
        if (kilobytes > Trees.TreeEmitter.BudgetKilobytes)
        {
            problems.Add(Problem(Descriptors.LargeCompiledTrees, declared, "Trees", name, Invariant.Grouped(file.Feature.Length),
                Invariant.Grouped(kilobytes), Invariant.Grouped(Trees.TreeEmitter.BudgetKilobytes)));
        }

        uint Bits(float value) => unchecked((uint)BitConverter.ToInt32(BitConverter.GetBytes(value), 0));
        return new BakedTrees(name, file.Combination, Bits(file.BaseScore), Bits(file.Normalizer), Bits(file.DecisionThreshold),
            file.Roots.ToEquatableArray(), file.Feature.ToEquatableArray(), file.Threshold.Select(Bits).ToArray().ToEquatableArray(),
            file.Left.ToEquatableArray(), file.Right.ToEquatableArray(), file.MissingLeft.ToEquatableArray(), file.Value.Select(Bits).ToArray().ToEquatableArray());
    }

    private static FeatureRecord? ReadHeader(ModelFilesSpec declared, string path, int inputSize, IReadOnlyList<BuildFile> files, List<SpecProblem> problems)
    {
        if (Find(declared, "FeatureHeader", path, BuildFile.HeaderExtension, "a CSV file whose first line names the columns", files, problems) is not string header)
        {
            return null;
        }

        string name = FileName(path);
        if (header.Length > 0 && header[0] == '\uFEFF')
        {
            header = header.Substring(1);
        }

        if (header.Trim().Length == 0)
        {
            problems.Add(Problem(Descriptors.BuildFileInvalid, declared, "FeatureHeader", name, "its first line is empty; it must name the columns"));
            return null;
        }

        string delimiter = declared.Delimiter ?? ",";
        if (!CsvRecordReader.IsValidDelimiter(delimiter))
        {
            problems.Add(Problem(Descriptors.BuildFileInvalid, declared, "Delimiter", name, $"Delimiter '{delimiter}' is not one character other than a quote or a line break"));
            return null;
        }

        if (FeatureHeader.Split(header, delimiter[0], out string error) is not List<string> columns)
        {
            problems.Add(Problem(Descriptors.BuildFileInvalid, declared, "FeatureHeader", name, error));
            return null;
        }

        string labelNote = "";
        if (declared.LabelColumn is string label)
        {
            int at = columns.IndexOf(label);
            if (at < 0)
            {
                problems.Add(Problem(Descriptors.BuildFileInvalid, declared, "LabelColumn", name, $"its header has no column '{label}' to leave out as the label (LabelColumn); it has: {string.Join(", ", columns)}"));
                return null;
            }

            columns.RemoveAt(at);
            labelNote = $" besides the label column '{label}'";
        }

        if (columns.Count != inputSize)
        {
            problems.Add(Problem(Descriptors.FeatureCountMismatch, declared, "FeatureHeader", name, Invariant.Number(columns.Count), labelNote, Invariant.Number(inputSize)));
            return null;
        }

        return new FeatureRecord(name, FeatureHeader.Name(columns));
    }

    /// <summary>The content of the one file named <paramref name="path"/>, or null after reporting why there is none.</summary>
    private static string? Find(ModelFilesSpec declared, string property, string path, string extension, string kind, IReadOnlyList<BuildFile> files, List<SpecProblem> problems)
    {
        if (!path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(Problem(Descriptors.BuildFileWrongKind, declared, property, property, path, extension, kind));
            return null;
        }

        BuildFile? file = files.FirstOrDefault(f => f.Matches(path));
        if (file is null)
        {
            problems.Add(Problem(Descriptors.BuildFileNotFound, declared, property, property, path));
            return null;
        }

        if (file.Content is null)
        {
            problems.Add(Problem(Descriptors.BuildFileInvalid, declared, property, FileName(path), "the compiler could not read it as text"));
            return null;
        }

        return file.Content;
    }

    private static SpecProblem Problem(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, ModelFilesSpec declared, string property, params string[] arguments) =>
        new(descriptor.Id, arguments.ToEquatableArray(), declared.AttributeIndex, property);

    private static string FileName(string path) => path.Replace('\\', '/').Split('/').Last();

}
