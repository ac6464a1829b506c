using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Optimizers;

/// <summary>
/// Emits one optimizer's state and update. The update is the body of <c>ApplyOptimizer()</c>, where
/// <c>w</c>, <c>g</c> and each state array (as <c>ref float</c> named after the field without its underscore)
/// are in scope, <c>_steps</c> already counts this step, and <c>LearningRate</c> is the current rate.
/// </summary>
internal abstract class OptimizerEmitter
{
    public static OptimizerEmitter For(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => SgdOptimizer.Instance,
        OptimizerKind.RmsProp => RmsPropOptimizer.Instance,
        _ => AdamOptimizer.Instance,
    };

    /// <summary>The per-parameter state arrays this optimizer keeps, such as <c>_m</c> and <c>_v</c>.</summary>
    public abstract IReadOnlyList<string> StateFields(OptimizerSpec spec);

    /// <summary>A canonical description such as <c>Adam(lr=0.001)</c>.</summary>
    public abstract string Describe(OptimizerSpec spec);

    /// <summary>Code before the per-parameter loop (step-dependent scalars).</summary>
    public abstract void EmitPrologue(SourceWriter writer, OptimizerSpec spec);

    /// <summary>The loop body for parameter <c>k</c>; <c>float gk</c> holds its gradient.</summary>
    public abstract void EmitElement(SourceWriter writer, OptimizerSpec spec);

    /// <summary>Whether <see cref="EmitVectorElement"/> is implemented.</summary>
    public virtual bool HasVectorForm => false;

    /// <summary>
    /// The same update for a vector of parameters from <c>k</c> at once, with the same operations in the same order, so
    /// the results are identical to the scalar loop's. Runs after <see cref="EmitPrologue"/>; <paramref name="vector"/>
    /// names the vector class (<c>Vector512</c> or <c>Vector256</c>) and <c>gv</c> holds the gradients.
    /// </summary>
    public virtual void EmitVectorElement(SourceWriter writer, OptimizerSpec spec, string vector) => throw new System.NotSupportedException();

    protected static string F(double value) => Literals.Float(value);
}
