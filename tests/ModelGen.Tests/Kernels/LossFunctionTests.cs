using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Tests.Kernels;

/// <summary>The fused loss-and-probability helper the generated training code calls.</summary>
public sealed class LossFunctionTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(1e-8f)]
    [InlineData(0.3f)]
    [InlineData(-0.3f)]
    [InlineData(17.5f)]
    [InlineData(-17.5f)]
    [InlineData(-104f)]
    [InlineData(89f)]
    public void Fused_cross_entropy_and_sigmoid_equal_the_separate_calls_bit_for_bit(float z)
    {
        foreach (float label in new[] { 0f, 1f, 0.25f })
        {
            float loss = ModelMath.BinaryCrossEntropyFromLogit(z, label, out float probability);

            Assert.Equal(ModelMath.BinaryCrossEntropyFromLogit(z, label), loss);
            Assert.Equal(ModelMath.Sigmoid(z), probability);
        }
    }
}
