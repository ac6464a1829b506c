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
        if (!optimizer.UpdatesMinibatches)
        {
            writer.Line($"/// <summary>{spec.Kind} has no minibatch update.</summary>");
            using (writer.Block("private void ApplyOptimizer()"))
            {
                writer.Line("_steps++;");
                optimizer.EmitPrologue(writer, spec);
            }

            return;
        }

        string parameters = Literals.Int((int)plan.ParameterCount);
        writer.Line($"/// <summary>One {spec.Kind} update of every trained parameter from the gradients, split across threads as the batch was (element by element: the same bits on any split).</summary>");
        using (writer.Block("private void ApplyOptimizer()"))
        {
            writer.Line("_steps++;");
            writer.Line($"{Code.ParallelBatch}.Update(this, {parameters}, {Code.ParallelBatch}.Parts(_threads, {parameters}, 1), " +
                $"static (model, from, to) => (({plan.Spec.Identifier})model).ApplyOptimizer(from, to));");
        }

        writer.Line();
        writer.Line("/// <summary>The update of <see cref=\"ApplyOptimizer()\"/> on parameters [<paramref name=\"from\"/>, <paramref name=\"to\"/>).</summary>");
        using (writer.Block("private void ApplyOptimizer(int from, int to)"))
        {
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
            IReadOnlyList<(int Start, int End)> ranges = plan.TrainableRanges;
            if (ranges.Count == 1 && ranges[0] == (0, (int)plan.ParameterCount))
            {
                optimizer.EmitRange(writer, spec, "from", "to");
                return;
            }

            foreach ((int start, int end) in ranges)
            {
                using (writer.Block(""))
                {
                    writer.Line($"int start = Math.Max({Literals.Int(start)}, from), end = Math.Min({Literals.Int(end)}, to);");
                    using (writer.Block("if (start < end)"))
                    {
                        optimizer.EmitRange(writer, spec, "start", "end");
                    }
                }
            }
        }
    }
}
