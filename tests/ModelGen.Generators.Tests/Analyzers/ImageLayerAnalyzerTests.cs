using System.Threading.Tasks;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Analyzers;

/// <summary>MG0030–MG0035 and the size checks of the image layers, where they should be reported and nowhere else.</summary>
public sealed class ImageLayerAnalyzerTests
{
    private const string Tail = "[Flatten] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]";

    private static Task Verify(string source) => AnalyzerHarness.VerifyAsync("using ModelGen;\n" + source);

    [Fact]
    public Task The_seed_cnn_and_its_variants_are_valid() => Verify($$"""
        [Input(28, 28, 1)] [Conv2D(32, 3, activation: Activation.Relu)] [MaxPool2D(2)] [Conv2D(64, 3, activation: Activation.Relu)] [MaxPool2D(2)] {{Tail}}
        public partial class Seed { }
        [Input(8, 8, 1)] [Conv2D(4, 3, stride: 1, padding: Padding.Same, activation: Activation.Relu)] [Dropout(0.5)] [AvgPool2D(2, 1)] [Flatten] [Dropout(0)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Variants { }
        [Input(5, 5, 3)] [Conv2D(2, 7, stride: 3, padding: Padding.Same)] {{Tail}}
        public partial class KernelLargerThanInputWithSamePadding { }
        """);

    [Fact]
    public Task MG0015_non_positive_image_sizes_filters_kernels_strides_and_pools() => Verify($$"""
        [Input({|MG0015:0|}, 8, 1)] [Conv2D(2, 3)] {{Tail}}
        public partial class ZeroHeight { }
        [Input(8, 8, 1)] [Conv2D({|MG0015:0|}, {|MG0015:-1|}, {|MG0015:0|})] {{Tail}}
        public partial class BadConv { }
        [Input(8, 8, 1)] [MaxPool2D({|MG0015:0|})] [AvgPool2D(2, {|MG0015:-2|})] {{Tail}}
        public partial class BadPools { }
        """);

    [Fact]
    public Task MG0030_convolution_or_pooling_on_a_flat_input() => Verify($$"""
        [Input(64)] [{|MG0030:Conv2D(2, 3)|}] {{Tail}}
        public partial class FlatInput { }
        [Input(8, 8, 1)] [Flatten] [{|MG0030:MaxPool2D(2)|}] {{Tail}}
        public partial class AfterFlatten { }
        """);

    [Fact]
    public Task MG0031_kernel_or_pool_larger_than_its_input() => Verify($$"""
        [Input(4, 6, 1)] [{|MG0031:Conv2D(2, 5)|}] {{Tail}}
        public partial class BigKernel { }
        [Input(8, 8, 1)] [Conv2D(2, 3)] [MaxPool2D(2)] [{|MG0031:AvgPool2D(4)|}] {{Tail}}
        public partial class BigPool { }
        """);

    [Fact]
    public Task MG0032_valid_convolution_that_does_not_tile() => Verify($$"""
        [Input(28, 28, 1)] [{|MG0032:Conv2D(2, 3, stride: 2)|}] {{Tail}}
        public partial class HalfStep { }
        """);

    [Fact]
    public Task MG0033_dense_after_an_image_without_flatten() => Verify("""
        [Input(8, 8, 1)] [Conv2D(2, 3)] [{|MG0033:Dense(1, Activation.Sigmoid)|}] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class NoFlatten { }
        [Input(8, 8, 1)] [{|MG0033:Dense(1, Activation.Sigmoid)|}] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class ImageIntoDense { }
        """);

    [Fact]
    public Task MG0034_dropout_rate_outside_zero_to_one() => Verify($$"""
        [Input(10)] [Dense(4)] [Dropout({|MG0034:1.0|})] [Dropout({|MG0034:-0.1|})] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Rates { }
        """);

    [Fact]
    public Task MG0035_output_layer_that_is_not_dense() => Verify("""
        [Input(8, 8, 1)] [Conv2D(2, 3)] [{|MG0035:Flatten|}] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class EndsInFlatten { }
        [Input(10)] [Dense(1, Activation.Sigmoid)] [{|MG0035:Dropout(0.5)|}] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class EndsInDropout { }
        """);

    [Fact]
    public Task MG0036_batch_norm_that_does_not_follow_dense_or_conv() => Verify($$"""
        [Input(8, 8, 1)] [{|MG0036:BatchNorm|}] [Conv2D(2, 3)] [BatchNorm] [MaxPool2D(2)] [{|MG0036:BatchNorm(Momentum = 0.9)|}] {{Tail}}
        public partial class Misplaced { }
        [Input(10)] [Dense(4)] [BatchNorm({|MG0019:Momentum = 1.0|}, {|MG0020:Epsilon = 0|})] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class BadSettings { }
        """);
}
