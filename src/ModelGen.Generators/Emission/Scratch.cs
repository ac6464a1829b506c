using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Losses;
using ModelGen.Generators.Optimizers;
using ModelGen.Generators.Planning;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Emission;

/// <summary>Scratch memory in generated methods: on the stack when small, rented from the array pool (and returned in a <c>finally</c>) when not.</summary>
internal static class Scratch
{
    /// <summary>Scratch up to this many floats (64 KB) lives on the stack; more is rented from the array pool.</summary>
    internal const int StackScratchLimit = 16 * 1024;

    /// <summary>
    /// Declares <c>Span&lt;float&gt; name</c> of <paramref name="size"/> floats for the enclosed code: on the stack
    /// when it is small, otherwise rented from the shared array pool (thread-safe and allocation-free once warm)
    /// and returned in a <c>finally</c>, so a wide model cannot overflow the stack.
    /// </summary>
    internal static IDisposable Declare(SourceWriter writer, string name, string size, long floats)
    {
        if (floats <= StackScratchLimit)
        {
            writer.Line($"{Code.Span}<float> {name} = stackalloc float[{size}];");
            return ScopeStack.Empty;
        }

        writer.Line($"float[] {name}Array = global::System.Buffers.ArrayPool<float>.Shared.Rent({size});");
        var scopes = new Stack<IDisposable>();
        scopes.Push(new Finally(writer, $"global::System.Buffers.ArrayPool<float>.Shared.Return({name}Array);"));
        scopes.Push(writer.Block("try"));
        writer.Line($"{Code.Span}<float> {name} = new {Code.Span}<float>({name}Array, 0, {size});");
        return new ScopeStack(scopes);
    }

    /// <summary>Closes a <c>try</c> block with a <c>finally</c> holding one statement.</summary>
    internal sealed class Finally : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _statement;

        public Finally(SourceWriter writer, string statement)
        {
            _writer = writer;
            _statement = statement;
        }

        public void Dispose()
        {
            using (_writer.Block("finally"))
            {
                _writer.Line(_statement);
            }
        }
    }
}
