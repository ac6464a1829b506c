using System.Linq;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Emission;

/// <summary>
/// The class an invalid model gets: the whole public surface, each member throwing an exception that names the
/// MG errors. The user sees those errors, not a cascade of missing-member errors from code that uses the model.
/// </summary>
internal static class InvalidModelEmitter
{
    /// <summary>The MG errors among <paramref name="problems"/>, as one sentence each.</summary>
    public static string Errors(EquatableArray<SpecProblem> problems) =>
        string.Join(" ", problems.Where(p => p.IsError).Select(p => $"{p.DiagnosticId}: {p.FormatMessage()}."));

    /// <summary>The class of an invalid model whose members throw, naming <paramref name="reason"/>.</summary>
    public static void EmitClass(SourceWriter writer, ModelSpec spec, string reason)
    {
        string name = spec.Identifier;
        string message = $"Model '{spec.ClassName}' is invalid and cannot run. {reason} Fix the MG errors the compiler reports.";
        const string Throw = "throw CreateInvalidModelException()";
        const string Span = Code.Span;
        const string ReadOnlySpan = Code.ReadOnlySpan;

        writer.Line($"/// <summary>Invalid model: see the MG errors on its declaration.</summary>");
        using (writer.Block($"partial class {name} : global::ModelGen.IGradientModel, global::ModelGen.IModelFactory<{name}>"))
        {
            writer.Line($"public const int InputSize = {Literals.Int(spec.InputSize ?? 0)};");
            writer.Line("public const int OutputSize = 0;");
            writer.Line("public const int ParameterCount = 0;");
            writer.Line("public const string Architecture = \"invalid\";");
            writer.Line();
            writer.Line($"public {name}(int seed = 0) => {Throw};");
            writer.Line($"public static {name} Create(int seed) => {Throw};");
            writer.Line($"public float LearningRate {{ get => {Throw}; set => {Throw}; }}");
            writer.Line($"public int Threads {{ get => {Throw}; set => {Throw}; }}");
            writer.Line($"public global::ModelGen.TrainingParallelism TrainingParallelism => {Throw};");
            writer.Line($"public global::ModelGen.LossKind Loss => {Throw};");
            writer.Line($"public float DecisionThreshold => {Throw};");
            writer.Line($"public bool OutputsProbabilities => {Throw};");
            writer.Line($"public {Span}<float> Parameters => {Throw};");
            writer.Line($"public {ReadOnlySpan}<float> Gradients => {Throw};");
            writer.Line($"public {Span}<float> L2Strengths => {Throw};");
            writer.Line($"public global::System.Collections.Generic.IReadOnlyList<global::ModelGen.LayerSummary> Layers => {Throw};");
            writer.Line("int global::ModelGen.IModel.InputSize => InputSize;");
            writer.Line("int global::ModelGen.IModel.OutputSize => OutputSize;");
            writer.Line("int global::ModelGen.IGradientModel.ParameterCount => ParameterCount;");
            writer.Line("string global::ModelGen.IModel.Architecture => Architecture;");
            writer.Line($"public float Predict({ReadOnlySpan}<float> features) => {Throw};");
            writer.Line($"public void Predict({ReadOnlySpan}<float> features, {Span}<float> output) => {Throw};");
            writer.Line($"public void PredictBatch({ReadOnlySpan}<float> features, {Span}<float> outputs) => {Throw};");
            writer.Line($"public float TrainStep({ReadOnlySpan}<float> features, {ReadOnlySpan}<float> labels, {ReadOnlySpan}<float> sampleWeights = default, {Span}<float> scores = default) => {Throw};");
            writer.Line($"public float ComputeGradients({ReadOnlySpan}<float> features, {ReadOnlySpan}<float> labels, {ReadOnlySpan}<float> sampleWeights = default, {Span}<float> scores = default) => {Throw};");
            writer.Line($"public float ComputeLoss({ReadOnlySpan}<float> features, {ReadOnlySpan}<float> labels, {ReadOnlySpan}<float> sampleWeights = default, {Span}<float> scores = default) => {Throw};");
            writer.Line($"public void ResetOptimizer() => {Throw};");
            writer.Line($"public global::ModelGen.Training.History Fit(global::ModelGen.Data.Dataset training, global::ModelGen.Training.FitOptions options) => {Throw};");
            writer.Line($"public string Summary(string? name = null) => {Throw};");
            writer.Line($"public byte[] SaveState() => {Throw};");
            writer.Line($"public void LoadState({ReadOnlySpan}<byte> state) => {Throw};");
            writer.Line($"public global::ModelGen.GradientCheckResult CheckGradients({ReadOnlySpan}<float> features, {ReadOnlySpan}<float> labels, {ReadOnlySpan}<float> sampleWeights = default, double step = 1e-4) => {Throw};");
            if (spec.Files?.Weights is not null)
            {
                writer.Line($"public static {name} CreateTrained() => {Throw};");
            }

            writer.Line($"public {PredictionEmitter.FrozenClass} Freeze() => {Throw};");
            using (writer.Block($"public sealed class {PredictionEmitter.FrozenClass}"))
            {
                writer.Line($"private {PredictionEmitter.FrozenClass}() {{ }}");
                writer.Line($"public int Threads => {Throw};");
                writer.Line($"public float Predict({ReadOnlySpan}<float> features) => {Throw};");
                writer.Line($"public void Predict({ReadOnlySpan}<float> features, {Span}<float> output) => {Throw};");
                writer.Line($"public void PredictBatch({ReadOnlySpan}<float> features, {Span}<float> outputs) => {Throw};");
            }

            writer.Line();
            writer.Line("private static global::System.InvalidOperationException CreateInvalidModelException() =>");
            writer.Line($"    new global::System.InvalidOperationException({Literals.String(message)});");
        }
    }
}
