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
