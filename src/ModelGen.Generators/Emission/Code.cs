namespace ModelGen.Generators.Emission;

/// <summary>Fully qualified names the emitters write often, so generated code never depends on the user's usings.</summary>
internal static class Code
{
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string Add = Unsafe + ".Add";
    public const string Fma = "global::System.MathF.FusedMultiplyAdd";
    public const string Vector = "global::System.Runtime.Intrinsics.Vector256";
    public const string VectorOfFloat = Vector + "<float>";
    public const string Vector128 = "global::System.Runtime.Intrinsics.Vector128";
    public const string Vector512 = "global::System.Runtime.Intrinsics.Vector512";
    public const string ModelMath = "global::ModelGen.Numerics.ModelMath";
    public const string Kernels = "global::ModelGen.Numerics.VectorKernels";
    public const string Span = "global::System.Span";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";

    /// <summary>A name as a C# identifier: <c>@event</c> for a name that is a keyword (the symbol's name is <c>event</c>).</summary>
    public static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
        || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary><c>Unsafe.Add(ref origin, offset)</c>: an element read or written without a bounds check.</summary>
    public static string At(string origin, int offset) =>
        offset == 0 ? origin : $"{Add}(ref {origin}, {Literals.Int(offset)})";

    /// <summary><c>Unsafe.Add(ref origin, index)</c> for a loop variable or expression.</summary>
    public static string At(string origin, string index) => $"{Add}(ref {origin}, {index})";

    /// <summary>A vector load at an element offset.</summary>
    public static string Load(string origin, string index) => $"{Vector}.LoadUnsafe(ref {origin}, {Offset(index)})";

    /// <summary>An element offset as the <c>nuint</c> the vector loads and stores take.</summary>
    public static string Offset(string index) =>
        System.Linq.Enumerable.All(index, char.IsLetterOrDigit) ? $"(nuint){index}" : $"(nuint)({index})";
}
