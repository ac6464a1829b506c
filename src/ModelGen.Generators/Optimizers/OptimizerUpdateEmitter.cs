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
/// <c>ResetOptimizer</c> and <c>ApplyOptimizer</c>: the loop over every trainable range of parameters, widest accelerated
/// vectors first, around the update one <see cref="OptimizerEmitter"/> writes.
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
            writer.Line($"ref float w = ref {Code.MemoryMarshal}.GetArrayDataReference(_parameters);");
            writer.Line($"ref float g = ref {Code.MemoryMarshal}.GetArrayDataReference(_gradients);");
            foreach (string field in state)
            {
                writer.Line($"ref float {field.Substring(1)} = ref {Code.MemoryMarshal}.GetArrayDataReference({field});");
            }

            optimizer.EmitPrologue(writer, spec);
            string declare = "int ";
            foreach ((int start, int end) in plan.TrainableRanges)
            {
                writer.Line($"{declare}k = {Literals.Int(start)};");
                declare = "";
                // The widest accelerated vector first; the narrower one and the scalar loop take what it leaves.
                foreach ((string vector, int width, string accelerated) in new[] { (Code.Vector512, 16, Code.Vector512 + ".IsHardwareAccelerated"), (Code.Vector, 8, Code.VectorPath) })
                {
                    if (end - start < width || !optimizer.HasVectorForm)
                    {
                        continue;
                    }

                    using (writer.Block($"if ({accelerated})"))
                    {
                        using (writer.Block($"for (; k <= {Literals.Int(end - width)}; k += {Literals.Int(width)})"))
                        {
                            writer.Line($"{vector}<float> gv = {vector}.LoadUnsafe(ref g, (nuint)k);");
                            optimizer.EmitVectorElement(writer, spec, vector);
                        }
                    }
                }

                string range = start == 0 && end == plan.ParameterCount ? "k < ParameterCount" : $"k < {Literals.Int(end)}";
                using (writer.Block($"for (; {range}; k++)"))
                {
                    writer.Line($"float gk = {Code.At("g", "k")};");
                    optimizer.EmitElement(writer, spec);
                }
            }
        }
    }
}
