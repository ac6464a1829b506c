using System;

namespace ModelGen;

/// <summary>
/// The maximum of each <c>size</c> × <c>size</c> window, channel by channel. Rows and columns left over when the windows
/// do not tile the input are dropped, as in Keras and PyTorch.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : Attribute
{
    /// <summary>Declares the pooling; <paramref name="stride"/> 0 means the window's size.</summary>
    public MaxPool2DAttribute(int size = 2, int stride = 0)
    {
        Size = size;
        Stride = stride;
    }

    /// <summary>The window's height and width.</summary>
    public int Size { get; }

    /// <summary>The step between windows; 0 means <see cref="Size"/>.</summary>
    public int Stride { get; }
}

/// <summary>The mean of each <c>size</c> × <c>size</c> window, channel by channel; leftover rows and columns are dropped.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute : Attribute
{
    /// <summary>Declares the pooling; <paramref name="stride"/> 0 means the window's size.</summary>
    public AvgPool2DAttribute(int size = 2, int stride = 0)
    {
        Size = size;
        Stride = stride;
    }

    /// <summary>The window's height and width.</summary>
    public int Size { get; }

    /// <summary>The step between windows; 0 means <see cref="Size"/>.</summary>
    public int Stride { get; }
}

/// <summary>
/// Turns an image's <c>[C, H, W]</c> values into a flat vector in the same order (PyTorch's <c>nn.Flatten</c>). A Dense
/// layer after a spatial layer needs it: ModelGen does not flatten implicitly (MG0033).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : Attribute
{
}

/// <summary>
/// Sets a random fraction <c>rate</c> of its inputs to zero while training and scales the rest by <c>1 / (1 - rate)</c>
/// (inverted dropout). Prediction passes values through unchanged, so it stays deterministic and thread-safe. The masks
/// come from the model's seed and its training step: runs are reproducible.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>Declares dropout of <paramref name="rate"/> (at least 0, less than 1).</summary>
    public DropoutAttribute(double rate) => Rate = rate;

    /// <summary>The fraction of values dropped while training.</summary>
    public double Rate { get; }
}
