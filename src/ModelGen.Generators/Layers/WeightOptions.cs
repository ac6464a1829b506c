using System;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Parsing;

namespace ModelGen.Generators.Layers;

/// <summary>The options Dense and Conv2D share: L2 strength, leaky slope and the initializer of their weights.</summary>
internal static class WeightOptions
{
    /// <summary>
    /// Reads the weight options by their property names, reporting an L2 strength below 0 (MG0021) and a leaky slope
    /// outside [0, 1) (MG0024).
    /// </summary>
    public static (bool UseBias, Initializer Initializer, double L2, double NegativeSlope) Parse(AttributeValues values, Activation activation)
    {
        bool useBias = values.Bool("UseBias", true);
        Initializer initializer = values.Enum("Initializer", Initializer.Auto);
        double l2 = values.Double("L2", 0);
        double slope = values.Double("NegativeSlope", Defaults.NegativeSlope);
        if (!(l2 >= 0) || double.IsInfinity(l2))
        {
            values.ReportArgument(Descriptors.NegativePenalty.Id, "L2", "L2", Invariant.Number(l2));
        }

        if (activation == Activation.LeakyRelu && !(slope >= 0 && slope < 1))
        {
            values.ReportArgument(Descriptors.NegativeSlopeOutOfRange.Id, "NegativeSlope", Invariant.Number(slope));
        }

        return (useBias, initializer, l2, slope);
    }

    /// <summary>The options' part of a layer's description, after its own arguments: <c>, UseBias=false, NegativeSlope=0.2</c>.</summary>
    public static string Describe(bool useBias, Activation activation, double negativeSlope) =>
        (useBias ? "" : ", UseBias=false") + (activation == Activation.LeakyRelu ? ", NegativeSlope=" + Invariant.Number(negativeSlope) : "");

    /// <summary>
    /// The initializer <paramref name="declared"/> resolves to (<see cref="Initializer.Auto"/>: He for ReLU and leaky ReLU,
    /// Glorot otherwise) and its uniform limit for the given fans, as Keras computes them.
    /// </summary>
    public static (Initializer Initializer, double Limit) Uniform(Initializer declared, Activation activation, double fanIn, double fanOut)
    {
        Initializer initializer = declared != Initializer.Auto
            ? declared
            : activation is Activation.Relu or Activation.LeakyRelu ? Initializer.HeUniform : Initializer.GlorotUniform;
        return (initializer, initializer == Initializer.HeUniform ? Math.Sqrt(6.0 / fanIn) : Math.Sqrt(6.0 / (fanIn + fanOut)));
    }

}
