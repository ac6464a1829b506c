using System;

namespace ModelGen;

/// <summary>
/// Batch normalization after a Dense or Conv2D layer: each feature (or each channel of an image) is normalized by the
/// batch's mean and variance while training and by running averages of them at prediction, then scaled and shifted
/// by a trained <c>γ</c> and <c>β</c> — Keras's <c>BatchNormalization</c>, stored in PyTorch's <c>nn.BatchNorm</c> layout
/// (weight γ, bias β, then running_mean and running_var, which are state, not trained).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute : Attribute
{
    /// <summary>How much of the running statistics each training batch keeps: <c>running = momentum·running + (1 − momentum)·batch</c> (Keras: 0.99).</summary>
    public double Momentum { get; set; } = Defaults.BatchNormMomentum;

    /// <summary>Added to the variance before its square root (Keras: 0.001).</summary>
    public double Epsilon { get; set; } = Defaults.BatchNormEpsilon;
}
