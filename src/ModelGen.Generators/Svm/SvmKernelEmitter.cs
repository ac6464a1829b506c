using ModelGen.Generators.Emission;

namespace ModelGen.Generators.Svm;

/// <summary>
/// The decision function of a declared kernel machine, specialized to its input size and kernel: an override of the
/// runtime's <c>KernelModel.Decide</c> whose dot products are unrolled over the constant width, loaded without bounds
/// checks, and whose kernel is the declared one with its degree and coef0 as constants. Every operation is the
/// runtime's (<c>SvmKernelFunction</c>): four interleaved double sums, one <c>Vector256&lt;double&gt;</c> step per four
/// features where 128-bit vectors are accelerated and the same sums lane by lane where not, libsvm's repeated squaring
/// for the polynomial — so a freshly trained, loaded or baked machine gives the same bits as the runtime's loop.
/// </summary>
internal static class SvmKernelEmitter
{
    /// <summary>Vector steps written out one per line up to this many; a constant-bound loop beyond.</summary>
    private const int UnrolledSteps = 16;

    public static void EmitDecide(SourceWriter writer, SvmSpec spec, int inputSize)
    {
        writer.Line("/// <summary>The decision function for this input size and kernel: the runtime's operations, unrolled.</summary>");
        using (writer.Block("protected override double Decide(ReadOnlySpan<float> features)"))
        {
            writer.Line("ref float x = ref MemoryMarshal.GetReference(features);");
            writer.Line("ref float vectors = ref MemoryMarshal.GetReference(SupportVectors);");
            writer.Line("ref double coefficients = ref MemoryMarshal.GetReference(DualCoefficients);");
            if (spec.Kernel == SvmKernel.Rbf)
            {
                writer.Line("ref double squares = ref MemoryMarshal.GetReference(SupportVectorSquares);");
                writer.Line("double square = Dot(ref x, ref x);");
            }

            if (spec.Kernel != SvmKernel.Linear)
            {
                writer.Line("double gamma = Gamma;");
            }

            writer.Line("int count = DualCoefficients.Length;");
            writer.Line("double sum = 0;");
            using (writer.Block("for (int s = 0; s < count; s++)"))
            {
                writer.Line($"double dot = Dot(ref {Code.At("vectors", "s * InputSize")}, ref x);");
                string coefficient = Code.At("coefficients", "s");
                string coef0 = Literals.Double(spec.Coef0);
                string kernel = spec.Kernel switch
                {
                    SvmKernel.Linear => "dot",
                    SvmKernel.Rbf => $"Math.Exp(-gamma * ({Code.At("squares", "s")} + square - 2 * dot))",
                    SvmKernel.Polynomial => $"Power(gamma * dot + {coef0})",
                    _ => $"Math.Tanh(gamma * dot + {coef0})",
                };
                writer.Line($"sum += {coefficient} * {kernel};");
            }

            writer.Line("return sum - Rho;");
        }

        writer.Line();
        EmitDot(writer, inputSize);
        if (spec.Kernel == SvmKernel.Polynomial)
        {
            writer.Line();
            EmitPower(writer, spec.Degree);
        }
    }

    /// <summary><c>a·b</c> over the input's width as <c>SvmKernelFunction.Dot</c> computes it.</summary>
    private static void EmitDot(SourceWriter writer, int width)
    {
        int steps = width / 4;
        writer.Line($"/// <summary><c>a·b</c> over {Literals.Int(width)} features in double: four interleaved sums, added as <c>(s₀ + s₁) + (s₂ + s₃)</c>.</summary>");
        using (writer.Block("private static double Dot(ref float a, ref float b)"))
        {
            writer.Line("double s0 = 0, s1 = 0, s2 = 0, s3 = 0;");
            if (steps > 0)
            {
                using (writer.Block($"if ({Code.VectorPath})"))
                {
                    writer.Line("Vector256<double> sum = Vector256<double>.Zero;");
                    string Product(string offset) =>
                        $"Vector256.WidenLower(Vector128.LoadUnsafe(ref a, {Code.Offset(offset)}).ToVector256Unsafe()) * Vector256.WidenLower(Vector128.LoadUnsafe(ref b, {Code.Offset(offset)}).ToVector256Unsafe())";
                    if (steps <= UnrolledSteps)
                    {
                        for (int step = 0; step < steps; step++)
                        {
                            writer.Line($"sum += {Product(Literals.Int(4 * step))};");
                        }
                    }
                    else
                    {
                        using (writer.Block($"for (int i = 0; i < {Literals.Int(4 * steps)}; i += 4)"))
                        {
                            writer.Line($"sum += {Product("i")};");
                        }
                    }

                    writer.Line("(s0, s1, s2, s3) = (sum[0], sum[1], sum[2], sum[3]);");
                }

                using (writer.Block("else"))
                {
                    using (writer.Block($"for (int i = 0; i < {Literals.Int(4 * steps)}; i += 4)"))
                    {
                        for (int lane = 0; lane < 4; lane++)
                        {
                            string index = lane == 0 ? "i" : $"i + {Literals.Int(lane)}";
                            writer.Line($"s{lane} += (double){Code.At("a", index)} * {Code.At("b", index)};");
                        }
                    }
                }
            }

            for (int i = 4 * steps, lane = 0; i < width; i++, lane++)
            {
                writer.Line($"s{lane} += (double){Code.At("a", i)} * {Code.At("b", i)};");
            }

            writer.Line("return (s0 + s1) + (s2 + s3);");
        }
    }

    /// <summary>
    /// <c>value^degree</c> as libsvm's <c>powi</c> (and the runtime) computes it: repeated squaring, each odd bit of the
    /// exponent multiplying the result by the current square, written out for the declared degree.
    /// </summary>
    private static void EmitPower(SourceWriter writer, int degree)
    {
        writer.Line($"/// <summary><c>value^{Literals.Int(degree)}</c> by libsvm's repeated squaring.</summary>");
        using (writer.Block("private static double Power(double value)"))
        {
            writer.Line("double square = value;");
            bool started = false;
            for (int t = degree; t > 0; t /= 2)
            {
                if (t % 2 == 1)
                {
                    // The first factor is 1·square, which is square exactly.
                    writer.Line(started ? "result *= square;" : "double result = square;");
                    started = true;
                }

                if (t / 2 > 0)
                {
                    writer.Line("square *= square;");
                }
            }

            writer.Line("return result;");
        }
    }
}
