// Linked as source into ModelGen.Generators so the generator and the runtime cannot disagree.
namespace ModelGen;

/// <summary>How a convolution treats the borders of its input, as in Keras.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum Padding
{
    /// <summary>No padding: the kernel stays inside the input, so the output shrinks; it must tile the input exactly.</summary>
    Valid = 0,

    /// <summary>
    /// Zeros around the input so that the output is <c>ceil(input / stride)</c> wide; an odd total goes to the bottom
    /// and right, as TensorFlow pads.
    /// </summary>
    Same = 1,
}
