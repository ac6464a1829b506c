using ModelGen.Generators.Emission;
using ModelGen.Generators.Planning;

namespace ModelGen.Generators.Losses;

/// <summary>
/// The code between the output layer and the loss: the per-sample loss, and its gradient with respect to the
/// output layer's pre-activations. Each loss owns how the output activation takes part (fused or not).
/// </summary>
internal abstract class LossHead
{
    public static LossHead For(LossKind kind) => kind switch
    {
        LossKind.Hinge => HingeLoss.Instance,
        LossKind.MeanSquaredError => MeanSquaredErrorLoss.Instance,
        LossKind.CategoricalCrossEntropy => CategoricalCrossEntropyLoss.Instance,
        _ => BinaryCrossEntropyLoss.Instance,
    };

    /// <summary>
    /// The statement that rejects labels outside the loss's domain before any work: 0/1 for binary cross-entropy and
    /// hinge, class indices for a loss over several outputs, finite targets for one squared-error output.
    /// </summary>
    public virtual string LabelCheck(ShapePlan plan) => $"{Code.ModelMath}.RequireBinaryLabels(labels);";

    /// <summary>The natural threshold on the positive-class score.</summary>
    public virtual string DecisionThreshold => "0.5f";

    /// <summary>
    /// Per-sample loss. In scope: <c>ref float y</c>, the output layer's pre-activations (it may be overwritten) and
    /// <c>float label</c>. Assigns the declared <c>float loss</c>; <c>ComputeLoss</c> runs only this.
    /// </summary>
    public abstract void EmitLoss(SourceWriter writer, ShapePlan plan);

    /// <summary>
    /// Right after <see cref="EmitLoss"/>, in training: fills <c>ref float dz</c> with <c>coefficient · ∂loss/∂z</c>,
    /// <c>float coefficient</c> being the sample's weight over the batch size.
    /// </summary>
    public abstract void EmitGradient(SourceWriter writer, ShapePlan plan);

    /// <summary>
    /// The positive-class score as <c>Predict</c> returns it, an expression valid right after <see cref="EmitLoss"/>
    /// (which may have activated <c>y</c> in place).
    /// </summary>
    public abstract string Score(ShapePlan plan);

    /// <summary>The same loss in double. In scope: <c>Span&lt;double&gt; y</c> (pre-activations) and <c>float label</c>; assigns <c>double loss</c>.</summary>
    public abstract void EmitReference(SourceWriter writer, ShapePlan plan);
}
