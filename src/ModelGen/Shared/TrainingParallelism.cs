// Linked as source into ModelGen.Generators so the generator and the runtime cannot disagree.
namespace ModelGen;

/// <summary>How a network's training step uses <c>IGradientModel.Threads</c>.</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum TrainingParallelism
{
    /// <summary>
    /// Training runs on the calling thread whatever the thread count: batch normalization's statistics need the
    /// whole batch in one place.
    /// </summary>
    None = 0,

    /// <summary>
    /// Each layer's products are split across threads by outputs, each output computed whole on one thread: every
    /// thread count trains to the same bits, so it changes only the speed (networks of Dense layers).
    /// </summary>
    ByLayerOutputs = 1,

    /// <summary>
    /// The batch is split into parts of samples whose gradients are added in part order: each thread count trains
    /// reproducibly to its own bits, equal to another count's within float rounding (convolutional networks, and
    /// networks small enough to train sample by sample).
    /// </summary>
    BySamples = 2,
}
