using System.Collections.Generic;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Layers;

/// <summary>What one layer kind contributes: its attribute, its shape rule and its generated code.</summary>
/// <remarks>
/// Emitted methods share one convention. <c>p</c> and <c>g</c> are the first elements of the model's parameter
/// and gradient arrays (a layer adds its own <see cref="LayerPlan.ParameterOffset"/>); <c>x</c> is the layer's input,
/// <c>y</c> its output, <c>dz</c> the loss gradient with respect to its pre-activation outputs and <c>dx</c>
/// with respect to its input. All are <c>ref float</c> and read without bounds checks.
/// </remarks>
internal abstract class LayerKind
{
    /// <summary>The attribute's name without the suffix, as a user writes it: <c>Dense</c>.</summary>
    public abstract string AttributeName { get; }

    public string AttributeMetadataName => "ModelGen." + AttributeName + "Attribute";

    /// <summary>Keras's name for layers of this kind (<c>dense</c>, <c>dense_1</c>, ...): what summaries and tensor files call them.</summary>
    public virtual string KerasName => AttributeName.ToLowerInvariant();

    /// <summary>Reads the attribute into a spec, reporting out-of-range values.</summary>
    public abstract LayerSpec Parse(AttributeValues values);

    /// <summary>The layer's output shape and parameter count for an input of <paramref name="input"/>'s shape, or null (with the reasons in <paramref name="problems"/>) when impossible.</summary>
    public abstract LayerShape? InferShape(LayerSpec spec, TensorShape input, List<SpecProblem>? problems);

    /// <summary>A canonical description such as <c>Dense(16, Relu)</c>, part of the architecture fingerprint.</summary>
    public abstract string Describe(LayerSpec spec);

    /// <summary>Constructor code drawing the initial parameters from <c>rng</c>, a <c>SeededRandom</c>.</summary>
    public abstract void EmitInitialization(SourceWriter writer, LayerPlan layer);

    /// <summary>
    /// The layer's private static methods: <c>{Name}Forward(ref p, ref x, ref y)</c>,
    /// <c>{Name}BackwardParameters(ref x, ref dz, ref g)</c> (only with parameters), <c>{Name}BackwardInput(ref p, ref x, ref dz, ref dx)</c>
    /// (for the first layer too when <see cref="HasInputGradient"/>) and <c>{Name}Reference(p, x, y)</c> over doubles. A <see cref="IsStochastic"/> layer also
    /// emits <c>{Name}ForwardTraining(ref x, ref y, ulong stream)</c>, and its BackwardInput and Reference take the stream last.
    /// </summary>
    public abstract void EmitMethods(SourceWriter writer, LayerPlan layer);

    /// <summary>
    /// The units the layer declares when it may be the model's output layer (the loss is checked against them and its
    /// activation), or null when it may not: a model ends in a layer that says how many outputs it has.
    /// </summary>
    public virtual int? OutputUnits(LayerSpec spec) => null;

    /// <summary>Whether each output is a weighted sum of inputs plus a bias (Dense, Conv2D): the pre-activations a normalization layer may follow.</summary>
    public virtual bool ComputesWeightedSums => false;

    /// <summary>
    /// The problem with placing this layer after <paramref name="previous"/> (null: straight after the input), or null
    /// when it may stand there. Rules about a layer's neighbours live with the layer, not in a central list.
    /// </summary>
    public virtual SpecProblem? CheckPlacement(LayerSpec spec, LayerSpec? previous) => null;

    /// <summary>Whether the layer draws random numbers while training (dropout): training then runs its own forward pass.</summary>
    public virtual bool IsStochastic => false;

    /// <summary>
    /// Why a full-batch optimizer cannot train through the layer — its training objective changes from one evaluation to
    /// the next, which a line search cannot work with (MG0049) — or <see langword="null"/>.
    /// </summary>
    public virtual string? FullBatchConflict => null;

    /// <summary>
    /// Whether the layer's gradient to its input is the same at prediction as in training, so the model can give the
    /// input gradient explanations need (<c>ComputeInputGradient</c>): such a layer emits <c>BackwardInput</c> even when
    /// it is first. Not BatchNorm (its training gradient uses the batch's statistics), nor a kind that does not say so.
    /// </summary>
    public virtual bool HasInputGradient => false;

    /// <summary>
    /// Floats of per-batch statistics the layer keeps between its forward and backward pass in training, or 0. A layer
    /// with statistics normalizes over the batch: training then runs layer by layer over the whole batch, and the layer
    /// emits <c>{Name}ForwardBatch</c>, <c>{Name}BackwardBatch</c> and <c>{Name}ReferenceBatch</c> instead of the per-sample
    /// training methods, and <c>{Name}UpdateRunningStatistics(ref p, ref s)</c>, which only <c>TrainStep</c> calls, so that
    /// computing gradients or a gradient check leaves the model unchanged.
    /// </summary>
    public virtual int BatchStatistics(LayerPlan layer) => 0;

