// Linked as source into ModelGen.Generators so the generator and the runtime cannot disagree.
namespace ModelGen;

/// <summary>The activation function applied to a layer's pre-activation output.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum Activation
{
    /// <summary>Identity: the layer outputs its pre-activation (logits or margins).</summary>
    Linear = 0,

    /// <summary><c>max(0, z)</c>.</summary>
    Relu = 1,

    /// <summary><c>z</c> for positive <c>z</c>, <c>slope·z</c> otherwise (see <c>DenseAttribute.NegativeSlope</c>).</summary>
    LeakyRelu = 2,

    /// <summary>The logistic function <c>1 / (1 + e^-z)</c>: a probability in (0, 1).</summary>
    Sigmoid = 3,

    /// <summary>The hyperbolic tangent.</summary>
    Tanh = 4,

    /// <summary>Softmax over the layer's units, shifted by its maximum for stability.</summary>
    Softmax = 5,
}
