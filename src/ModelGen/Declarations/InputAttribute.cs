using System;

namespace ModelGen;

/// <summary>Declares what a model reads per sample: a flat vector of features, or an image. One per model class.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares a flat input of <paramref name="size"/> features.</summary>
    public InputAttribute(int size) => Size = size;

    /// <summary>
    /// Declares an image input of <paramref name="height"/> × <paramref name="width"/> pixels with <paramref name="channels"/>
    /// channels. A sample is passed channel-major, as PyTorch stores a <c>[C, H, W]</c> tensor: all of channel 0 row by
    /// row, then channel 1, ...; <c>InputSize</c> is <c>height · width · channels</c>.
    /// </summary>
    public InputAttribute(int height, int width, int channels)
    {
        Height = height;
        Width = width;
        Channels = channels;
        Size = height * width * channels;
    }

    /// <summary>The number of values per sample.</summary>
    public int Size { get; }

    /// <summary>The image height, or 0 for a flat input.</summary>
    public int Height { get; }

    /// <summary>The image width, or 0 for a flat input.</summary>
    public int Width { get; }

    /// <summary>The image channels, or 0 for a flat input.</summary>
    public int Channels { get; }
}
