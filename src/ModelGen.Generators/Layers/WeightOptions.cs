using System;
using System.Globalization;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Parsing;

namespace ModelGen.Generators.Layers;

/// <summary>The options Dense and Conv2D share: L2 strength, leaky slope and the initializer of their weights.</summary>
internal static class WeightOptions
{
    /// <summary>Reports an L2 strength below 0 (MG0021) and a leaky slope outside [0, 1) (MG0024).</summary>
    public static void Check(AttributeValues values, Activation activation, double l2, double slope)
    {
        if (!(l2 >= 0) || double.IsInfinity(l2))
        {
            values.Report(Descriptors.NegativePenalty.Id, "L2", -1, "L2", Format(l2));
        }

        if (activation == Activation.LeakyRelu && !(slope >= 0 && slope < 1))
        {
            values.Report(Descriptors.NegativeSlopeOutOfRange.Id, "NegativeSlope", -1, Format(slope));
        }
    }

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

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