    /// <summary>
    /// Whether the layer runs faster over many samples at once than sample by sample: it then emits
    /// <c>{Name}ForwardBatch(ref p, ref x, xStride, ref y, yStride, batch, threads)</c> and
    /// <c>{Name}BackwardBatch(ref p, ref g, ref x, xStride, ref dz, ref dx, deltaStride, batch, threads)</c>, the model
    /// trains layer by layer and <c>PredictBatch</c> runs layer by layer over chunks of samples. <c>threads</c> is how
    /// many threads the layer's products may use (<see cref="SplitsOutputsAcrossThreads"/>), 1 inside a part of a batch
    /// already split by samples.
    /// </summary>
    public virtual bool RunsBatched(LayerPlan layer) => false;

    /// <summary>
    /// Whether the layer's batched products split across threads by its outputs (<c>ParallelKernels</c>), so each core
    /// keeps the same rows of weights step after step. A model whose every layer with parameters does this trains so,
    /// instead of splitting the batch by samples (<see cref="ShapePlan.SplitsLayersAcrossThreads"/>).
    /// </summary>
    public virtual bool SplitsOutputsAcrossThreads => false;

    /// <summary>
    /// Whether the layer's <c>BackwardBatch</c> writes its parameters' gradients rather than adding to them, so the
    /// training pass need not clear them first (and, split across threads, each core writes only its own rows).
    /// </summary>
    public virtual bool OverwritesGradients(LayerPlan layer) => false;

    /// <summary>
    /// Whether prediction runs this layer and the next as one method, <c>{Name}ForwardFused(ref p, ref x, ref y)</c>,
    /// which writes the next layer's outputs at <c>y</c> and keeps none of its own: a convolution pooled straight from
    /// its product. Only prediction fuses; training and input gradients keep every layer's outputs.
    /// </summary>
    public virtual bool FusesNextForPrediction(LayerPlan layer) => false;

    /// <summary>
    /// Floats of the layer's weights laid out input-major (transposed in panels of outputs, <c>VectorKernels.PackPanels</c>),
    /// which a large <c>PredictBatch</c> call or a frozen snapshot writes once and then multiplies whole chunks of samples
    /// by (<c>VectorKernels.AffinePanels</c>: outer-product tiles, no horizontal sums), or
    /// 0 when the layer predicts batches as it trains. A layer that returns more emits
    /// <c>{Name}ForwardTransposed(ref p, ref t, ref x, xStride, ref y, yStride, batch)</c>, <c>t</c> its transposed
    /// weights, which writes what its prediction step writes (the next layer's outputs when it
    /// <see cref="FusesNextForPrediction"/>), and writes them with <see cref="EmitTranspose"/>.
    /// </summary>
    public virtual int TransposedWeights(LayerPlan layer) => 0;

    /// <summary>
    /// Whether a frozen snapshot's one-sample pass runs the layer's <c>ForwardTransposed</c> (a batch of one) instead of its
    /// per-sample <c>Forward</c>: where reading the transposed weights is faster even for one sample.
    /// </summary>
    public virtual bool PredictsOneSampleTransposed(LayerPlan layer) => TransposedWeights(layer) > 0;

    /// <summary>The statement writing the layer's <see cref="TransposedWeights"/> at <paramref name="target"/> from the parameters <c>p</c>.</summary>
    public virtual void EmitTranspose(SourceWriter writer, LayerPlan layer, string target)
    {
    }

    /// <summary>Multiply-adds of one sample's forward pass through the layer.</summary>
    public abstract long MultiplyAdds(LayerPlan layer);

    /// <summary>
    /// The layer's parameters as named tensors in PyTorch's layout and order (<c>weight</c>, <c>bias</c>), each with its
    /// shape and its offset within the layer's parameters: what interop files name and check.
    /// </summary>
    public abstract IReadOnlyList<TensorPlan> Tensors(LayerPlan layer);

    /// <summary>The range of parameters an L2 penalty applies to, and its strength.</summary>
    public abstract (int Offset, int Count, double Strength) Regularized(LayerPlan layer);
}

/// <summary>One named parameter tensor of a layer; <paramref name="Trainable"/> false for state such as running statistics.</summary>
internal readonly record struct TensorPlan(string Name, int[] Shape, int Offset, bool Trainable = true);

/// <summary>A layer's inferred output shape and parameter count.</summary>
internal readonly record struct LayerShape(TensorShape Output, long ParameterCount);
