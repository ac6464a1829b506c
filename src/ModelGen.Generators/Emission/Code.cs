namespace ModelGen.Generators.Emission;

/// <summary>
/// The names the emitters write often. Generated files import <c>System</c> and <c>System.Runtime.Intrinsics</c> and
/// alias seven helpers (<see cref="Usings"/>), so the code reads <c>Unsafe.Add(ref p, 3)</c> and
/// <c>Vector256.LoadUnsafe(ref x)</c> rather than 500 <c>global::</c> chains; the parser reports a user member or type
/// that would hide one of these names (MG0037), so the short names always mean what the emitters meant.
/// </summary>
internal static class Code
{
    /// <summary>The using directives at the top of every generated model file.</summary>
    public static readonly string[] Usings =
    {
        "using global::System;",
        "using global::System.Runtime.Intrinsics;",
        "using BatchPart = global::ModelGen.Numerics.BatchPart;",
        "using MemoryMarshal = global::System.Runtime.InteropServices.MemoryMarshal;",
        "using ModelMath = global::ModelGen.Numerics.ModelMath;",
        "using ParallelBatch = global::ModelGen.Numerics.ParallelBatch;",
        "using ParallelKernels = global::ModelGen.Numerics.ParallelKernels;",
        "using Unsafe = global::System.Runtime.CompilerServices.Unsafe;",
        "using VectorKernels = global::ModelGen.Numerics.VectorKernels;",
    };

    /// <summary>Every simple name generated code uses through <see cref="Usings"/>: a user symbol of one of these names, visible in the model class, would hide it.</summary>
    public static readonly string[] ImportedNames =
    {
        "Array", "BatchPart", "BitConverter", "Math", "MathF", "MemoryMarshal", "ModelMath", "ParallelBatch", "ParallelKernels", "ReadOnlySpan", "Span", "Unsafe", "Vector128", "Vector256", "Vector512", "VectorKernels",
        "nuint", // a contextual keyword: a type named nuint in scope takes its place
    };

    public const string Unsafe = "Unsafe";
    public const string Add = Unsafe + ".Add";
    /// <summary>
    /// <c>a·b + c</c>, fused where the hardware has a fused multiply-add and two operations where it has not: a software
    /// fused multiply-add (what <c>MathF.FusedMultiplyAdd</c> falls back to) costs tens of nanoseconds per call.
    /// </summary>
    public const string Fma = "float.MultiplyAddEstimate";
    public const string Vector = "Vector256";
    public const string VectorOfFloat = Vector + "<float>";
    public const string Vector128 = "Vector128";
    public const string Vector512 = "Vector512";
    /// <summary>
    /// The condition of the <see cref="Vector"/> (256-bit) code paths: 128-bit vectors accelerated. Where 256-bit vectors
    /// are not (SSE-only x64, Arm64's NEON), the JIT runs each <c>Vector256</c> operation as two 128-bit ones, which
    /// measured 6× faster than the scalar fallback (30-16-8-1 predict with <c>DOTNET_EnableAVX=0</c>: 102 → 83 ns and the
    /// 784-128-64-1 training step 5.2 → 1.0 ms against scalar code); see docs/performance.md.
    /// </summary>
    public const string VectorPath = Vector128 + ".IsHardwareAccelerated";
    public const string ModelMath = "ModelMath";
    public const string Kernels = "VectorKernels";
    public const string ParallelBatch = "ParallelBatch";
    public const string ParallelKernels = "ParallelKernels";
    public const string BatchPart = "BatchPart";
    public const string Span = "Span";
    public const string ReadOnlySpan = "ReadOnlySpan";
    public const string MemoryMarshal = "MemoryMarshal";

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
