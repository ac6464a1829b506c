using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generators.Diagnostics;

/// <summary>Every MG diagnostic, in one place. IDs are stable; docs/diagnostics.md explains each with a fix.</summary>
internal static class Descriptors
{
    // docs/diagnostics.md documents every ID under an anchor of its lower-case name (a test checks each link's anchor).
    private const string HelpLinkBase = "docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor SingleUnitSoftmax = new("MG0001", "Softmax over a single unit",
        "Softmax over 1 unit always outputs 1.0, so the model cannot learn; use Activation.Sigmoid for a single output",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0001");

    public static readonly DiagnosticDescriptor BinaryCrossEntropyNeedsSigmoid = new("MG0002", "Binary cross-entropy needs one sigmoid unit",
        "BinaryCrossEntropy needs a final Dense(1, Activation.Sigmoid) but the output is {0}; {1}",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0002");

    public static readonly DiagnosticDescriptor CategoricalCrossEntropyNeedsSoftmax = new("MG0003", "Categorical cross-entropy needs a softmax output",
        "CategoricalCrossEntropy needs a final softmax layer of at least 2 units but the output is {0}; use Dense(2, Activation.Softmax) or BinaryCrossEntropy with Dense(1, Activation.Sigmoid)",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0003");

    public static readonly DiagnosticDescriptor HingeNeedsLinear = new("MG0004", "Hinge loss needs one linear unit",
        "Hinge loss needs a final Dense(1, Activation.Linear) that outputs a margin but the output is {0}; make the output layer linear",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0004");

    public static readonly DiagnosticDescriptor MeanSquaredErrorOnClassifier = new("MG0005", "Mean squared error on a classifier",
        "MeanSquaredError trains a classifier slowly and gives poorly calibrated scores; prefer BinaryCrossEntropy with a sigmoid output",
        "ModelGen.Model", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0005");

    public static readonly DiagnosticDescriptor MissingInput = new("MG0006", "Model has no input",
        "Model '{0}' declares no [Input]; add [Input(featureCount)] before the first layer",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0006");

    public static readonly DiagnosticDescriptor MissingLayers = new("MG0007", "Model has no layers",
        "Model '{0}' declares no layers; add at least one [Dense(...)] layer",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0007");

    public static readonly DiagnosticDescriptor MissingLoss = new("MG0008", "Model has no loss",
        "Model '{0}' declares no [Loss]; add [Loss(LossKind.BinaryCrossEntropy)] for a sigmoid output",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0008");

    public static readonly DiagnosticDescriptor DuplicateAttribute = new("MG0009", "Single-use attribute repeated",
        "[{0}] may appear once per model; remove the extra one",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0009");

    public static readonly DiagnosticDescriptor NotPartial = new("MG0010", "Model class is not partial",
        "Model class '{0}' must be declared partial so ModelGen can generate its members",
        "ModelGen.Declaration", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0010");

    public static readonly DiagnosticDescriptor Generic = new("MG0011", "Model class is generic",
        "Model class '{0}' must not be generic or nested in a generic type; a model has fixed dimensions",
        "ModelGen.Declaration", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0011");

    public static readonly DiagnosticDescriptor ContainerNotPartial = new("MG0012", "Enclosing type is not partial",
        "'{0}' encloses a model and must be declared partial",
        "ModelGen.Declaration", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0012");

    public static readonly DiagnosticDescriptor NotAClass = new("MG0013", "Model must be a class",
        "'{0}' is {1}; declare the model as a 'partial class' that is neither abstract nor file-local",
        "ModelGen.Declaration", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0013");

    public static readonly DiagnosticDescriptor LayersSplit = new("MG0014", "Layers declared in several partial declarations",
        "The layers of '{0}' are spread over several partial declarations, so their order is undefined; declare all layers on one declaration",
        "ModelGen.Declaration", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0014");

    public static readonly DiagnosticDescriptor NonPositiveSize = new("MG0015", "Size must be positive",
        "{0} is {1}; it must be at least 1",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0015");

    public static readonly DiagnosticDescriptor TooManyParameters = new("MG0016", "Very large model",
        "The model has {0} parameters; generated code of this size compiles slowly and may not fit in memory",
        "ModelGen.Model", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0016");

    public static readonly DiagnosticDescriptor ParameterCountOverflow = new("MG0017", "Model too large for an array",
        "The model would need {0} values in one array (parameters, or one sample's activations while training), more than an array can hold; reduce the layer sizes",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0017");

    public static readonly DiagnosticDescriptor InvalidLearningRate = new("MG0018", "Invalid learning rate",
        "LearningRate is {0}; it must be a finite number greater than 0 (Keras's default is {1})",
        "ModelGen.Optimizer", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0018");

    public static readonly DiagnosticDescriptor DecayOutOfRange = new("MG0019", "Decay rate outside [0, 1)",
        "{0} is {1}; it must be at least 0 and less than 1",
        "ModelGen.Optimizer", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0019");

    public static readonly DiagnosticDescriptor NonPositiveEpsilon = new("MG0020", "Epsilon must be positive",
        "Epsilon is {0}; it must be a finite number greater than 0 (Keras's default is 1e-7)",
        "ModelGen.Optimizer", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0020");

    public static readonly DiagnosticDescriptor NegativePenalty = new("MG0021", "Penalty must not be negative",
        "{0} is {1}; it must be a finite number of at least 0",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0021");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = new("MG0022", "Undefined enum value",
        "{0} is not a defined {1} value; use one of: {2}",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0022");

    public static readonly DiagnosticDescriptor UnreadableAttribute = new("MG0023", "Attribute arguments cannot be read",
        "The arguments of [{0}] cannot be read; fix the compiler errors on this attribute",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0023");

    public static readonly DiagnosticDescriptor NegativeSlopeOutOfRange = new("MG0024", "Negative slope outside [0, 1)",
        "NegativeSlope is {0}; a leaky ReLU needs a slope of at least 0 and less than 1",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0024");

    public static readonly DiagnosticDescriptor BuildFileNotFound = new("MG0025", "Model file is not an AdditionalFiles item",
        "{0} names '{1}', but no AdditionalFiles item of the project ends with that path; add <AdditionalFiles Include=\"{1}\" /> to the project file",
        "ModelGen.Files", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0025");

    public static readonly DiagnosticDescriptor BuildFileWrongKind = new("MG0026", "Model file of the wrong kind",
        "{0} is '{1}', but it must name a {2} file: {3}",
        "ModelGen.Files", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0026");

    public static readonly DiagnosticDescriptor BuildFileInvalid = new("MG0027", "Model file cannot be used",
        "'{0}' cannot be used: {1}",
        "ModelGen.Files", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0027");

    public static readonly DiagnosticDescriptor WeightsMismatch = new("MG0028", "Weights of another architecture",
        "'{0}' holds {1} parameters of '{2}', but this model is '{3}' with {4}; save the weights of this model again, or declare the architecture they were trained with",
        "ModelGen.Files", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0028");

    public static readonly DiagnosticDescriptor FeatureCountMismatch = new("MG0029", "Feature header does not match the input",
        "'{0}' names {1} columns{2}, but the model's input has {3} features; fix [Input], the header, or LabelColumn",
        "ModelGen.Files", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0029");

    public static readonly DiagnosticDescriptor SpatialLayerOnFlatInput = new("MG0030", "Spatial layer on a flat input",
        "{0} needs an image input, but its input is a flat vector of {1} values; declare [Input(height, width, channels)], or move it before Flatten and Dense",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0030");

    public static readonly DiagnosticDescriptor WindowLargerThanInput = new("MG0031", "Kernel or pool larger than its input",
        "The {0} window of {1}x{1} does not fit its {2}x{3} input; use a smaller window{4}",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0031");

    public static readonly DiagnosticDescriptor ConvolutionDoesNotTile = new("MG0032", "Valid convolution does not tile its input",
        "Conv2D with kernel {0} and stride {1} does not tile its {2}x{3} input with Padding.Valid: ({4} - {0}) / {1} is not a whole number; use Padding.Same or another stride",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0032");

    public static readonly DiagnosticDescriptor DenseNeedsFlatten = new("MG0033", "Dense after a spatial layer needs Flatten",
        "Dense follows a {0} image; put [Flatten] between them (ModelGen does not flatten implicitly)",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0033");

    public static readonly DiagnosticDescriptor DropoutRateOutOfRange = new("MG0034", "Dropout rate outside [0, 1)",
        "Dropout rate is {0}; it must be at least 0 and less than 1",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0034");

    public static readonly DiagnosticDescriptor OutputMustBeDense = new("MG0035", "The output layer must be Dense",
        "The last layer is {0}; a classifier ends in a Dense layer, whose units and activation the loss reads",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0035");

    public static readonly DiagnosticDescriptor BatchNormPlacement = new("MG0036", "BatchNorm must follow Dense or Conv2D",
        "BatchNorm normalizes the outputs of a Dense or Conv2D layer, but here it follows {0}; move it after one",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0036");

    public static readonly DiagnosticDescriptor GeneratedMemberClash = new("MG0037", "Member name taken by the generated model",
        "'{0}' declares {1}, which ModelGen generates for every model; rename or remove it",
        "ModelGen.Declaration", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0037");

    public static readonly DiagnosticDescriptor ImportedNameHidden = new("MG0038", "Name the generated code uses is hidden",
        "'{0}' sees {1} named '{2}', which would hide {3} from the generated code; rename it or move the model to another namespace",
        "ModelGen.Declaration", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0038");

    public static readonly DiagnosticDescriptor NetworkAttributeOnTreeModel = new("MG0040", "Network attribute on a tree model or kernel machine",
        "[{0}] belongs to networks, but this model is a {1}; remove it (tree models and kernel machines have no layers, loss or optimizer)",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0040");

    public static readonly DiagnosticDescriptor TwoModelFamilies = new("MG0041", "Two model families on one class",
        "'{0}' is declared as {1} and as {2}; a class is one model: keep one family attribute",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0041");

    public static readonly DiagnosticDescriptor FullBatchMisfit = new("MG0049", "Full-batch optimizer setting that does not fit",
        "{0}",
        "ModelGen.Optimizer", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0049");

    public static readonly DiagnosticDescriptor SvmOptionOutOfRange = new("MG0048", "SVM option out of range",
        "{0} = {1} is not valid; it must be {2}",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0048");

    public static readonly DiagnosticDescriptor TreeOptionOutOfRange = new("MG0042", "Tree option out of range",
        "{0} = {1} is not valid; it must be {2}",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0042");

    public static readonly DiagnosticDescriptor TooManyTreeFeatures = new("MG0043", "More features per split than inputs",
        "MaxFeaturesCount = {0} asks for more features per split than the {1} inputs; use at most {1}, or MaxFeatures/MaxFeaturesFraction",
        "ModelGen.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0043");

    public static readonly DiagnosticDescriptor TreeSettingWithoutEffect = new("MG0044", "Tree setting without effect",
        "{0} has no effect: {1}",
        "ModelGen.Model", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0044");

    public static readonly DiagnosticDescriptor TreeModelWithBaseClass = new("MG0045", "Tree model or kernel machine with a base class",
        "'{0}' derives from '{1}', but its generated part derives from {2}; remove the base class (use composition)",
        "ModelGen.Declaration", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0045");

    public static readonly DiagnosticDescriptor TreesMismatch = new("MG0046", "Tree or support-vector file of another model",
        "'{0}' holds a model of '{1}', but this model is declared as '{2}'; save this model's trained file, or declare the options it was trained with",
        "ModelGen.Files", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0046");

    public static readonly DiagnosticDescriptor LargeCompiledTrees = new("MG0047", "Large compiled tree ensemble",
        "Compiling '{0}' writes {1} nodes into about {2} KB of code, over the {3} KB budget; it still builds, but consider fewer or shallower trees, or loading the trees at run time with TreeModelFile.Load",
        "ModelGen.Files", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0047");

    public static readonly DiagnosticDescriptor BatchSizeOnFullBatch = new("MG0050", "Batch size given to a full-batch optimizer",
        "'{0}' trains with OptimizerKind.{1}, which computes every iteration on the whole training set: the batch size is ignored; remove it (the fit's epochs are its iterations)",
        "ModelGen.Optimizer", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0050");

    public static readonly DiagnosticDescriptor GeneratorFailure = new("MG0099", "ModelGen failed to generate a model",
        "ModelGen failed to generate '{0}' ({1}: {2}); the model's members throw until this is fixed. This is a defect of ModelGen: please report it with the model's declaration.",
        "ModelGen.Generator", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0099");

    public static readonly DiagnosticDescriptor ModelSummary = new("MG0100", "Model summary",
        "Model '{0}': {1}",
        "ModelGen.Summary", DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "mg0100");

    /// <summary>All descriptors, in ID order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(Descriptors)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, System.StringComparer.Ordinal)
        .ToArray();

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    public static bool IsError(string id) => ById(id).DefaultSeverity == DiagnosticSeverity.Error;
}
