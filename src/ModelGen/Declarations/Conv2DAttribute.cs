using System;

namespace ModelGen;

/// <summary>
/// A 2-D convolution over an image input: <c>filters</c> output channels, a square kernel of
/// <c>kernelSize</c> × <c>kernelSize</c>. Weights are stored <c>[filters, inputChannels, kernel, kernel]</c>, then the bias:
/// the layout of PyTorch's <c>nn.Conv2d</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : Attribute
{
    /// <summary>Declares the convolution.</summary>
    /// <param name="filters">Output channels.</param>
    /// <param name="kernelSize">The kernel's height and width.</param>
    /// <param name="stride">The step between kernel positions, in both directions.</param>
    /// <param name="padding">Whether the output shrinks (<see cref="Padding.Valid"/>) or keeps <c>ceil(input / stride)</c> (<see cref="Padding.Same"/>).</param>
    /// <param name="activation">The activation applied to the outputs.</param>
    public Conv2DAttribute(int filters, int kernelSize, int stride = 1, Padding padding = Padding.Valid, Activation activation = Activation.Linear)
    {
        Filters = filters;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Activation = activation;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>The kernel's height and width.</summary>
    public int KernelSize { get; }

    /// <summary>The step between kernel positions.</summary>
    public int Stride { get; }

    /// <summary>The border treatment.</summary>
    public Padding Padding { get; }

    /// <summary>The activation applied to the outputs.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a trained bias per filter (default <see langword="true"/>).</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>How the weights are drawn at construction (default: by activation), with fan-in = channels · kernel².</summary>
    public Initializer Initializer { get; set; } = Initializer.Auto;

    /// <summary>L2 penalty strength λ on the kernel weights (not the bias).</summary>
    public double L2 { get; set; }

    /// <summary>The slope for negative inputs when the activation is <see cref="Activation.LeakyRelu"/>.</summary>
    public double NegativeSlope { get; set; } = Defaults.NegativeSlope;
}
