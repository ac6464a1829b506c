using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Spec;

/// <summary>
/// Everything the attributes say about one model class (parsing's output; <see cref="Planning.PlannedModel"/> adds the
/// plan and the rules' problems), as plain equatable values: no symbols, syntax or
/// locations, so an edit that does not change the model leaves this value equal and re-emits nothing.
/// </summary>
/// <remarks>
/// <see cref="Namespace"/> and the container names are C# source text (keywords escaped, <c>@class</c>);
/// <see cref="ClassName"/> is the plain name for messages, <see cref="Identifier"/> the escaped one for code.
/// </remarks>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    string HintName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    DeclarationShape Shape,
    int? InputSize,
    InputImageSpec? InputImage,
    EquatableArray<LayerSpec> Layers,
    LossKind? Loss,
    OptimizerSpec Optimizer,
    ModelFilesSpec? Files,
    EquatableArray<SpecProblem> Problems,
    Trees.TreeSpec? Trees = null,
    int LossAttributeIndex = -1,
    Svm.SvmSpec? Svm = null)
{
    /// <summary>The class name as a C# identifier (<c>@event</c>).</summary>
    public string Identifier => Emission.Code.Identifier(ClassName);

    /// <summary>
    /// One <c>Dense(1, Sigmoid)</c> layer with binary cross-entropy: logistic regression, whose Hessian the full-batch
    /// trainer computes exactly (Newton's method, Newton-CG's products).
    /// </summary>
    public bool IsLogisticRegression =>
        Layers.Count == 1 && Layers[0].Kind is DenseLayer && Layers[0].Kind.OutputUnits(Layers[0]) == 1
        && Layers[0].Activation == Activation.Sigmoid && Loss == LossKind.BinaryCrossEntropy;
}

/// <summary>An image input as <c>[Input(height, width, channels)]</c> declares it.</summary>
internal sealed record InputImageSpec(int Height, int Width, int Channels);

/// <summary>
/// The build-time files <c>[Model]</c> names: paths as written (matched against the ends of <c>AdditionalFiles</c> paths).
/// </summary>
internal sealed record ModelFilesSpec(int AttributeIndex, string? Weights, string? FeatureHeader, string? LabelColumn, string? Delimiter = null, string? Trees = null, string? SupportVectors = null);

/// <summary>A type that encloses the model class; the generated declaration repeats it as <c>partial</c>.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>Whether the class can receive a generated partial declaration at all.</summary>
internal enum DeclarationShape
{
    /// <summary>A non-generic partial class whose enclosing types are partial: the generator emits into it.</summary>
    Extensible,

    /// <summary>Not partial, generic, a struct or record, static, or nested in a non-partial type: nothing can be emitted.</summary>
    NotExtensible,
}
