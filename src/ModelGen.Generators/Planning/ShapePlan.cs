using System.Collections.Generic;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Planning;

/// <summary>Where each layer reads, writes and keeps its parameters: everything the emitters need besides the spec.</summary>
internal sealed class ShapePlan
{
    public ShapePlan(ModelSpec spec, TensorShape input, IReadOnlyList<LayerPlan> layers, long parameterCount)
    {
        Spec = spec;
        InputShape = input;
        int inputSize = input.Size;
        Layers = layers;
        ParameterCount = parameterCount;
        int activations = 0;
        int widest = inputSize;
        foreach (LayerPlan layer in layers)
        {
            activations += layer.OutputSize;
            widest = System.Math.Max(widest, layer.OutputSize);
        }

        ActivationSize = activations;
        MaxWidth = widest;
    }

    public ModelSpec Spec { get; }

    public TensorShape InputShape { get; }

    public int InputSize => InputShape.Size;

    public IReadOnlyList<LayerPlan> Layers { get; }

    public LayerPlan Output => Layers[Layers.Count - 1];

    /// <summary>Floats of batch statistics all layers keep in training; above 0, training runs layer by layer over the batch.</summary>
    public int BatchStatisticsSize => System.Linq.Enumerable.Sum(Layers, l => l.Kind.BatchStatistics(l));

    /// <summary>Whether training runs layer by layer over the whole batch: a layer needs batch statistics or runs faster batched.</summary>
    public bool TrainsLayerByLayer => BatchStatisticsSize > 0 || PredictsLayerByLayer;

    /// <summary>
    /// Whether training splits each batched layer's products across threads by outputs, rather than the batch by
    /// samples: every layer with parameters can (Dense), one runs batched, and no layer needs the batch's statistics.
    /// </summary>
    public bool SplitsLayersAcrossThreads =>
        BatchStatisticsSize == 0
        && System.Linq.Enumerable.All(Layers, l => l.ParameterCount == 0 || l.Kind.SplitsOutputsAcrossThreads)
        && PredictsLayerByLayer;

    /// <summary>How training splits its work across threads: the generated step's choice, and what the model tells the runtime.</summary>
    public TrainingParallelism TrainingParallelism =>
        BatchStatisticsSize > 0 ? TrainingParallelism.None
        : SplitsLayersAcrossThreads ? TrainingParallelism.ByLayerOutputs
        : TrainingParallelism.BySamples;

    /// <summary>Whether <c>PredictBatch</c> runs layer by layer over chunks of samples: some layer runs faster batched.</summary>
    public bool PredictsLayerByLayer => System.Linq.Enumerable.Any(Layers, l => l.Kind.RunsBatched(l));

    /// <summary>Where a layer's batch statistics start.</summary>
    public int BatchStatisticsOffset(LayerPlan layer) =>
        System.Linq.Enumerable.Sum(System.Linq.Enumerable.Take(Layers, layer.Index), l => l.Kind.BatchStatistics(l));

    /// <summary>The [start, end) ranges of parameters the optimizer updates: all but state such as running statistics.</summary>
    public IReadOnlyList<(int Start, int End)> TrainableRanges
    {
        get
        {
            var ranges = new List<(int Start, int End)>();
            int start = 0;
            foreach (LayerPlan layer in Layers)
            {
                foreach (TensorPlan tensor in layer.Kind.Tensors(layer))
                {
                    if (!tensor.Trainable)
                    {
                        int at = layer.ParameterOffset + tensor.Offset;
                        if (at > start)
                        {
                            ranges.Add((start, at));
                        }

                        start = at + System.Linq.Enumerable.Aggregate(tensor.Shape, 1, (a, b) => a * b);
                    }
                }
            }

            if (start < ParameterCount)
            {
                ranges.Add((start, (int)ParameterCount));
            }

            return ranges;
        }
    }

    /// <summary>Whether a layer draws random numbers while training (dropout).</summary>
    public bool IsStochastic => System.Linq.Enumerable.Any(Layers, l => l.Kind.IsStochastic);

    public int OutputSize => Output.OutputSize;

    /// <summary>Total trained parameters; may exceed <see cref="int.MaxValue"/> only in a plan that reports MG0017.</summary>
    public long ParameterCount { get; }

    /// <summary>Floats one sample's forward pass keeps: every layer's outputs, back to back.</summary>
    public int ActivationSize { get; }

    /// <summary>A canonical description of the architecture with <paramref name="loss"/>; equal strings mean exchangeable parameters.</summary>
    public string Architecture(LossKind loss) =>
        $"Input({(InputShape.IsSpatial ? string.Join(", ", InputShape.Height, InputShape.Width, InputShape.Channels) : Invariant.Number(InputSize))}) -> " +
        string.Join(" -> ", System.Linq.Enumerable.Select(Layers, l => l.Kind.Describe(l.Spec))) +
        " | " + loss;

    /// <summary>The widest vector of the network (input or any layer's output), the size of a delta buffer.</summary>
    public int MaxWidth { get; }
}

/// <summary>One layer placed in the network.</summary>
internal sealed class LayerPlan
{
    public LayerPlan(int index, LayerSpec spec, LayerKind kind, TensorShape input, TensorShape output, int parameterOffset, int parameterCount, int outputOffset, bool isLast)
    {
        Index = index;
        Spec = spec;
        Kind = kind;
        InputShape = input;
        OutputShape = output;
        ParameterOffset = parameterOffset;
        ParameterCount = parameterCount;
        OutputOffset = outputOffset;
        IsLast = isLast;
    }

    public int Index { get; }

    public LayerSpec Spec { get; }

    public LayerKind Kind { get; }

    public TensorShape InputShape { get; }

    public TensorShape OutputShape { get; }

    public int InputSize => InputShape.Size;

    public int OutputSize => OutputShape.Size;

    /// <summary>Where this layer's parameters start in the model's parameter array.</summary>
    public int ParameterOffset { get; }

    public int ParameterCount { get; }

    /// <summary>Where this layer's outputs start in a sample's activation scratch.</summary>
    public int OutputOffset { get; }

    public bool IsFirst => Index == 0;

    public bool IsLast { get; }

    /// <summary>The layer after this one, null for the output layer: what a layer that fuses with its successor reads.</summary>
    public LayerPlan? Next { get; private set; }

    /// <summary>Links the layers of a plan in order, once all of them exist.</summary>
    internal static void Link(IReadOnlyList<LayerPlan> layers)
    {
        for (int i = 0; i + 1 < layers.Count; i++)
        {
            layers[i].Next = layers[i + 1];
        }
    }

    /// <summary>
    /// The activation the layer's own forward code applies. The output layer applies none: the loss head
    /// works from its logits (fused sigmoid/softmax gradients) and prediction applies the activation after.
    /// </summary>
    public Activation AppliedActivation => IsLast ? Activation.Linear : Spec.Activation;

    /// <summary>The prefix of the layer's generated methods, such as <c>Layer0</c>.</summary>
    public string Name => "Layer" + Invariant.Number(Index);
}
