using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;
using ModelGen.Generators.Svm;
using ModelGen.Generators.Trees;
using ModelGen.Generators.Validation;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// The one place that reads ModelGen attributes off a class. The generator and the analyzer both call it, so they
/// cannot disagree about what a model is or what is wrong with it.
/// </summary>
internal static class ModelSpecParser
{
    public const string InputAttribute = "ModelGen.InputAttribute";
    public const string LossAttribute = "ModelGen.LossAttribute";
    public const string OptimizerAttribute = "ModelGen.OptimizerAttribute";
    public const string ModelAttribute = "ModelGen.ModelAttribute";

    /// <summary>Every attribute that marks a class as a model, the model-level ones first.</summary>
    public static ImmutableArray<string> ModelAttributes { get; } =
        new[] { InputAttribute, LossAttribute, OptimizerAttribute, ModelAttribute }
            .Concat(TreeFamily.Attributes)
            .Concat(SvmFamily.Attributes)
            .Concat(LayerCatalog.All.Select(k => k.AttributeMetadataName))
            .ToImmutableArray();

    /// <summary>The metadata name of an attribute class (<c>ModelGen.DenseAttribute</c>), or null.</summary>
    public static string? MetadataName(INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null || attributeClass.ContainingNamespace is not { } ns)
        {
            return null;
        }

