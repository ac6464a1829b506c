using System.Collections.Generic;

namespace ModelGen;

/// <summary>One layer of a generated model, as Keras's <c>model.summary()</c> lists it.</summary>
/// <param name="Name">Keras-style name: <c>dense</c>, <c>dense_1</c>, ...</param>
/// <param name="Description">The layer as declared, such as <c>Dense(16, Relu)</c>.</param>
/// <param name="OutputShape">The shape of one sample's output, without the batch dimension, in Keras's order: (height, width, channels) for an image.</param>
/// <param name="ParameterCount">Trained parameters.</param>
/// <param name="MultiplyAdds">Multiply-adds of one sample's forward pass.</param>
/// <param name="Tensors">The layer's parameters as PyTorch names them (<c>weight</c> <c>[out, in]</c>, <c>bias</c>), in order.</param>
public sealed record LayerSummary(string Name, string Description, IReadOnlyList<int> OutputShape, int ParameterCount, long MultiplyAdds, IReadOnlyList<TensorSummary> Tensors);

/// <summary>One parameter tensor inside <see cref="IGradientModel.Parameters"/>.</summary>
/// <param name="Name">PyTorch's name within the layer: <c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>.</param>
/// <param name="Shape">The tensor's shape, row-major.</param>
/// <param name="Offset">Where it starts in <see cref="IGradientModel.Parameters"/>.</param>
/// <param name="Trainable">
/// Whether the optimizer trains it; batch normalization's running statistics are state that training updates from
/// batch statistics instead (PyTorch's buffers, Keras's non-trainable weights), kept in <see cref="IGradientModel.Parameters"/>
/// so that every file format saves them.
/// </param>
public sealed record TensorSummary(string Name, IReadOnlyList<int> Shape, int Offset, bool Trainable = true)
{
    /// <summary>The number of values.</summary>
    public int Length
    {
        get
        {
            int length = 1;
            foreach (int dimension in Shape)
            {
                length *= dimension;
            }

            return length;
        }
    }
}
