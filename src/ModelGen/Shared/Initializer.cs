// Linked as source into ModelGen.Generators so the generator and the runtime cannot disagree.
namespace ModelGen;

/// <summary>How a layer's weights are drawn at construction. Biases always start at zero.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum Initializer
{
    /// <summary>He-uniform for the ReLU family, Glorot-uniform for every other activation.</summary>
    Auto = 0,

    /// <summary>Uniform in ±sqrt(6 / (fanIn + fanOut)).</summary>
    GlorotUniform = 1,

    /// <summary>Uniform in ±sqrt(6 / fanIn).</summary>
    HeUniform = 2,
}
