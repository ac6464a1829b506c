// Linked as source into ModelGen.Generators: the build-time feature header and the run-time data reader split CSV
// records with this one reader, so the two cannot disagree on delimiters or quoting.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ModelGen;

/// <summary>A CSV syntax error: the 1-based line and column where the problem starts, and what is wrong there.</summary>
internal sealed class CsvSyntaxException : Exception
{
    public CsvSyntaxException(int line, int column, string problem)
        : base(problem)
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The 1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>The 1-based character column of the problem on <see cref="Line"/>.</summary>
    public int Column { get; }

    /// <summary>What is wrong, in a sentence that says what to do.</summary>
    public string Problem { get; }
}

/// <summary>
/// Reads RFC 4180 records: fields split by one delimiter character; a field that starts with a double quote runs to the
/// matching quote, may hold delimiters and line breaks, and writes a quote as two; lines end in LF or CRLF. Fields are
/// returned exactly as written (no trimming). A quote left open, a quote inside an unquoted field or text after a
/// closing quote is a <see cref="CsvSyntaxException"/> at the place it happens.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly StringBuilder _field = new();
    private int _line = 1;
    private int _column;

    /// <summary>Whether <paramref name="delimiter"/> can separate fields: one character other than a double quote or a line break.</summary>
    public static bool IsValidDelimiter(string? delimiter) => delimiter is { Length: 1 } && delimiter[0] is not ('"' or '\r' or '\n');

    public CsvRecordReader(TextReader reader, char delimiter)
    {
        if (!IsValidDelimiter(delimiter.ToString()))
        {
            throw new ArgumentException("A CSV delimiter cannot be a double quote or a line break.", nameof(delimiter));
        }

        _reader = reader;
        _delimiter = delimiter;
    }

    /// <summary>The 1-based line on which the last record returned by <see cref="Read"/> starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>The next record's fields, or null at the end of the text. A blank line is a record of one empty field.</summary>
    public string[]? Read()
    {
        if (_reader.Peek() < 0)
        {
            return null;
        }

        RecordLine = _line;
        var fields = new List<string>();
        while (true)
        {
            bool more = ReadField(out string field);
            fields.Add(field);
            if (!more)
            {
                return fields.ToArray();
            }
        }
    }

    /// <summary>Reads one field; returns whether another field of the same record follows.</summary>
    private bool ReadField(out string field)
    {
        _field.Clear();
        if (_reader.Peek() == '"')
        {
            Next();
            int openLine = _line;
            int openColumn = _column;
            while (true)
            {
                int c = Next();
                if (c < 0)
                {
                    throw new CsvSyntaxException(openLine, openColumn,
                        "a quoted field opens here and is never closed: the text ends inside it. Close the quote, or write a quote inside a quoted field as two (\"\").");
                }

                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        Next();
                        _field.Append('"');
                        continue;
                    }

                    break;
                }

                _field.Append((char)c);
            }

            field = _field.ToString();
            int after = Next();
            if (after == _delimiter)
            {
                return true;
            }

            if (after < 0 || EndOfLine(after))
            {
                return false;
            }

            throw new CsvSyntaxException(_line, _column,
                $"'{(char)after}' follows the closing quote of a field that opened at line {openLine}, column {openColumn}; a quoted field must end at a delimiter or the line's end.");
        }

        while (true)
        {
            int c = Next();
            if (c < 0 || EndOfLine(c))
            {
                field = _field.ToString();
                return false;
            }

            if (c == _delimiter)
            {
                field = _field.ToString();
                return true;
            }

            if (c == '"')
            {
                throw new CsvSyntaxException(_line, _column,
                    "a double quote inside an unquoted field; quote the whole field and write the quote as two (\"\").");
            }

            _field.Append((char)c);
        }
    }

    /// <summary>Whether <paramref name="c"/> ends the line; a CR swallows the LF of a CRLF.</summary>
    private bool EndOfLine(int c)
    {
        if (c == '\r' && _reader.Peek() == '\n')
        {
            Next();
        }

        return c is '\n' or '\r';
    }

    private int Next()
    {
        int c = _reader.Read();
        if (c == '\n' || (c == '\r' && _reader.Peek() != '\n'))
        {
            _line++;
            _column = 0;
        }
        else if (c >= 0)
        {
            _column++;
        }

        return c;
    }
}
