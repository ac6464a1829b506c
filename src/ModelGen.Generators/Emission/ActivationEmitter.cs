namespace ModelGen.Generators.Emission;

/// <summary>Forward and backward code for each activation, shared by every layer kind and the loss heads.</summary>
internal static class ActivationEmitter
{
    /// <summary>Whether the activation couples the units (softmax) and so runs over the whole layer at once.</summary>
    public static bool IsVectorWide(Activation activation) => activation == Activation.Softmax;

    /// <summary>The float expression of an element-wise activation of <paramref name="z"/>.</summary>
    public static string Float(Activation activation, double slope, string z) => activation switch
    {
        Activation.Relu => $"MathF.Max({z}, 0f)",
        Activation.LeakyRelu => $"({z} > 0f ? {z} : {Literals.Float(slope)} * {z})",
        Activation.Sigmoid => $"{Code.ModelMath}.Sigmoid({z})",
        Activation.Tanh => $"MathF.Tanh({z})",
        _ => z,
    };

    /// <summary>The double expression of an element-wise activation, for the reference path.</summary>
    public static string Double(Activation activation, double slope, string z) => activation switch
    {
        Activation.Relu => $"Math.Max({z}, 0.0)",
        Activation.LeakyRelu => $"({z} > 0.0 ? {z} : {Literals.Double(slope)} * {z})",
        Activation.Sigmoid => $"{Code.ModelMath}.Sigmoid({z})",
        Activation.Tanh => $"Math.Tanh({z})",
        _ => z,
    };

    /// <summary>
    /// Applies the activation in place to <paramref name="length"/> floats at <c>ref <paramref name="values"/></c>.
    /// Writes nothing for <see cref="Activation.Linear"/>.
    /// </summary>
    public static void EmitInPlace(SourceWriter writer, Activation activation, double slope, string values, int length)
    {
        if (activation == Activation.Linear)
        {
            return;
        }

        if (activation == Activation.Softmax)
        {
            writer.Line($"{Code.ModelMath}.SoftmaxInPlace(ref {values}, {Literals.Int(length)});");
            return;
        }

        // The JIT does not vectorize the element loop; over a long span (a convolution's output) a vector kernel does the
        // same operations: the seeds' CNN's first ReLU, 21,632 values, was a tenth of its prediction time.
        if (length >= VectorizedActivationLength && activation is Activation.Relu or Activation.LeakyRelu)
        {
            writer.Line(activation == Activation.Relu
                ? $"{Code.Kernels}.ReluInPlace(ref {values}, {Literals.Int(length)});"
                : $"{Code.Kernels}.LeakyReluInPlace(ref {values}, {Literals.Float(slope)}, {Literals.Int(length)});");
            return;
        }

        using (writer.For("k", length))
        {
            writer.Line($"ref float v = ref {Code.At(values, "k")};");
            writer.Line($"v = {Float(activation, slope, "v")};");
        }
    }

    /// <summary>Spans at least this long get a vector kernel's ReLU; shorter ones keep the element loop (the JIT unrolls the shortest).</summary>
    private const int VectorizedActivationLength = 64;

    /// <summary>Applies the activation in place to a span of doubles, for the reference path.</summary>
    public static void EmitInPlaceDouble(SourceWriter writer, Activation activation, double slope, string span)
    {
        if (activation == Activation.Linear)
        {
            return;
        }

        if (activation == Activation.Softmax)
        {
            writer.Line($"{Code.ModelMath}.SoftmaxInPlace({span});");
            return;
        }

        using (writer.Block($"for (int k = 0; k < {span}.Length; k++)"))
        {
            writer.Line($"{span}[k] = {Double(activation, slope, $"{span}[k]")};");
        }
    }

    /// <summary>
    /// Turns the gradient with respect to a layer's outputs into the gradient with respect to its pre-activations,
    /// in place, from the outputs themselves (every activation here has a derivative expressible by its output).
    /// </summary>
    public static void EmitBackwardInPlace(SourceWriter writer, Activation activation, double slope, string outputs, string gradient, int length)
    {
        switch (activation)
        {
            case Activation.Linear:
                return;
            case Activation.Softmax:
                writer.Line($"{Code.ModelMath}.SoftmaxBackwardInPlace(ref {outputs}, ref {gradient}, {Literals.Int(length)});");
                return;
        }

        string derivative = activation switch
        {
            Activation.Relu => "a > 0f ? d : 0f",
            Activation.LeakyRelu => $"a > 0f ? d : {Literals.Float(slope)} * d",
            Activation.Sigmoid => "d * a * (1f - a)",
            _ => "d * (1f - a * a)", // tanh
        };

        if (activation == Activation.Relu && length >= 8)
        {
            // ReLU's derivative is a mask: eight gradients at a time keep their value where the output is positive.
            using (writer.Block(""))
            {
                writer.Line("int k = 0;");
                using (writer.Block($"if ({Code.VectorPath})"))
                {
                    if (length < 16)
                    {
                        EmitReluMask(writer, outputs, gradient);
                        writer.Line("k = 8;");
                    }
                    else
                    {
                        using (writer.Block($"for (; k <= {Literals.Int(length - 8)}; k += 8)"))
                        {
                            EmitReluMask(writer, outputs, gradient);
                        }
                    }
                }

                using (writer.Block($"for (; k < {Literals.Int(length)}; k++)"))
                {
                    EmitBackwardElement(writer, derivative, outputs, gradient);
                }
            }

            return;
        }

        using (writer.For("k", length))
        {
            EmitBackwardElement(writer, derivative, outputs, gradient);
        }
    }

    /// <summary>Keeps the eight gradients from <c>k</c> where their outputs are positive.</summary>
    private static void EmitReluMask(SourceWriter writer, string outputs, string gradient)
    {
        string positive = $"{Code.Vector}.GreaterThan({Code.Load(outputs, "k")}, {Code.VectorOfFloat}.Zero)";
        writer.Line($"{Code.Vector}.StoreUnsafe({Code.Load(gradient, "k")} & {positive}, ref {gradient}, (nuint)k);");
    }

    private static void EmitBackwardElement(SourceWriter writer, string derivative, string outputs, string gradient)
    {
        writer.Line($"float a = {Code.At(outputs, "k")};");
        writer.Line($"ref float d = ref {Code.At(gradient, "k")};");
        writer.Line($"d = {derivative};");
    }
}
