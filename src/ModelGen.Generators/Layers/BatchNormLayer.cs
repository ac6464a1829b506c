using System.Collections.Generic;
using System.Globalization;
using ModelGen.Generators.Emission;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Layers;

/// <summary><c>[BatchNorm(Momentum = ..., Epsilon = ...)]</c>.</summary>
internal sealed record BatchNormLayerSpec(int AttributeIndex, double Momentum, double Epsilon) : LayerSpec(AttributeIndex, Activation.Linear, 0)
{
    public override LayerKind Kind => BatchNormLayer.Instance;
}

/// <summary>
/// Batch normalization per feature of a flat input or per channel of an image (over the batch and every pixel), as
/// Keras computes it: training normalizes by the batch's mean and biased variance and moves the running statistics
/// toward them by <c>1 − momentum</c>; prediction uses the running statistics. Parameters: γ, β (trained), then the
/// running mean and variance (state), each one value per channel.
/// </summary>
internal sealed class BatchNormLayer : LayerKind
{
    public static BatchNormLayer Instance { get; } = new();

    public override string FullBatchConflict => "BatchNorm normalizes by the batch's statistics in training and moves its running statistics on every evaluation of the loss";

    public override string AttributeName => "BatchNorm";

    public override string KerasName => "batch_normalization";

    public override LayerSpec Parse(AttributeValues values)
    {
        double momentum = values.Double("Momentum", Defaults.BatchNormMomentum);
        double epsilon = values.Double("Epsilon", Defaults.BatchNormEpsilon);
        if (!(momentum >= 0 && momentum < 1))
        {
            values.ReportArgument(Diagnostics.Descriptors.DecayOutOfRange.Id, "Momentum", "Momentum", Invariant.Number(momentum));
        }

        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            values.ReportArgument(Diagnostics.Descriptors.NonPositiveEpsilon.Id, "Epsilon", Invariant.Number(epsilon));
        }

