using System;

namespace ModelGen.Data;

/// <summary>
/// Input data that cannot be used as it is. The message names the file, the line and column (both 1-based),
/// what was expected and what was found; nothing is skipped or guessed.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="line"/> and <paramref name="column"/> are 1-based, 0 when not applicable.</summary>
    public DataFormatException(string file, int line, int column, string problem, Exception? inner = null)
        : base(Describe(file, line, column, problem), inner)
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file (or source name) that holds the bad data.</summary>
    public string File { get; }

    /// <summary>The 1-based line, or 0 when the problem concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, or 0 when the problem concerns a whole line or the file.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    private static string Describe(string file, int line, int column, string problem)
    {
        string where = file;
        if (line > 0)
        {
            where += $", line {line}";
        }

        if (column > 0)
        {
            where += $", column {column}";
        }

        return $"{where}: {problem}";
    }
}
