// Linked as source into ModelGen.Generators so the generator and the runtime cannot disagree.
namespace ModelGen;

/// <summary>The training objective of a model.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum LossKind
{
    /// <summary>Binary cross-entropy on a single sigmoid unit, computed from the logit.</summary>
    BinaryCrossEntropy = 0,

    /// <summary>Hinge loss <c>max(0, 1 − t·z)</c> with labels mapped to t = ±1, on a single linear unit.</summary>
    Hinge = 1,

    /// <summary>Mean squared error between the outputs and the label (one-hot for several outputs).</summary>
    MeanSquaredError = 2,

    /// <summary>Categorical cross-entropy on a softmax output; the label is the class index.</summary>
    CategoricalCrossEntropy = 3,
}
