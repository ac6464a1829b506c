using System.Globalization;

namespace ModelGen.Generators.Planning;

/// <summary>
/// The shape of one sample's values between layers: a flat vector, or an image of <see cref="Channels"/> planes of
/// <see cref="Height"/> × <see cref="Width"/>, stored channel-major (C, H, W) as PyTorch stores it.
/// </summary>
internal readonly record struct TensorShape(int Channels, int Height, int Width, bool IsSpatial)
{
    public static TensorShape Flat(int size) => new(size, 1, 1, false);

    public static TensorShape Image(int channels, int height, int width) => new(channels, height, width, true);

    /// <summary>Values per sample; may overflow <see cref="int"/> only in a plan that reports MG0017.</summary>
    public long LongSize => (long)Channels * Height * Width;

    public int Size => (int)LongSize;

    /// <summary>Values in one channel's plane.</summary>
    public int PlaneSize => Height * Width;

    /// <summary>Keras's <c>(H, W, C)</c> or <c>(N)</c>, for messages and summaries.</summary>
    public override string ToString() => IsSpatial
        ? string.Format(CultureInfo.InvariantCulture, "{0}x{1}x{2}", Height, Width, Channels)
        : Invariant.Number(Channels);
}
