using System.Linq;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Emission;

/// <summary>
/// <c>Freeze()</c> and the nested <c>Frozen</c> class it returns: a network's prediction members over a copy of its
/// parameters that nothing changes, so its dense weights can be laid out for prediction once, as ONNX Runtime packs a
/// session's weights when it loads them. A model's own weights cannot be: <c>Parameters</c> is a writable span, and
/// a copy laid out once could silently go stale.
/// </summary>
internal static class FrozenEmitter
{
    public static void Emit(SourceWriter writer, ShapePlan plan)
    {
        string name = plan.Spec.Identifier;
        string frozen = PredictionEmitter.FrozenClass;
        bool transposed = PredictionEmitter.TransposedLayers(plan).Any();
        writer.Line("/// <summary>");
        writer.Line("/// A snapshot of the model for serving: its parameters as they are now, which later training, <see cref=\"LoadState\"/>");
        writer.Line("/// or writes to <see cref=\"Parameters\"/> do not reach, with its dense weights laid out for prediction once. It");
        writer.Line("/// predicts what the model predicts now (the same bits where it runs the same products, within float rounding");
        writer.Line("/// where its large layers stream their transposed weights), on the model's <see cref=\"Threads\"/>, from any thread.");
        writer.Line("/// </summary>");
        writer.Line($"public {frozen} Freeze() => new(_parameters, _threads);");
        writer.Line();
        writer.Line($"/// <summary>A frozen snapshot of a <see cref=\"{name}\"/> (<see cref=\"Freeze\"/>): prediction only, over parameters that do not change.</summary>");
        using (writer.Block($"public sealed class {frozen}"))
        {
            writer.Line("private readonly float[] _parameters;");
            if (transposed)
            {
                writer.Line("private readonly float[] _transposed = new float[TransposedWeightsSize];");
            }

            writer.Line("private readonly int _threads;");
            writer.Line();
            using (writer.Block($"internal {frozen}(float[] parameters, int threads)"))
            {
                writer.Line("_parameters = (float[])parameters.Clone();");
                writer.Line("_threads = threads;");
                if (transposed)
                {
                    writer.Line("TransposeWeights(_parameters, _transposed);");
                }
            }

            writer.Line();
            writer.Line($"/// <summary>How many threads <see cref=\"PredictBatch\"/> may use: the model's <see cref=\"{name}.Threads\"/> when it was frozen.</summary>");
            writer.Line("public int Threads => _threads;");
            writer.Line();
            PredictionEmitter.EmitPredictionMembers(writer, plan, frozen: true);
        }
    }
}
