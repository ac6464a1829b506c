using System.Linq;
using Xunit;

namespace ModelGen.Tests.Models;

/// <summary>The generated layer table and Keras-style summary.</summary>
public sealed class SummaryTests
{
    [Fact]
    public void Summary_lists_layers_shapes_parameters_and_multiply_adds_as_keras_does()
    {
        // Keras prints 496, 136 and 9 parameters (641 in all) for Dense 16-8-1 on 30 inputs.
        const string Expected =
            "Model: \"Mlp30\"\n" +
            "_____________________________________________________________\n" +
            "Layer (type)                 Output Shape  Param #  Mult-adds\n" +
            "=============================================================\n" +
            "dense (Dense(16, Relu))      (None, 16)    496            480\n" +
            "dense_1 (Dense(8, Relu))     (None, 8)     136            128\n" +
            "dense_2 (Dense(1, Sigmoid))  (None, 1)     9                8\n" +
            "=============================================================\n" +
            "Total params: 641 (2,564 bytes)\n" +
            "Trainable params: 641\n" +
            "Non-trainable params: 0\n" +
            "Multiply-adds per sample: 616\n" +
            "_____________________________________________________________\n";
        Assert.Equal(Expected, new Mlp30().Summary());
    }

    [Fact]
    public void Layer_parameters_add_up_to_the_model_and_shapes_chain()
    {
        IGradientModel[] models = { new Mlp30(), new Mlp784(), new Softmax3(), new WideHidden(), new SeedCnn(), new NormalizedCnn() };
        foreach (IGradientModel model in models)
        {
            Assert.Equal(model.ParameterCount, model.Layers.Sum(l => l.ParameterCount));
            Assert.Equal(model.OutputSize, model.Layers[^1].OutputShape.Single());

            // The tensors tile the parameters in order, with no gap and no overlap.
            int next = 0;
            foreach (TensorSummary tensor in model.Layers.SelectMany(l => l.Tensors))
            {
                Assert.Equal(next, tensor.Offset);
                next += tensor.Length;
            }

            Assert.Equal(model.ParameterCount, next);
        }

        Assert.Equal(new[] { "dense", "dense_1" }, new Softmax3().Layers.Select(l => l.Name));
        Assert.Equal(784L * 128 + 128 * 64 + 64, new Mlp784().Layers.Sum(l => l.MultiplyAdds));
    }

    [Fact]
    public void Image_models_show_keras_shapes_names_and_non_trainable_state()
    {
        string summary = new NormalizedCnn().Summary();

        // Conv2D 4@3x3 on 10x10x1: 4·9 + 4 = 40 parameters, 8·8·4·9 = 2,304 multiply-adds; BatchNorm keeps γ, β,
        // running mean and variance per channel (16 for 4 channels, 8 of them state).
        Assert.Contains("conv2d (Conv2D(4, 3, stride 1, Valid, Relu))", summary);
        Assert.Contains("(None, 8, 8, 4)", summary);
        Assert.Contains("batch_normalization (BatchNorm(momentum 0.99, epsilon 0.001))", summary);
        Assert.Contains("max_pooling2d (MaxPool2D(2, stride 2))", summary);
        Assert.Contains("(None, 4, 4, 4)", summary);
        Assert.Contains("flatten (Flatten())", summary);
        Assert.Contains("(None, 64)", summary);
        Assert.Contains("batch_normalization_1 (", summary);
        Assert.Contains("Non-trainable params: 24", summary);
        Assert.Contains($"Trainable params: {NormalizedCnn.ParameterCount - 24:N0}", summary);
        Assert.Equal(2304, new NormalizedCnn().Layers[0].MultiplyAdds);
        Assert.Equal(new[] { 4, 1, 3, 3 }, new NormalizedCnn().Layers[0].Tensors[0].Shape);
    }
}
