using System;

namespace ModelGen.Explaining;

/// <summary>
/// A generated network that gives the gradient of its positive-class logit with respect to its input — the sigmoid
/// unit's pre-activation, the logit difference z₁ − z₀ of a two-unit softmax, a linear unit's value — computed by the
/// same generated backward pass as training, from the prediction-time forward pass (dropout off, no batch statistics).
/// The generator adds it to every network whose layers all have an inference-time input gradient (every kind but
/// BatchNorm). <see cref="IntegratedGradients"/> builds on it.
/// </summary>
public interface IInputGradientModel : IModel
{
    /// <summary>The positive-class logit at <paramref name="features"/>, the quantity <see cref="ComputeInputGradient"/> differentiates.</summary>
    float Logit(ReadOnlySpan<float> features);

    /// <summary>Writes ∂logit/∂xᵢ for one sample into <paramref name="gradient"/> (InputSize values).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    void ComputeInputGradient(ReadOnlySpan<float> features, Span<float> gradient);
}
