using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generators.Emission;

/// <summary>
/// The names the emitters give a model's members, so the parser can report a user's member that would collide with one
/// (MG0037) instead of letting the generated file fail with CS0102 or CS0111. Kept beside the emitters: a new generated
/// member is added here, and a test declares each of these names on a model.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>Fields, properties, constants and nested types: any user member of the same name collides.</summary>
    public static readonly IReadOnlyCollection<string> Names = new HashSet<string>
    {
        "InputSize", "OutputSize", "ParameterCount", "Architecture", "ActivationSize", "DeltaSize", "OutputOffset",
        "LearningRate", "Loss", "DecisionThreshold", "OutputsProbabilities", "Parameters", "Gradients", "L2Strengths", "Layers",
        "_parameters", "_gradients", "_steps", "_learningRate", "_batchStatistics", "_dropoutSeed", "_dropoutStep", "_l2", "s_layers",
        "_m", "_v", "_velocity", "_meanGradient", "_momentum",
        "TrainedParameterBits", "TrainedParameters", "Features", "DeclaredOptions", "FullBatchOptimizer", "HistorySize", "RegularizationC", "TrainedCoefficientBits", "TrainedVectorBits",
        "GradientTolerance", "ChangeTolerance", "IsLogisticRegression",
        "Frozen", "TransposedWeightsSize", "TransposedFromRows", "MultiplyAddsPerSample",
    };

    /// <summary>Private helper methods: any user method of the same name collides (they are overloaded by no one).</summary>
    private static readonly HashSet<string> s_helpers = new()
    {
        "Forward", "ForwardTraining", "ApplyOptimizer", "L2", "ReferenceLoss", "UpdateRunningStatistics",
        "CreateInvalidModelException", "Decide", "Dot", "Power", "Logit", "ComputeInputGradient",
        "Infer", "InferFrozen", "TransposeWeights", "PredictRows", "AccumulateGradients",
    };

    /// <summary>Per-layer methods: <c>Layer0Forward</c>, <c>Layer3BackwardInput</c>, ...</summary>
    private static readonly Regex s_layerMethod = new("^Layer[0-9]+[A-Z]", RegexOptions.CultureInvariant);

    private const string Floats = "System.ReadOnlySpan<float>", Outputs = "System.Span<float>";

    /// <summary>Public methods by name and parameter types: a user overload with other parameters is fine.</summary>
    private static readonly (string Name, string[] Parameters)[] s_methods =
    {
        ("Predict", new[] { Floats }),
        ("Predict", new[] { Floats, Outputs }),
        ("PredictBatch", new[] { Floats, Outputs }),
        ("TrainStep", new[] { Floats, Floats, Floats, Outputs }),
        ("ComputeGradients", new[] { Floats, Floats, Floats, Outputs }),
        ("ComputeLoss", new[] { Floats, Floats, Floats, Outputs }),
        ("ResetOptimizer", new string[0]),
        ("CheckGradients", new[] { Floats, Floats, Floats, "double" }),
        ("Create", new[] { "int" }),
        ("CreateTrained", new string[0]),
        ("Freeze", new string[0]),
        ("Fit", new[] { "ModelGen.Data.Dataset", "ModelGen.Training.FitOptions" }),
        ("Summary", new[] { "string?" }),
        ("Summary", new[] { "string" }),
        ("SaveState", new string[0]),
        ("LoadState", new[] { "System.ReadOnlySpan<byte>" }),
    };

    /// <summary>Whether a member the user declared would collide with generated code.</summary>
    public static bool Collides(ISymbol member)
    {
        if (member is not IMethodSymbol method)
        {
            return Names.Contains(member.Name);
        }

        if (method.MethodKind == MethodKind.Constructor)
        {
            return Parameters(method).SequenceEqual(new[] { "int" });
        }

        if (method.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        return s_helpers.Contains(method.Name) || s_layerMethod.IsMatch(method.Name) || Names.Contains(method.Name)
            || s_methods.Any(m => m.Name == method.Name && Parameters(method).SequenceEqual(m.Parameters));
    }

    /// <summary>How MG0037 names the member: <c>method 'Predict(ReadOnlySpan&lt;float&gt;)'</c>.</summary>
    public static string Describe(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } => "a constructor taking one int (the seed constructor)",
        IMethodSymbol method => $"method '{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString()))})'",
        _ => $"member '{member.Name}'",
    };

    private static IEnumerable<string> Parameters(IMethodSymbol method) => method.Parameters.Select(p => p.Type.ToDisplayString());
}
