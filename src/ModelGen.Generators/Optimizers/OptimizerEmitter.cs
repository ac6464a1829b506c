using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Optimizers;

/// <summary>
/// Emits one optimizer's state and update. The update is the body of <c>ApplyOptimizer()</c>, where
/// <c>w</c>, <c>g</c> and each state array (as <c>ref float</c> named after the field without its underscore)
/// are in scope, <c>_steps</c> already counts this step, and <c>LearningRate</c> is the current rate; it runs once per
/// range of trainable parameters (<see cref="EmitRange"/>).
/// </summary>
internal abstract class OptimizerEmitter
{
    public static OptimizerEmitter For(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => SgdOptimizer.Instance,
        OptimizerKind.RmsProp => RmsPropOptimizer.Instance,
        OptimizerKind.Lbfgs or OptimizerKind.ConjugateGradient or OptimizerKind.NewtonCg or OptimizerKind.Newton => FullBatchOptimizer.Instance,
        _ => AdamOptimizer.Instance,
    };

    /// <summary>The per-parameter state arrays this optimizer keeps, such as <c>_m</c> and <c>_v</c>.</summary>
    public abstract IReadOnlyList<string> StateFields(OptimizerSpec spec);

    /// <summary>A canonical description such as <c>Adam(lr=0.001)</c>.</summary>
    public abstract string Describe(OptimizerSpec spec);

    /// <summary>Code before the per-parameter loop (step-dependent scalars).</summary>
    public abstract void EmitPrologue(SourceWriter writer, OptimizerSpec spec);

    /// <summary>
    /// The update of parameters <c>[start, end)</c> (expressions in scope), after <see cref="EmitPrologue"/>. By default a
    /// loop whose body is <see cref="EmitElement"/>; an optimizer whose update is a runtime kernel emits the call instead.
    /// </summary>
    public virtual void EmitRange(SourceWriter writer, OptimizerSpec spec, string start, string end)
    {
        using (writer.Block($"for (int k = {start}; k < {end}; k++)"))
        {
            writer.Line($"float gk = {Code.At("g", "k")};");
            EmitElement(writer, spec);
        }
    }

    /// <summary>Interfaces the model class implements for this optimizer beyond <c>IGradientModel</c>, fully qualified.</summary>
    public virtual IEnumerable<string> Interfaces(OptimizerSpec spec) => System.Array.Empty<string>();

    /// <summary>Members those interfaces need, written in the class body.</summary>
    public virtual void EmitMembers(SourceWriter writer, ModelSpec spec)
    {
    }

    /// <summary>Whether <c>TrainStep</c> updates the parameters (a full-batch method's prologue throws instead).</summary>
    public virtual bool UpdatesMinibatches => true;

    /// <summary>Whether <see cref="EmitRange"/> reads the arrays through the <c>ref float</c> locals (its loop does; a kernel call takes the arrays).</summary>
    public virtual bool ReadsByReference => true;

    /// <summary>The loop body for parameter <c>k</c>; <c>float gk</c> holds its gradient, <c>w</c>, <c>g</c> and the state arrays are in scope.</summary>
    public virtual void EmitElement(SourceWriter writer, OptimizerSpec spec) => throw new System.NotSupportedException();

    protected static string F(double value) => Literals.Float(value);
}