        return new BatchNormLayerSpec(values.AttributeIndex, momentum, epsilon);
    }

    /// <summary>MG0034: BatchNorm normalizes pre-activations, so it follows a Dense or Conv2D layer (any layer of weighted sums).</summary>
    public override SpecProblem? CheckPlacement(LayerSpec spec, LayerSpec? previous) =>
        previous is not null && previous.Kind.ComputesWeightedSums
            ? null
            : new SpecProblem(Diagnostics.Descriptors.BatchNormPlacement.Id, new[] { previous is null ? "the input" : previous.Kind.Describe(previous) }.ToEquatableArray(), spec.AttributeIndex);

    public override LayerShape? InferShape(LayerSpec spec, TensorShape input, List<SpecProblem>? problems) =>
        new LayerShape(input, 4L * Channels(input));

    public override string Describe(LayerSpec spec)
    {
        var norm = (BatchNormLayerSpec)spec;
        return $"BatchNorm(momentum {Invariant.Number(norm.Momentum)}, epsilon {Invariant.Number(norm.Epsilon)})";
    }

    public override long MultiplyAdds(LayerPlan layer) => layer.InputSize;

    public override IReadOnlyList<TensorPlan> Tensors(LayerPlan layer)
    {
        int c = Channels(layer.InputShape);
        return new[]
        {
            new TensorPlan("weight", new[] { c }, 0),
            new TensorPlan("bias", new[] { c }, c),
            new TensorPlan("running_mean", new[] { c }, 2 * c, Trainable: false),
            new TensorPlan("running_var", new[] { c }, 3 * c, Trainable: false),
        };
    }

    public override (int Offset, int Count, double Strength) Regularized(LayerPlan layer) => (layer.ParameterOffset, 0, 0);

    public override int BatchStatistics(LayerPlan layer) => 3 * Channels(layer.InputShape);

    public override void EmitInitialization(SourceWriter writer, LayerPlan layer)
    {
        int c = Channels(layer.InputShape);
        writer.Line($"// {layer.Name}: γ = 1, β = 0, running mean 0 and variance 1.");
        writer.Line($"new {Code.Span}<float>(_parameters, {Literals.Int(layer.ParameterOffset)}, {Literals.Int(c)}).Fill(1f);");
        writer.Line($"new {Code.Span}<float>(_parameters, {Literals.Int(layer.ParameterOffset + 3 * c)}, {Literals.Int(c)}).Fill(1f);");
    }

    public override void EmitMethods(SourceWriter writer, LayerPlan layer)
    {
        var norm = (BatchNormLayerSpec)layer.Spec;
        int channels = Channels(layer.InputShape);
        int positions = layer.InputSize / channels;
        string epsilon = Literals.Float(norm.Epsilon);
        string at = $"c * {positions} + i";

        writer.Line($"/// <summary>{layer.Name}: normalizes with the running statistics (prediction).</summary>");
        using (writer.Block($"private static void {layer.Name}Forward(ref float p, ref float x, ref float y)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            using (writer.For("c", channels))
            {
                writer.Line($"float scale = {Code.At("w", "c")} / MathF.Sqrt({Code.At("w", $"{3 * channels} + c")} + {epsilon});");
                writer.Line($"float shift = {Code.At("w", $"{channels} + c")} - {Code.At("w", $"{2 * channels} + c")} * scale;");
                using (writer.For("i", positions))
                {
                    writer.Line($"{Code.At("y", at)} = {Code.Fma}({Code.At("x", at)}, scale, shift);");
                }
            }
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name}: normalizes a batch with its own statistics and keeps them (mean, 1/σ, variance) in <paramref name=\"s\"/>.</summary>");
        using (writer.Block($"private static void {layer.Name}ForwardBatch(ref float p, ref float x, ref float y, ref float s, int batch, int stride)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            writer.Line($"double count = (double)batch * {Literals.Int(positions)};");
            using (writer.For("c", channels))
            {
                writer.Line("double sum = 0.0;");
                using (SampleLoops(writer, positions))
                {
                    writer.Line($"sum += {Code.At("x", $"n * stride + {at}")};");
                }

                writer.Line("float mean = (float)(sum / count);");
                writer.Line("double squares = 0.0;");
                using (SampleLoops(writer, positions))
                {
                    writer.Line($"double d = {Code.At("x", $"n * stride + {at}")} - mean;");
                    writer.Line("squares += d * d;");
                }

                writer.Line("float variance = (float)(squares / count);");
                writer.Line($"float inverse = 1f / MathF.Sqrt(variance + {epsilon});");
                writer.Line($"{Code.At("s", "c")} = mean;");
                writer.Line($"{Code.At("s", $"{channels} + c")} = inverse;");
                writer.Line($"{Code.At("s", $"{2 * channels} + c")} = variance;");
                writer.Line($"float scale = {Code.At("w", "c")} * inverse;");
                writer.Line($"float shift = {Code.At("w", $"{channels} + c")} - mean * scale;");
                using (SampleLoops(writer, positions))
                {
                    writer.Line($"{Code.At("y", $"n * stride + {at}")} = {Code.Fma}({Code.At("x", $"n * stride + {at}")}, scale, shift);");
                }

            }
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name}: moves the running statistics toward the last training batch's, kept in <paramref name=\"s\"/> by its forward pass; only a training step that updates the weights calls it.</summary>");
        using (writer.Block($"private static void {layer.Name}UpdateRunningStatistics(ref float p, ref float s)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            string momentum = Literals.Float(norm.Momentum);
            string rest = Literals.Float(1 - norm.Momentum);
            using (writer.For("c", channels))
            {
                writer.Line($"{Code.At("w", $"{2 * channels} + c")} = {momentum} * {Code.At("w", $"{2 * channels} + c")} + {rest} * {Code.At("s", "c")};");
                writer.Line($"{Code.At("w", $"{3 * channels} + c")} = {momentum} * {Code.At("w", $"{3 * channels} + c")} + {rest} * {Code.At("s", $"{2 * channels} + c")};");
            }
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name}: dγ, dβ and dx over the batch, from the statistics its forward pass kept.</summary>");
        using (writer.Block($"private static void {layer.Name}BackwardBatch(ref float p, ref float g, ref float x, ref float dz, ref float dx, ref float s, int batch, int stride, int deltaStride)"))
        {
            writer.Line($"ref float w = ref {Code.At("p", layer.ParameterOffset)};");
            writer.Line($"ref float gw = ref {Code.At("g", layer.ParameterOffset)};");
            writer.Line($"float count = (float)batch * {Literals.Int(positions)};");
            using (writer.For("c", channels))
            {
                writer.Line($"float mean = {Code.At("s", "c")};");
                writer.Line($"float inverse = {Code.At("s", $"{channels} + c")};");
                writer.Line("double sumGradient = 0.0;");
                writer.Line("double sumGradientNormalized = 0.0;");
                using (SampleLoops(writer, positions))
                {
                    writer.Line($"float d = {Code.At("dz", $"n * deltaStride + {at}")};");
                    writer.Line("sumGradient += d;");
                    writer.Line($"sumGradientNormalized += d * ({Code.At("x", $"n * stride + {at}")} - mean) * inverse;");
                }

                writer.Line($"{Code.At("gw", "c")} += (float)sumGradientNormalized;");
                writer.Line($"{Code.At("gw", $"{channels} + c")} += (float)sumGradient;");
                writer.Line($"float k = {Code.At("w", "c")} * inverse / count;");
                writer.Line("float meanGradient = (float)sumGradient;");
                writer.Line("float meanProjection = (float)sumGradientNormalized;");
                using (SampleLoops(writer, positions))
                {
                    writer.Line($"float normalized = ({Code.At("x", $"n * stride + {at}")} - mean) * inverse;");
                    writer.Line($"{Code.At("dx", $"n * deltaStride + {at}")} = k * (count * {Code.At("dz", $"n * deltaStride + {at}")} - meanGradient - normalized * meanProjection);");
                }
            }
        }

        writer.Line();
        writer.Line($"/// <summary>{layer.Name} on a whole batch as in training, in double precision, for gradient checks.</summary>");
        using (writer.Block($"private static void {layer.Name}ReferenceBatch({Code.ReadOnlySpan}<double> p, double[] x, double[] y, int batch)"))
        {
            writer.Line($"{Code.ReadOnlySpan}<double> w = p.Slice({Literals.Int(layer.ParameterOffset)}, {Literals.Int(layer.ParameterCount)});");
            writer.Line($"int stride = {Literals.Int(layer.InputSize)};");
            writer.Line($"double count = (double)batch * {Literals.Int(positions)};");
            using (writer.For("c", channels))
            {
                writer.Line("double sum = 0.0;");
                using (SampleLoops(writer, positions))
                {
                    writer.Line($"sum += x[n * stride + {at}];");
                }

                writer.Line("double mean = sum / count;");
                writer.Line("double squares = 0.0;");
                using (SampleLoops(writer, positions))
                {
                    writer.Line($"squares += (x[n * stride + {at}] - mean) * (x[n * stride + {at}] - mean);");
                }

                writer.Line($"double inverse = 1.0 / Math.Sqrt(squares / count + {Literals.Double((float)norm.Epsilon)});");
                using (SampleLoops(writer, positions))
                {
                    writer.Line($"y[n * stride + {at}] = w[c] * (x[n * stride + {at}] - mean) * inverse + w[{channels} + c];");
                }
            }
        }
    }

    /// <summary>Loops over every sample <c>n</c> and every position <c>i</c> of the current channel.</summary>
    private static ScopeStack SampleLoops(SourceWriter writer, int positions)
    {
        var scopes = new Stack<System.IDisposable>();
        scopes.Push(writer.Block("for (int n = 0; n < batch; n++)"));
        scopes.Push(writer.For("i", positions));
        return new ScopeStack(scopes);
    }

    /// <summary>Values normalized together: the channels of an image, every feature of a flat vector.</summary>
    private static int Channels(TensorShape input) => input.IsSpatial ? input.Channels : input.Size;
}
