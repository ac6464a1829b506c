using System.Text;

namespace ModelGen.Generators.Emission;

/// <summary>A string builder that tracks indentation, so emitters write statements rather than whitespace.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text)
    {
        for (int i = 0; i < _indent; i++)
        {
            _builder.Append(IndentUnit);
        }

        _builder.Append(text).Append('\n');
        return this;
    }

    public SourceWriter Line()
    {
        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> (none when empty: a bare scope), an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header)
    {
        if (header.Length > 0)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return new Scope(this);
    }

    /// <summary>
    /// <c>for (int v = 0; v &lt; count; v++)</c>, or, for one iteration, a scope declaring <c>const int v = 0;</c>: generated
    /// code has no one-iteration loops (a single output unit, a single channel), and the JIT folds the constant alike.
    /// </summary>
    public Scope For(string variable, int count) => For(variable, 0, count);

    /// <summary><c>for (int v = from; v &lt; to; v++)</c>, or a scope declaring <c>const int v = from;</c> for one iteration.</summary>
    public Scope For(string variable, int from, int to)
    {
        if (to - from != 1)
        {
            return Block($"for (int {variable} = {Literals.Int(from)}; {variable} < {Literals.Int(to)}; {variable}++)");
        }

        Scope scope = Block("");
        Line($"const int {variable} = {Literals.Int(from)};");
        return scope;
    }

    /// <summary>The rest of a loop whose <paramref name="variable"/> is declared and stands at <paramref name="from"/>, up to <paramref name="to"/>; one iteration is a plain scope.</summary>
    public Scope Rest(string variable, int from, int to) =>
        Block(to - from == 1 ? "" : $"for (; {variable} < {Literals.Int(to)}; {variable}++)");

    public override string ToString() => _builder.ToString();

    internal readonly struct Scope : System.IDisposable
    {
        private readonly SourceWriter _writer;

        public Scope(SourceWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line("}");
        }
    }
}
