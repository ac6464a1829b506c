using System;

namespace ModelGen;

/// <summary>
/// A fully connected layer. Layers run in the order their attributes are written.
/// Weights are stored <c>[units, inputs]</c> row-major, then the bias: the layout of PyTorch's <c>nn.Linear</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a layer of <paramref name="units"/> outputs followed by <paramref name="activation"/>.</summary>
    public DenseAttribute(int units, Activation activation = Activation.Linear)
    {
        Units = units;
        Activation = activation;
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }

    /// <summary>The activation applied to the outputs.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a trained bias (default <see langword="true"/>).</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>How the weights are drawn at construction (default: by activation).</summary>
    public Initializer Initializer { get; set; } = Initializer.Auto;

    /// <summary>L2 penalty strength λ: the loss gains λ·Σw² over this layer's weights (not its bias), as Keras's <c>l2(λ)</c>.</summary>
    public double L2 { get; set; }

    /// <summary>The slope for negative inputs when the activation is <see cref="Activation.LeakyRelu"/>.</summary>
    public double NegativeSlope { get; set; } = Defaults.NegativeSlope;
}
