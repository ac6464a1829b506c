using System.Globalization;

namespace ModelGen;

/// <summary>The worst disagreement between a model's generated gradient and finite differences.</summary>
/// <param name="MaxRelativeError">The largest <c>|analytic − numeric| / max(|analytic|, |numeric|, 1e-3)</c> over all parameters.</param>
/// <param name="WorstParameter">The index, in the parameter layout, where that error occurs.</param>
/// <param name="Analytic">The generated gradient at <paramref name="WorstParameter"/>.</param>
/// <param name="Numeric">The finite-difference gradient at <paramref name="WorstParameter"/>.</param>
/// <remarks>
/// The floor of 1e-3 in the denominator keeps parameters whose gradient is essentially zero from
/// reporting float rounding as a large relative error.
/// </remarks>
public readonly record struct GradientCheckResult(double MaxRelativeError, int WorstParameter, double Analytic, double Numeric)
{
    /// <summary>The denominator floor described on <see cref="MaxRelativeError"/>.</summary>
    public const double DenominatorFloor = 1e-3;

    /// <summary>The relative error of one parameter, as <see cref="MaxRelativeError"/> defines it.</summary>
    public static double RelativeError(double analytic, double numeric) =>
        System.Math.Abs(analytic - numeric) /
        System.Math.Max(DenominatorFloor, System.Math.Max(System.Math.Abs(analytic), System.Math.Abs(numeric)));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"max relative error {MaxRelativeError:E2} at parameter {WorstParameter} (analytic {Analytic:G6}, numeric {Numeric:G6})");
}