        return ns.IsGlobalNamespace ? attributeClass.MetadataName : ns.ToDisplayString() + "." + attributeClass.MetadataName;
    }

    /// <summary>Whether <paramref name="attribute"/> is one of ModelGen's model attributes.</summary>
    public static bool IsModelAttribute(AttributeData attribute) =>
        MetadataName(attribute.AttributeClass) is string name && ModelAttributes.Contains(name);

    /// <summary>
    /// A class can carry several ModelGen attributes over several declarations; exactly one of them owns the model,
    /// so it is emitted once: the first in the order <see cref="ISymbol.GetAttributes"/> gives.
    /// </summary>
    public static bool OwnsModel(INamedTypeSymbol type, string attributeName, SyntaxNode declaration)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (IsModelAttribute(attribute))
            {
                return MetadataName(attribute.AttributeClass) == attributeName
                    && attribute.ApplicationSyntaxReference is { } reference
                    && reference.SyntaxTree == declaration.SyntaxTree
                    && declaration.Span.Contains(reference.Span);
            }
        }

        return false;
    }

    public static ModelSpec Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var problems = new List<SpecProblem>();
        ImmutableArray<AttributeData> attributes = type.GetAttributes();
        int? inputSize = null;
        InputImageSpec? inputImage = null;
        var layers = new List<LayerSpec>();
        LossKind? loss = null;
        int lossIndex = -1;
        OptimizerSpec optimizer = OptimizerSpec.Default;
        ModelFilesSpec? files = null;
        var layerDeclarations = new HashSet<SyntaxReference?>();
        TreeSpec? trees = null;
        SvmSpec? svm = null;
        string? family = null;
        var networkAttributes = new List<(int, string)>();
        var unreadable = new HashSet<string>();

        for (int index = 0; index < attributes.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AttributeData attribute = attributes[index];
            string? name = MetadataName(attribute.AttributeClass);
            if (name is null || !ModelAttributes.Contains(name))
            {
                continue;
            }

            string displayName = attribute.AttributeClass!.Name.Substring(0, attribute.AttributeClass.Name.Length - "Attribute".Length);
            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
            {
                // The compiler already reports the broken argument; count the attribute as present so that
                // "no input / no layers / no loss" do not pile onto that one error.
                problems.Add(new SpecProblem(Descriptors.UnreadableAttribute.Id, new[] { displayName }.ToEquatableArray(), index));
                unreadable.Add(name);
                continue;
            }

            var values = new AttributeValues(attribute, index, displayName, problems);
            switch (name)
            {
                case InputAttribute:
                    if (inputSize is not null)
                    {
                        values.Report(Descriptors.DuplicateAttribute.Id, displayName);
                        break;
                    }

                    if (attribute.ConstructorArguments.Length == 3)
                    {
                        inputImage = ParseImage(values);
                        long size = inputImage is null ? 0 : (long)inputImage.Height * inputImage.Width * inputImage.Channels;
                        inputSize = size is > 0 and <= int.MaxValue ? (int)size : 0;
                        if (size > int.MaxValue)
                        {
                            values.Report(Descriptors.ParameterCountOverflow.Id, Invariant.Grouped(size));
                        }

                        break;
                    }

                    inputSize = values.Int("size", 0);
                    if (inputSize <= 0)
                    {
                        values.ReportArgument(Descriptors.NonPositiveSize.Id, "size", "Input size", Invariant.Number(inputSize.Value));
                    }

                    break;
                case LossAttribute:
                    if (loss is not null)
                    {
                        values.Report(Descriptors.DuplicateAttribute.Id, displayName);
                        break;
                    }

                    loss = values.Enum("kind", LossKind.BinaryCrossEntropy);
                    lossIndex = index;
                    break;
                case OptimizerAttribute:
                    if (optimizer.AttributeIndex >= 0)
                    {
                        values.Report(Descriptors.DuplicateAttribute.Id, displayName);
                        break;
                    }

                    optimizer = ParseOptimizer(values);
                    break;
                case ModelAttribute:
                    files = new ModelFilesSpec(index, values.String("Weights"), values.String("FeatureHeader"), values.String("LabelColumn"), values.String("Delimiter"), values.String("Trees"), values.String("SupportVectors"));
                    break;
                case string when TreeFamily.Attributes.Contains(name) || SvmFamily.Attributes.Contains(name):
                    // A class is one model: the first family attribute declares it, a second is MG0041.
                    if (family is not null)
                    {
                        values.Report(Descriptors.TwoModelFamilies.Id, type.Name, family, displayName);
                        break;
                    }

                    family = displayName;
                    if (SvmFamily.Attributes.Contains(name))
                    {
                        svm = SvmFamily.Parse(name, values);
                    }
                    else
                    {
                        trees = TreeFamily.Parse(name, values);
                    }

                    break;
                default:
                    LayerKind kind = LayerCatalog.ForAttribute(name)!;
                    layers.Add(kind.Parse(values));
                    layerDeclarations.Add(DeclarationOf(type, attribute));
                    break;
            }

            if (name is LossAttribute or OptimizerAttribute || LayerCatalog.ForAttribute(name) is not null)
            {
                networkAttributes.Add((index, displayName));
            }
        }

        string className = type.Name;
        if (inputSize is null && !unreadable.Contains(InputAttribute))
        {
            problems.Add(ClassProblem(Descriptors.MissingInput, className));
        }

        // Tree models and kernel machines have no layers or loss: their families' attributes, even unreadable, say so.
        bool isTreeModel = trees is not null || svm is not null || unreadable.Any(n => TreeFamily.Attributes.Contains(n) || SvmFamily.Attributes.Contains(n));
        bool foreignBase = false;
        string? familyBase = trees is not null ? "ModelGen.Trees.TreeModel" : svm is not null ? SvmFamily.BaseClass(svm) : null;
        if (trees is not null)
        {
            TreeFamily.CheckModel(trees, inputSize, networkAttributes, problems);
        }
        else if (svm is not null)
        {
            SvmFamily.CheckModel(svm, networkAttributes, problems);
        }

        // The analyzer sees the compilation with the generated part, whose base is the family's: only another base is the user's.
        if (familyBase is not null && type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && MetadataName(baseType) != familyBase)
        {
            problems.Add(ClassProblem(Descriptors.TreeModelWithBaseClass, className, baseType.Name, familyBase));
            foreignBase = true;
        }

        if (!isTreeModel && layers.Count == 0 && !unreadable.Any(name => LayerCatalog.ForAttribute(name) is not null))
        {
            problems.Add(ClassProblem(Descriptors.MissingLayers, className));
        }

        if (!isTreeModel && loss is null && !unreadable.Contains(LossAttribute))
        {
            problems.Add(ClassProblem(Descriptors.MissingLoss, className));
        }

        if (layerDeclarations.Count > 1)
        {
            problems.Add(ClassProblem(Descriptors.LayersSplit, className));
        }

        DeclarationShape shape = foreignBase ? DeclarationShape.NotExtensible : CheckDeclaration(type, problems);
        var containers = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            containers.Insert(0, new ContainingTypeSpec(Keyword(container), Code.Identifier(container.Name)));
        }

        if (shape == DeclarationShape.Extensible && !CheckMemberNames(type, problems))
        {
            // Even the throwing members of an invalid model would collide: emit nothing, MG0037 says why.
            shape = DeclarationShape.NotExtensible;
        }

        return new ModelSpec(Namespace(type), className, HintName(type), containers.ToEquatableArray(), shape, inputSize, inputImage, layers.ToEquatableArray(),
            loss, optimizer, files, problems.ToEquatableArray(), trees, lossIndex, svm);
    }

    /// <summary>The namespace as source text, each part escaped (<c>N.@class</c>); null for the global namespace.</summary>
    private static string? Namespace(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, Code.Identifier(ns.Name));
        }

        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    /// <summary>
    /// A hint name unique per type and valid for <c>AddSource</c>: the metadata names of namespace, containers and class,
    /// nested types joined by '-' (which no identifier holds), and any other character outside the hint-name alphabet
    /// written as <c>_xHHHH</c>.
    /// </summary>
    private static string HintName(INamedTypeSymbol type)
    {
        var name = new System.Text.StringBuilder();
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : "";
        var chain = new List<string>();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            chain.Insert(0, t.MetadataName);
        }

        foreach (char c in ns + string.Join("-", chain))
        {
            if (char.IsLetterOrDigit(c) || c is '.' or '-' or '_')
            {
                name.Append(c);
            }
            else
            {
                name.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return name.Append(".g.cs").ToString();
    }

    /// <summary>Members of the user's own declarations that would collide with a generated member (CS0102/CS0111 in generated code).</summary>
    /// <returns>Whether no member collides.</returns>
    private static bool CheckMemberNames(INamedTypeSymbol type, List<SpecProblem> problems)
    {
        int before = problems.Count;
        CheckImportedNames(type, problems);
        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !member.DeclaringSyntaxReferences.Any(r => !IsGenerated(r.SyntaxTree)))
            {
                continue;
            }

            if (GeneratedMembers.Collides(member))
            {
                problems.Add(ClassProblem(Descriptors.GeneratedMemberClash, type.Name, GeneratedMembers.Describe(member)));
            }
        }

        return problems.Count == before;
    }

    /// <summary>The namespaces whose types the generated code names by simple name (<see cref="Code.Usings"/>).</summary>
    private static readonly HashSet<string> s_importedFrom = new()
    {
        "System", "System.Runtime.CompilerServices", "System.Runtime.InteropServices", "System.Runtime.Intrinsics", "ModelGen.Numerics",
    };

    /// <summary>
    /// MG0038 for a symbol the model class sees by a simple name the generated code uses (<c>Span</c>, <c>Unsafe</c>,
    /// <c>Vector256</c>...): a member of the class or of an enclosing type, an enclosing type itself, or a type in an
    /// enclosing namespace, any of which C# finds before the generated file's using directives.
    /// </summary>
    private static void CheckImportedNames(INamedTypeSymbol type, List<SpecProblem> problems)
    {
        foreach (string name in Code.ImportedNames)
        {
            string? hiding = null;
            for (INamedTypeSymbol? scope = type; scope is not null && hiding is null; scope = scope.ContainingType)
            {
                if (scope.Name == name)
                {
                    hiding = ReferenceEquals(scope, type) ? "the model class itself" : $"the enclosing type '{scope.Name}'";
                }
                else if (scope.GetMembers(name).FirstOrDefault(m => !m.IsImplicitlyDeclared) is { } member)
                {
                    hiding = $"{(member is ITypeSymbol ? "the nested type" : "the member")} '{scope.Name}.{name}'";
                }
            }

            for (INamespaceSymbol? ns = type.ContainingNamespace; ns is not null && hiding is null; ns = ns.ContainingNamespace)
            {
                if (ns.GetTypeMembers(name).FirstOrDefault(t => !s_importedFrom.Contains(t.ContainingNamespace.ToDisplayString())) is { } hidden)
                {
                    hiding = $"the type '{hidden.ToDisplayString()}'";
                }
            }

            if (hiding is not null)
            {
                string meant = Code.Usings.Select(u => u.Split(' ').Last().TrimEnd(';')).FirstOrDefault(u => u.EndsWith("." + name)) is { } alias
                    ? alias.Replace("global::", "")
                    : name switch
                    {
                        "Vector128" or "Vector256" or "Vector512" => "System.Runtime.Intrinsics." + name,
                        "nuint" => "the keyword nuint (System.UIntPtr)",
                        _ => "System." + name,
                    };
                problems.Add(ClassProblem(Descriptors.ImportedNameHidden, type.Name, hiding, name, meant));
            }
        }
    }

    /// <summary>Whether a tree is this generator's output (its path names the generator's assembly and type).</summary>
    private static bool IsGenerated(SyntaxTree tree) =>
        tree.FilePath.Replace('\\', '/').Contains("ModelGen.Generators/ModelGen.Generators.ModelGenerator/");

    /// <summary>The image dimensions, or null after reporting each one that is not positive.</summary>
    private static InputImageSpec? ParseImage(AttributeValues values)
    {
        string[] parameters = { "height", "width", "channels" };
        int[] dimensions = new int[3];
        bool valid = true;
        for (int i = 0; i < 3; i++)
        {
            dimensions[i] = values.Int(parameters[i], 0);
            if (dimensions[i] <= 0)
            {
                values.ReportArgument(Descriptors.NonPositiveSize.Id, parameters[i], "Input " + parameters[i], Invariant.Number(dimensions[i]));
                valid = false;
            }
        }

        return valid ? new InputImageSpec(dimensions[0], dimensions[1], dimensions[2]) : null;
    }

    private static OptimizerSpec ParseOptimizer(AttributeValues values)
    {
        OptimizerKind kind = values.Enum("kind", OptimizerKind.Adam);
        OptimizerConvention convention = values.Enum("Convention", OptimizerConvention.Keras);
        OptimizerSpec defaults = OptimizerSpec.For(kind, values.AttributeIndex, convention);
        return defaults with
        {
            LearningRate = values.Double("LearningRate", defaults.LearningRate),
            Momentum = values.Double("Momentum", defaults.Momentum),
            Nesterov = values.Bool("Nesterov", defaults.Nesterov),
            Beta1 = values.Double("Beta1", defaults.Beta1),
            Beta2 = values.Double("Beta2", defaults.Beta2),
            Epsilon = values.Double("Epsilon", defaults.Epsilon),
            WeightDecay = values.Double("WeightDecay", defaults.WeightDecay),
            Rho = values.Double("Rho", defaults.Rho),
            Centered = values.Bool("Centered", defaults.Centered),
            HistorySize = values.Int("HistorySize", defaults.HistorySize),
            C = values.Double("C", defaults.C),
            GradientTolerance = values.Double("GradientTolerance", defaults.GradientTolerance),
            ChangeTolerance = values.Double("ChangeTolerance", defaults.ChangeTolerance),
        };
    }

    private static DeclarationShape CheckDeclaration(INamedTypeSymbol type, List<SpecProblem> problems)
    {
        int before = problems.Count;
        if (type.TypeKind != TypeKind.Class || type.IsRecord || type.IsStatic || type.IsAbstract || type.IsFileLocal)
        {
            string what = type.IsRecord ? (type.TypeKind == TypeKind.Struct ? "a record struct" : "a record")
                : type.IsStatic ? "a static class"
                : type.TypeKind != TypeKind.Class ? "a " + type.TypeKind.ToString().ToLowerInvariant()
                : type.IsAbstract ? "an abstract class, which the generated constructor cannot create"
                : "a file-local class, which generated code in another file cannot extend";
            problems.Add(ClassProblem(Descriptors.NotAClass, type.Name, what));
        }
        else if (!IsPartial(type))
        {
            problems.Add(ClassProblem(Descriptors.NotPartial, type.Name));
        }

        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.TypeParameters.Length > 0)
            {
                problems.Add(ClassProblem(Descriptors.Generic, type.Name));
                break;
            }
        }

        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            if (!IsPartial(container))
            {
                problems.Add(ClassProblem(Descriptors.ContainerNotPartial, container.Name));
            }
        }

        return problems.Count == before ? DeclarationShape.Extensible : DeclarationShape.NotExtensible;
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0 &&
        type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax declaration &&
            declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static SyntaxReference? DeclarationOf(INamedTypeSymbol type, AttributeData attribute)
    {
        if (attribute.ApplicationSyntaxReference is not { } applied)
        {
            return null;
        }

        return type.DeclaringSyntaxReferences.FirstOrDefault(d => d.SyntaxTree == applied.SyntaxTree && d.Span.Contains(applied.Span));
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static SpecProblem ClassProblem(DiagnosticDescriptor descriptor, params string[] arguments) =>
        new(descriptor.Id, arguments.ToEquatableArray(), -1);
}
