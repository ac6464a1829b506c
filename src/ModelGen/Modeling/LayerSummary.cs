using System.Collections.Generic;

namespace ModelGen;

/// <summary>One layer of a generated model, as Keras's <c>model.summary()</c> lists it.</summary>
/// <param name="Name">Keras-style name: <c>dense</c>, <c>dense_1</c>, ...</param>
/// <param name="Description">The layer as declared, such as <c>Dense(16, Relu)</c>.</param>
/// <param name="OutputShape">The shape of one sample's output, without the batch dimension.</param>
/// <param name="ParameterCount">Trained parameters.</param>
/// <param name="MultiplyAdds">Multiply-adds of one sample's forward pass.</param>
public sealed record LayerSummary(string Name, string Description, IReadOnlyList<int> OutputShape, int ParameterCount, long MultiplyAdds);
