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
    /// Per-sample training code. In scope: <c>ref float y</c>, the output layer's pre-activations (it may be
    /// overwritten), <c>float label</c>, <c>float coefficient</c> (sample weight over batch size) and <c>ref float dz</c>
    /// to fill with <c>coefficient · ∂loss/∂z</c>. Assigns the declared <c>float loss</c>.
    /// </summary>
    public abstract void EmitTraining(SourceWriter writer, ShapePlan plan);

    /// <summary>
    /// The positive-class score as <c>Predict</c> returns it, an expression valid right after <see cref="EmitTraining"/>
    /// (which may have activated <c>y</c> in place or kept the logit in <c>z</c>).
    /// </summary>
    public abstract string Score(ShapePlan plan);

    /// <summary>The same loss in double. In scope: <c>Span&lt;double&gt; y</c> (pre-activations) and <c>float label</c>; assigns <c>double loss</c>.</summary>
    public abstract void EmitReference(SourceWriter writer, ShapePlan plan);
}
