using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using ModelGen.Numerics;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// The batch kernels of wide Dense layers against plain double loops, on shapes that leave every remainder of every
/// tile (Vector512 tiles where the hardware has them, Vector256 tiles, masked row ends, single rows and samples) and
/// with row strides wider than the rows, as the generated code passes them.
/// </summary>
public sealed class VectorKernelTests
{
    private readonly ITestOutputHelper _output;

    public VectorKernelTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 784, 128, 64 }, { 43, 101, 6 }, { 101, 41, 7 }, { 16, 8, 6 }, { 33, 9, 13 }, { 8, 1, 5 }, { 31, 7, 3 }, { 64, 64, 12 }, { 5, 3, 2 }, { 37, 300, 1 }, { 200, 137, 1 },
        // Deeper than one block of VectorKernels.Products (256): its depth blocks must give the bits of one pass.
        { 300, 21, 9 }, { 19, 300, 5 }, { 20, 19, 300 },
        // Panels of PackPanels: 100 outputs end in a narrower panel at every width; 1600 → 128 is the seeds' CNN's Dense layer.
        { 50, 100, 3 }, { 1600, 128, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_transposed_equals_double_loops(int inputs, int outputs, int batch)
    {
        ReportPath();
        (float[] x, int xStride) = Matrix(batch, inputs, seed: 1);
        (float[] w, _) = Matrix(outputs, inputs, seed: 2, padding: 0);
        int yStride = outputs + 2;
        var y = new float[batch * yStride];

        VectorKernels.MultiplyTransposed(ref x[0], xStride, ref w[0], inputs, outputs, ref y[0], yStride, batch);

        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = 0, magnitude = 0;
                for (int i = 0; i < inputs; i++)
                {
                    sum += (double)x[n * xStride + i] * w[o * inputs + i];
                    magnitude += Math.Abs((double)x[n * xStride + i] * w[o * inputs + i]);
                }

                AssertClose(sum, magnitude, y[n * yStride + o], $"Y[{n}, {o}]");
            }
        }
    }

    /// <summary>
    /// From <c>ParallelKernels.TransposedBatchFrom</c> (32) samples the forward product runs from the batch transposed,
    /// <c>Yᵀ = W·Xᵀ</c>: each value is then its multiply-adds in input order, <c>Affine</c>'s bits over the transposed
    /// operands, on one thread or split across two, and the columns past the outputs are not written.
    /// </summary>
    [Theory]
    [InlineData(784, 128, 64)]
    [InlineData(101, 41, 45)]
    [InlineData(300, 33, 32)]
    [InlineData(1600, 128, 32)]
    [InlineData(8, 16, 70)]
    public void Parallel_multiply_transposed_of_a_large_batch_gives_the_multiply_adds_in_input_order(int inputs, int outputs, int batch)
    {
        ReportPath();
        (float[] x, int xStride) = Matrix(batch, inputs, seed: 40);
        (float[] w, _) = Matrix(outputs, inputs, seed: 41, padding: 0);
        var xT = new float[inputs * batch];
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < inputs; i++)
            {
                xT[i * batch + n] = x[n * xStride + i];
            }
        }

        var expected = new float[outputs * batch];
        VectorKernels.Affine(ref w[0], inputs, ref xT[0], ref System.Runtime.CompilerServices.Unsafe.NullRef<float>(), inputs, batch, ref expected[0], batch, outputs, relu: false);
        int yStride = outputs + 3;
        foreach (int threads in new[] { 1, 2 })
        {
            var y = new float[batch * yStride];
            Array.Fill(y, float.NaN);
            ParallelKernels.MultiplyTransposed(ref x[0], xStride, ref w[0], inputs, outputs, ref y[0], yStride, batch, threads);
            for (int n = 0; n < batch; n++)
            {
                for (int o = 0; o < outputs; o++)
                {
                    AssertSameBits(expected[o * batch + n], y[n * yStride + o], $"Y[{n}, {o}] on {threads} thread(s)");
                    double sum = 0, magnitude = 0;
                    for (int i = 0; i < inputs; i++)
                    {
                        sum += (double)x[n * xStride + i] * w[o * inputs + i];
                        magnitude += Math.Abs((double)x[n * xStride + i] * w[o * inputs + i]);
                    }

                    AssertClose(sum, magnitude, y[n * yStride + o], $"Y[{n}, {o}] on {threads} thread(s)");
                }

                for (int o = outputs; o < yStride; o++)
                {
                    Assert.True(float.IsNaN(y[n * yStride + o]), $"Y[{n}, {o}], past the outputs, was written");
                }
            }
        }
    }

    /// <summary>
    /// Each gradient value is its old value followed by its multiply-adds in sample order, to the bit, whichever tile and
    /// vector width computes it: what lets <c>ParallelKernels</c> split the rows across threads without changing a bit.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Accumulate_outer_products_adds_the_products_in_sample_order(int inputs, int outputs, int batch)
    {
        ReportPath();
        (float[] x, int xStride) = Matrix(batch, inputs, seed: 3);
        (float[] d, int dStride) = Matrix(batch, outputs, seed: 4);
        (float[] g, _) = Matrix(outputs, inputs, seed: 5, padding: 0);
        float[] before = (float[])g.Clone();

        VectorKernels.AccumulateOuterProducts(ref d[0], dStride, ref x[0], xStride, ref g[0], inputs, outputs, batch);

        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++)
            {
                float sum = before[o * inputs + i];
                for (int n = 0; n < batch; n++)
                {
                    sum = float.MultiplyAddEstimate(d[n * dStride + o], x[n * xStride + i], sum);
                }

                AssertSameBits(sum, g[o * inputs + i], $"G[{o}, {i}] is {g[o * inputs + i]}, its old value and the multiply-adds in order give {sum}");
            }
        }
    }

    /// <summary><c>OuterProducts</c> writes over the gradient what accumulating onto zeros gives, to the bit.</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Outer_products_overwrite_the_gradient_with_the_bits_of_accumulating_onto_zeros(int inputs, int outputs, int batch)
    {
        (float[] x, int xStride) = Matrix(batch, inputs, seed: 22);
        (float[] d, int dStride) = Matrix(batch, outputs, seed: 23);
        var accumulated = new float[outputs * inputs];
        var written = new float[outputs * inputs];
        Array.Fill(written, float.NaN);

        VectorKernels.AccumulateOuterProducts(ref d[0], dStride, ref x[0], xStride, ref accumulated[0], inputs, outputs, batch);
        VectorKernels.OuterProducts(ref d[0], dStride, ref x[0], xStride, ref written[0], inputs, outputs, batch);

        for (int k = 0; k < written.Length; k++)
        {
            AssertSameBits(accumulated[k], written[k], $"G[{k / inputs}, {k % inputs}] is {written[k]}, accumulating gives {accumulated[k]}");
        }
    }

    /// <summary>A batch's bias gradient: each column's sum in row order from zero, to the bit; nothing past the sums written.</summary>
    [Theory]
    [InlineData(64, 128)]
    [InlineData(7, 13)]
    [InlineData(1, 3)]
    [InlineData(5, 8)]
    public void Sum_columns_adds_each_column_in_row_order(int rows, int width)
    {
        (float[] values, int stride) = Matrix(rows, width, seed: 24, padding: 5);
        var sums = new float[width + 1];
        Array.Fill(sums, float.NaN);

        VectorKernels.SumColumns(ref values[0], stride, rows, width, ref sums[0]);

        for (int j = 0; j < width; j++)
        {
            float sum = 0f;
            for (int r = 0; r < rows; r++)
            {
                sum += values[r * stride + j];
            }

            AssertSameBits(sum, sums[j], $"column {j} sums to {sums[j]}, the scalar loop gives {sum}");
        }

        Assert.True(float.IsNaN(sums[width]), "SumColumns wrote past the sums");
    }

    /// <summary>Each input-gradient value is its multiply-adds in output order from zero, to the bit; nothing past a row written.</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_gives_the_input_gradient_in_output_order(int inputs, int outputs, int batch)
    {
        ReportPath();
        (float[] d, int dStride) = Matrix(batch, outputs, seed: 6);
        (float[] w, _) = Matrix(outputs, inputs, seed: 7, padding: 0);
        int yStride = inputs + 3;
        var y = new float[batch * yStride];
        Array.Fill(y, float.NaN); // overwritten, not accumulated

        VectorKernels.Multiply(ref d[0], dStride, ref w[0], inputs, outputs, ref y[0], yStride, batch);

        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < inputs; i++)
            {
                float sum = 0f;
                for (int o = 0; o < outputs; o++)
                {
                    sum = float.MultiplyAddEstimate(d[n * dStride + o], w[o * inputs + i], sum);
                }

                AssertSameBits(sum, y[n * yStride + i], $"Y[{n}, {i}] is {y[n * yStride + i]}, the multiply-adds in order give {sum}");
            }

            Assert.True(float.IsNaN(y[n * yStride + inputs]), "Multiply wrote past the row's inputs");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Affine_equals_double_loops_with_bias_and_relu(int inputs, int outputs, int batch)
    {
        ReportPath();
        (float[] x, int xStride, float[] w, float[] b, float[] t) = DenseOperands(inputs, outputs, batch, seed: 8);
        int yStride = outputs + 3;
        foreach (bool relu in new[] { false, true })
        {
            foreach (bool withBias in new[] { false, true })
            {
                var y = new float[batch * yStride];
                Array.Fill(y, float.NaN); // overwritten, not accumulated
                ref float bias = ref withBias ? ref b[0] : ref System.Runtime.CompilerServices.Unsafe.NullRef<float>();

                VectorKernels.Affine(ref x[0], xStride, ref t[0], ref bias, inputs, outputs, ref y[0], yStride, batch, relu);

                for (int n = 0; n < batch; n++)
                {
                    for (int o = 0; o < outputs; o++)
                    {
                        double sum = withBias ? b[o] : 0, magnitude = Math.Abs(sum);
                        for (int i = 0; i < inputs; i++)
                        {
                            sum += (double)x[n * xStride + i] * w[o * inputs + i];
                            magnitude += Math.Abs((double)x[n * xStride + i] * w[o * inputs + i]);
                        }

                        AssertClose(relu ? Math.Max(sum, 0) : sum, magnitude, y[n * yStride + o], $"Y[{n}, {o}] (relu {relu}, bias {withBias})");
                    }

                    Assert.True(float.IsNaN(y[n * yStride + outputs]), "Affine wrote past the row's outputs");
                }
            }
        }
    }

    /// <summary>
    /// A sample's outputs are the same bits wherever it lies in a batch and however large the batch is: what lets
    /// <c>PredictBatch</c> split a batch across threads without changing a prediction.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Affine_gives_each_sample_the_same_bits_in_any_batch(int inputs, int outputs, int batch)
    {
        (float[] x, int xStride) = Matrix(batch, inputs, seed: 11);
        (float[] t, _) = Matrix(inputs, outputs, seed: 12, padding: 0);
        (float[] b, _) = Matrix(1, outputs, seed: 13, padding: 0);
        var whole = new float[batch * outputs];
        VectorKernels.Affine(ref x[0], xStride, ref t[0], ref b[0], inputs, outputs, ref whole[0], outputs, batch, relu: false);
        var alone = new float[outputs];
        for (int n = 0; n < batch; n++)
        {
            VectorKernels.Affine(ref x[n * xStride], xStride, ref t[0], ref b[0], inputs, outputs, ref alone[0], outputs, 1, relu: false);
            Assert.Equal(whole.AsSpan(n * outputs, outputs).ToArray(), alone);
        }
    }

    /// <summary>
    /// Weights laid out in panels give <c>Affine</c>'s values to the bit, for one sample (several panels a tile) and for
    /// batches, with and without bias and ReLU, including a last panel narrower than the others.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Affine_from_panels_gives_the_bits_of_affine(int inputs, int outputs, int batch)
    {
        ReportPath();
        (float[] x, int xStride, float[] w, float[] b, float[] t) = DenseOperands(inputs, outputs, batch, seed: 30);
        var panels = new float[inputs * outputs];
        VectorKernels.PackPanels(ref w[0], outputs, inputs, ref panels[0]);
        int yStride = outputs + 3;
        foreach (bool relu in new[] { false, true })
        {
            foreach (bool withBias in new[] { false, true })
            {
                ref float bias = ref withBias ? ref b[0] : ref System.Runtime.CompilerServices.Unsafe.NullRef<float>();
                var expected = new float[batch * yStride];
                var actual = new float[batch * yStride];
                Array.Fill(actual, float.NaN);
                VectorKernels.Affine(ref x[0], xStride, ref t[0], ref bias, inputs, outputs, ref expected[0], yStride, batch, relu);
                VectorKernels.AffinePanels(ref x[0], xStride, ref panels[0], ref bias, inputs, outputs, ref actual[0], yStride, batch, relu);
                for (int n = 0; n < batch; n++)
                {
                    for (int o = 0; o < outputs; o++)
                    {
                        AssertSameBits(expected[n * yStride + o], actual[n * yStride + o], $"Y[{n}, {o}] (relu {relu}, bias {withBias})");
                    }

                    Assert.True(float.IsNaN(actual[n * yStride + outputs]), "AffinePanels wrote past the row's outputs");
                }

                // One sample at a time: the one-sample tiles over several panels.
                for (int n = 0; n < batch; n++)
                {
                    var alone = new float[outputs + 1];
                    alone[outputs] = float.NaN;
                    VectorKernels.AffinePanels(ref x[n * xStride], xStride, ref panels[0], ref bias, inputs, outputs, ref alone[0], outputs, 1, relu);
                    for (int o = 0; o < outputs; o++)
                    {
                        AssertSameBits(expected[n * yStride + o], alone[o], $"sample {n} alone, output {o} (relu {relu}, bias {withBias})");
                    }

                    Assert.True(float.IsNaN(alone[outputs]), "AffinePanels wrote past one sample's outputs");
                }
            }
        }
    }

    /// <summary>
    /// Shapes that reach every branch: 8 × 8 register blocks (AVX) with columns left over for the gathers, rows left over
    /// for the four-row and one-row tails, and matrices smaller than one block.
    /// </summary>
    [Theory]
    [InlineData(128, 784)]
    [InlineData(16, 19)]
    [InlineData(21, 12)]
    [InlineData(8, 8)]
    [InlineData(13, 7)]
    [InlineData(3, 5)]
    [InlineData(1, 9)]
    public void Transpose_swaps_rows_and_columns(int rows, int columns)
    {
        (float[] source, _) = Matrix(rows, columns, seed: 14, padding: 0);
        var target = new float[rows * columns];
        VectorKernels.Transpose(ref source[0], rows, columns, ref target[0]);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                Assert.Equal(source[r * columns + c], target[c * rows + r]);
            }
        }
    }

    [Fact]
    public void Sigmoid_in_place_matches_the_scalar_sigmoid_and_keeps_each_values_bits_wherever_it_lies()
    {
        float[] special = { 0f, -0f, 1e-30f, -1e-30f, 88f, -88f, 104f, -104f, 1e30f, -1e30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN };
        var random = new Random(15);
        float[] values = special.Concat(Enumerable.Range(0, 50).Select(_ => (float)(40 * random.NextDouble() - 20))).ToArray();
        float[] all = (float[])values.Clone();
        VectorKernels.SigmoidInPlace(ref all[0], all.Length);

        for (int k = 0; k < values.Length; k++)
        {
            float expected = ModelMath.Sigmoid(values[k]);
            Assert.True(float.IsNaN(expected) ? float.IsNaN(all[k]) : MathF.Abs(all[k] - expected) <= 2e-7f * Math.Max(expected, 1e-30f) + 1e-37f,
                $"sigmoid({values[k]}) is {all[k]}, ModelMath.Sigmoid gives {expected}");

            // The same value alone (in the padded last vector) and at every lane of a full vector.
            float[] alone = { values[k] };
            VectorKernels.SigmoidInPlace(ref alone[0], 1);
            Assert.Equal(BitConverter.SingleToInt32Bits(all[k]), BitConverter.SingleToInt32Bits(alone[0]));
        }
    }

    /// <summary>
    /// The implicit matrix product of convolutions, on shapes that leave every tile's remainder (eight-row Vector512
    /// tiles, four-row tiles of three vectors, single rows; columns under one tile, between tiles, overlapping last
    /// tiles): every element is the bits of its multiply-adds in order, as a tap-by-tap loop gives them.
    /// </summary>
    [Theory]
    [InlineData(64, 288, 141)]
    [InlineData(32, 9, 726)]
    [InlineData(13, 20, 47)]
    [InlineData(9, 7, 33)]
    [InlineData(6, 5, 12)]
    [InlineData(3, 4, 5)]
    public void Multiply_shifted_gives_the_bits_of_the_multiply_adds_in_order(int rows, int depth, int columns)
    {
        ReportPath();
        var random = new Random(rows * 1000 + depth);
        int bufferLength = 4 * columns + 64;
        int[] offsets = Enumerable.Range(0, depth).Select(_ => random.Next(0, bufferLength - columns)).ToArray();
        (float[] a, _) = Matrix(rows, depth, seed: 16, padding: 0);
        (float[] b, _) = Matrix(1, bufferLength, seed: 17, padding: 0);
        (float[] initial, _) = Matrix(1, rows, seed: 18, padding: 0);
        foreach (bool withInitial in new[] { false, true })
        {
            int cStride = columns + 3;
            var c = new float[rows * cStride];
            Array.Fill(c, float.NaN);
            VectorKernels.MultiplyShifted(ref a[0], depth, ref b[0], offsets, ref c[0], cStride, rows, columns, withInitial ? initial : default);

            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < columns; j++)
                {
                    float sum = withInitial ? initial[r] : 0f;
                    for (int k = 0; k < depth; k++)
                    {
                        sum = float.MultiplyAddEstimate(a[r * depth + k], b[offsets[k] + j], sum);
                    }

                    Assert.True(BitConverter.SingleToInt32Bits(sum) == BitConverter.SingleToInt32Bits(c[r * cStride + j]),
                        $"C[{r}, {j}] is {c[r * cStride + j]}, the multiply-adds in order give {sum} (initial {withInitial})");
                }

                Assert.True(float.IsNaN(c[r * cStride + columns]), "MultiplyShifted wrote past the row's columns");
            }
        }
    }

    /// <summary>
    /// The pooled convolution product on shapes that leave every tile's remainder (four-, two- and one-vector tiles of
    /// rows at each width, scalar rows; one window, many): each window's value is the maximum of its four positions'
    /// multiply-adds in order (<see cref="VectorKernels.MultiplyShifted"/>'s elements, to the bit), through
    /// <c>MathF.Max(·, 0)</c> when asked, and nothing is written past the last window (also past 1,024 rows, where the
    /// zero start values are rented instead of on the stack).
    /// </summary>
    [Theory]
    [InlineData(64, 288, 25)]
    [InlineData(32, 9, 169)]
    [InlineData(112, 20, 3)]
    [InlineData(20, 7, 5)]
    [InlineData(13, 5, 2)]
    [InlineData(4, 18, 9)]
    [InlineData(3, 4, 1)]
    [InlineData(1030, 3, 2)]
    public void Multiply_shifted_pooled_gives_the_maxima_of_the_multiply_adds_in_order(int rows, int depth, int windows)
    {
        ReportPath();
        var random = new Random(rows * 1000 + depth);
        int bufferLength = 6 * windows + 64;
        int[] offsets = Enumerable.Range(0, depth).Select(_ => random.Next(0, bufferLength / 2)).ToArray();
        int[] positions = Enumerable.Range(0, 4 * windows).Select(_ => random.Next(0, bufferLength / 2)).ToArray();
        (float[] a, _) = Matrix(rows, depth, seed: 16, padding: 0);
        var aT = new float[depth * rows];
        VectorKernels.Transpose(ref a[0], rows, depth, ref aT[0]);
        (float[] b, _) = Matrix(1, bufferLength, seed: 17, padding: 0);
        (float[] initial, _) = Matrix(1, rows, seed: 18, padding: 0);
        foreach ((bool withInitial, bool relu) in new[] { (false, false), (true, false), (true, true) })
        {
            var y = new float[windows * rows + 1];
            Array.Fill(y, float.NaN);
            VectorKernels.MultiplyShiftedPooled(ref aT[0], depth, rows, ref b[0], offsets, positions, withInitial ? initial : default, relu, ref y[0]);

            for (int q = 0; q < windows; q++)
            {
                for (int r = 0; r < rows; r++)
                {
                    float maximum = float.NegativeInfinity;
                    for (int j = 0; j < 4; j++)
                    {
                        float sum = withInitial ? initial[r] : 0f;
                        for (int k = 0; k < depth; k++)
                        {
                            sum = float.MultiplyAddEstimate(a[r * depth + k], b[offsets[k] + positions[4 * q + j]], sum);
                        }

                        maximum = MathF.Max(maximum, sum);
                    }

                    float expected = relu ? MathF.Max(maximum, 0f) : maximum;
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(y[q * rows + r]),
                        $"window {q}, row {r} is {y[q * rows + r]}, the multiply-adds in order give {expected} (initial {withInitial}, relu {relu})");
                }
            }

            Assert.True(float.IsNaN(y[windows * rows]), "MultiplyShiftedPooled wrote past the last window");
        }
    }

    /// <summary>
    /// <c>MultiplyAccumulate</c> adds the product to what Y held, each output its old value followed by its multiply-adds
    /// in input order (the same bits as that scalar loop), and writes nothing past a row's outputs.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_accumulate_adds_the_products_in_input_order(int inputs, int outputs, int batch)
    {
        ReportPath();
        (float[] x, int xStride) = Matrix(batch, inputs, seed: 19);
        (float[] t, _) = Matrix(inputs, outputs, seed: 20, padding: 0);
        (float[] y, int yStride) = Matrix(batch, outputs, seed: 21, padding: 3);
        float[] before = (float[])y.Clone();

        VectorKernels.MultiplyAccumulate(ref x[0], xStride, ref t[0], inputs, outputs, ref y[0], yStride, batch);

        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < outputs; o++)
            {
                float sum = before[n * yStride + o];
                for (int i = 0; i < inputs; i++)
                {
                    sum = float.MultiplyAddEstimate(x[n * xStride + i], t[i * outputs + o], sum);
                }

                Assert.True(BitConverter.SingleToInt32Bits(sum) == BitConverter.SingleToInt32Bits(y[n * yStride + o]),
                    $"Y[{n}, {o}] is {y[n * yStride + o]}, its old value and the multiply-adds in order give {sum}");
            }

            Assert.True(float.IsNaN(y[n * yStride + outputs]), "MultiplyAccumulate wrote past the row's outputs");
        }
    }

    /// <summary>Rows copied between strides, with ReLU as <c>MathF.Max(·, 0)</c> gives it to the bit; nothing outside the rows written.</summary>
    [Theory]
    [InlineData(832, 26)]
    [InlineData(704, 11)]
    [InlineData(3, 8)]
    [InlineData(4, 5)]
    public void Copy_rows_copies_each_row_with_or_without_relu(int rows, int width)
    {
        int sourceStride = width + 2, targetStride = width + 3;
        float[] levels = { -1.5f, -0f, 0f, 2.25f, float.NaN, 0.5f };
        var random = new Random(rows + width);
        float[] source = Enumerable.Range(0, rows * sourceStride).Select(_ => levels[random.Next(levels.Length)]).ToArray();
        foreach (bool relu in new[] { false, true })
        {
            var target = Enumerable.Repeat(7f, rows * targetStride).ToArray();

            VectorKernels.CopyRows(ref source[0], sourceStride, ref target[0], targetStride, rows, width, relu);

            for (int i = 0; i < target.Length; i++)
            {
                int r = i / targetStride, j = i % targetStride;
                float expected = j >= width ? 7f : relu ? MathF.Max(source[r * sourceStride + j], 0f) : source[r * sourceStride + j];
                AssertSameBits(expected, target[i], $"target[{r}, {j}] is {target[i]}, expected {expected} (relu {relu})");
            }
        }
    }

    [Theory]
    [InlineData(11, 11)]
    [InlineData(26, 26)]
    [InlineData(3, 5)]
    [InlineData(1, 17)]
    public void Add_block_adds_each_row_into_its_window(int rows, int width)
    {
        int sourceStride = width + 2, targetStride = width + 7;
        (float[] source, _) = Matrix(rows, sourceStride, seed: 22, padding: 0);
        (float[] target, _) = Matrix(rows + 1, targetStride, seed: 23, padding: 0);
        float[] before = (float[])target.Clone();

        VectorKernels.AddBlock(ref source[0], sourceStride, ref target[1], targetStride, rows, width);

        for (int i = 0; i < target.Length; i++)
        {
            int r = (i - 1) / targetStride, j = (i - 1) % targetStride;
            bool inside = i >= 1 && r < rows && j < width;
            Assert.Equal(inside ? before[i] + source[r * sourceStride + j] : before[i], target[i]);
        }
    }

    /// <summary>
    /// Max pooling gives each window's maximum as a cell-by-cell <c>MathF.Max</c> does, to the bit (+0 over −0, NaN
    /// propagated): 2 × 2 windows every 2 in vectors (rows of 13 and 5 windows, so the last vector overlaps; one row
    /// too narrow for a vector), the others in the two-pass path.
    /// </summary>
    [Theory]
    [InlineData(26, 26, 2, 2)]
    [InlineData(11, 11, 2, 2)]
    [InlineData(6, 7, 2, 2)]
    [InlineData(5, 5, 3, 2)]
    [InlineData(6, 6, 2, 1)]
    public void Max_pool_gives_each_windows_maximum(int height, int width, int size, int stride)
    {
        var random = new Random(height * 100 + width * 10 + size + 7);
        float[] x = PoolingPlanes(random, new[] { 0f, -0f, 0.5f, 1f, -1f, 2f, float.NaN }, height, width);
        (int Output, int[] Cells)[] windows = PoolingWindows(height, width, size, stride).ToArray();
        var y = new float[windows.Length];

        VectorKernels.MaxPoolInPlanes(ref x[0], PooledChannels, height, width, size, stride, ref y[0]);

        AssertEachWindow(windows, y, cells => cells.Aggregate(x[cells[0]], (max, cell) => MathF.Max(max, x[cell])), "MathF.Max");
    }

    /// <summary>Each window's output is <paramref name="expected"/>'s value for its cells, to the bit (any NaN for NaN).</summary>
    private static void AssertEachWindow((int Output, int[] Cells)[] windows, float[] y, Func<int[], float> expected, string what)
    {
        foreach ((int output, int[] cells) in windows)
        {
            float m = expected(cells);
            AssertSameBits(m, y[output], $"window {output} is {y[output]}, {what} gives {m}");
        }
    }

    /// <summary><paramref name="actual"/> is <paramref name="expected"/> to the bit (+0 and −0 differ), or both are NaN.</summary>
    /// <summary>A Dense layer's operands from three seeds: samples (padded rows), PyTorch-layout weights, bias, and the weights transposed.</summary>
    private static (float[] X, int XStride, float[] W, float[] B, float[] T) DenseOperands(int inputs, int outputs, int batch, int seed)
    {
        (float[] x, int xStride) = Matrix(batch, inputs, seed);
        (float[] w, _) = Matrix(outputs, inputs, seed + 1, padding: 0);
        (float[] b, _) = Matrix(1, outputs, seed + 2, padding: 0);
        var t = new float[inputs * outputs];
        VectorKernels.Transpose(ref w[0], outputs, inputs, ref t[0]);
        return (x, xStride, w, b, t);
    }

    private static void AssertSameBits(float expected, float actual, string message) =>
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual) || (float.IsNaN(expected) && float.IsNaN(actual)), message);

    /// <summary>
    /// Pooling a convolution's wide product straight into the pooled outputs, the ReLU after the maximum, gives the
    /// values of ReLU then pooling, to the bit: planes inside wider rows and apart by more than their rows, with +∞
    /// in every cell no window covers (the row and column an odd size leaves, the rows' padding), which must not
    /// reach an output. Rows of 13 and 5 windows take the vector path, rows of 3 and other windows the two-pass one.
    /// </summary>
    [Theory]
    [InlineData(26, 26, 2, 2)]
    [InlineData(11, 11, 2, 2)]
    [InlineData(6, 7, 2, 2)]
    [InlineData(5, 5, 3, 2)]
    [InlineData(6, 6, 2, 1)]
    public void Max_pool_of_strided_planes_with_relu_gives_relu_then_pooling(int height, int width, int size, int stride)
    {
        int rowStride = width + 3, planeStride = height * rowStride + 5;
        var random = new Random(height * 100 + width * 10 + size + 11);
        float[] compact = PoolingPlanes(random, new[] { 0f, -0f, 0.5f, 1f, -1f, -2f, float.NaN }, height, width);
        (int Output, int[] Cells)[] windows = PoolingWindows(height, width, size, stride).ToArray();
        var covered = new HashSet<int>(windows.SelectMany(w => w.Cells));
        var x = Enumerable.Repeat(float.PositiveInfinity, PooledChannels * planeStride).ToArray();
        for (int i = 0; i < compact.Length; i++)
        {
            if (covered.Contains(i))
            {
                int c = i / (height * width), h = i / width % height, w = i % width;
                x[c * planeStride + h * rowStride + w] = compact[i];
            }
        }

        var y = new float[windows.Length];
        VectorKernels.MaxPoolInPlanes(ref x[0], PooledChannels, planeStride, rowStride, height, width, size, stride, relu: true, ref y[0]);

        AssertEachWindow(windows, y, cells => cells.Aggregate(0f, (max, cell) => MathF.Max(max, MathF.Max(compact[cell], 0f))), "ReLU then MathF.Max");
    }

    /// <summary>
    /// The max-pooling gradient goes to each window's first maximum, as a strict greater-than scan finds it: planes of
    /// ReLU-like values with many ties (zeros, +0 beside −0, equal maxima in both rows), odd sizes that leave a row
    /// and a column in no window, rows with an odd number of windows, and overlapping and 3 × 3 windows.
    /// </summary>
    [Theory]
    [InlineData(26, 26, 2, 2)]
    [InlineData(11, 11, 2, 2)]
    [InlineData(7, 10, 2, 2)]
    [InlineData(5, 5, 3, 2)]
    [InlineData(6, 6, 2, 1)]
    [InlineData(9, 9, 3, 3)]
    public void Max_pool_gradient_goes_to_each_windows_first_maximum(int height, int width, int size, int stride)
    {
        var random = new Random(height * 100 + width * 10 + size);
        float[] x = PoolingPlanes(random, new[] { 0f, -0f, 0.5f, 0.5f, 1f, -1f, 2f }, height, width);
        (int Output, int[] Cells)[] windows = PoolingWindows(height, width, size, stride).ToArray();
        float[] dz = windows.Select(_ => (float)(random.NextDouble() + 0.5)).ToArray();
        var dx = Enumerable.Repeat(float.NaN, x.Length).ToArray();

        VectorKernels.MaxPoolBackwardInPlanes(ref x[0], PooledChannels, height, width, size, stride, ref dz[0], ref dx[0]);

        var expected = new float[x.Length];
        foreach ((int output, int[] cells) in windows)
        {
            int best = cells.Aggregate(cells[0], (first, cell) => x[cell] > x[first] ? cell : first);
            expected[best] += dz[output];
        }

        Assert.Equal(expected, dx);
    }

    private const int PooledChannels = 3;

    /// <summary><see cref="PooledChannels"/> planes of values drawn from <paramref name="levels"/>: few distinct values, so windows hold ties.</summary>
    private static float[] PoolingPlanes(Random random, float[] levels, int height, int width) =>
        Enumerable.Range(0, PooledChannels * height * width).Select(_ => levels[random.Next(levels.Length)]).ToArray();

    /// <summary>Every pooling window: its output's index and its cells' input indexes, rows top to bottom, each left to right.</summary>
    private static IEnumerable<(int Output, int[] Cells)> PoolingWindows(int height, int width, int size, int stride)
    {
        int outputHeight = (height - size) / stride + 1, outputWidth = (width - size) / stride + 1;
        for (int c = 0; c < PooledChannels; c++)
        {
            for (int oh = 0; oh < outputHeight; oh++)
            {
                for (int ow = 0; ow < outputWidth; ow++)
                {
                    int start = c * height * width + oh * stride * width + ow * stride;
                    int[] cells = Enumerable.Range(0, size * size).Select(k => start + k / size * width + k % size).ToArray();
                    yield return ((c * outputHeight + oh) * outputWidth + ow, cells);
                }
            }
        }
    }

    /// <summary>Float sums of many terms: within a few float roundings of the sum of the terms' magnitudes.</summary>
    private static void AssertClose(double expected, double magnitude, float actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-5 * magnitude + 1e-7, $"{what} is {actual}, expected {expected}");

    /// <summary>A rows × columns matrix of values in [-1, 1), each row <c>columns + padding</c> apart (the padding holds NaN, so reading it shows).</summary>
    private static (float[] Values, int Stride) Matrix(int rows, int columns, int seed, int padding = 5)
    {
        var random = new Random(seed);
        int stride = columns + padding;
        var values = new float[rows * stride];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < stride; c++)
            {
                values[r * stride + c] = c < columns ? (float)(2 * random.NextDouble() - 1) : float.NaN;
            }
        }

        return (values, stride);
    }

    private void ReportPath() =>
        _output.WriteLine(Vector512.IsHardwareAccelerated
            ? "Vector512 is accelerated: the wide tiles run."
            : "WARNING: Vector512 is not accelerated on this machine: only the Vector256 tiles are tested here.");
}
