using System;
using System.Collections.Generic;

namespace ModelGen.Generators.Emission;

/// <summary>Scopes opened one inside another (blocks, a try with its finally), closed innermost first.</summary>
internal sealed class ScopeStack : IDisposable
{
    private readonly Stack<IDisposable> _scopes;

    public ScopeStack(Stack<IDisposable> scopes) => _scopes = scopes;

    /// <summary>Nothing to close.</summary>
    public static ScopeStack Empty => new(new Stack<IDisposable>());

    public void Dispose()
    {
        while (_scopes.Count > 0)
        {
            _scopes.Pop().Dispose();
        }
    }
}
