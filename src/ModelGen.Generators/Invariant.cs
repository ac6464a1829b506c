using System.Globalization;

namespace ModelGen.Generators;

/// <summary>
/// Numbers as diagnostics and descriptions show them, in the invariant culture whatever the build machine's: one
/// formatting rule for every message (C# literals in generated code are <see cref="Emission.Literals"/>'s).
/// </summary>
internal static class Invariant
{
    /// <summary>An integer such as <c>784</c>.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long with thousands separators, such as <c>3,211,264</c>, for sizes a reader compares.</summary>
    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A double that round-trips, such as <c>0.001</c> or <c>-1E-07</c>.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
