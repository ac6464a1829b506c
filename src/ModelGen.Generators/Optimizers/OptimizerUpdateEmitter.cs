using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Losses;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;
using ModelGen.Generators.Emission;

namespace ModelGen.Generators.Optimizers;

/// <summary>
/// <c>ResetOptimizer</c> and <c>ApplyOptimizer</c>: the update one <see cref="OptimizerEmitter"/> writes, over each range
/// of trainable parameters (BatchNorm's running statistics are not trained).
/// </summary>
internal static class OptimizerUpdateEmitter
{
    internal static void Emit(SourceWriter writer, ShapePlan plan, OptimizerEmitter optimizer, IReadOnlyList<string> state)
    {
        OptimizerSpec spec = plan.Spec.Optimizer;
        writer.Line("/// <inheritdoc />");
        using (writer.Block("public void ResetOptimizer()"))
        {
            writer.Line("_steps = 0;");
            foreach (string field in state)
            {
                writer.Line($"Array.Clear({field});");
            }
        }

        writer.Line();
        writer.Line($"/// <summary>One {spec.Kind} update of every trained parameter from the gradients.</summary>");
        using (writer.Block("private void ApplyOptimizer()"))
        {
            writer.Line("_steps++;");
            if (optimizer.ReadsByReference)
            {
                writer.Line($"ref float w = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
                writer.Line($"ref float g = ref {Code.MemoryMarshal}.GetArrayDataReference(_gradients);");
                foreach (string field in state)
                {
                    writer.Line($"ref float {field.Substring(1)} = ref {Code.MemoryMarshal}.GetArrayDataReference({field});");
                }
            }

            optimizer.EmitPrologue(writer, spec);
            foreach ((int start, int end) in plan.TrainableRanges)
            {
                optimizer.EmitRange(writer, spec, start, end - start);
            }
        }
    }
}
