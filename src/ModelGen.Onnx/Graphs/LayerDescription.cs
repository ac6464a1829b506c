using System;
using System.Collections.Generic;
using System.Globalization;

namespace ModelGen.Onnx.Graphs;

/// <summary>
/// One layer's canonical description, as the generator writes it into <see cref="LayerSummary.Description"/> and the
/// architecture fingerprint (<c>Conv2D(8, 3, stride 1, Same, Relu, UseBias=false)</c>): the kind, its positional
/// arguments, and its named ones (<c>stride 1</c>, <c>NegativeSlope=0.2</c>).
/// </summary>
internal sealed record LayerDescription(string Kind, IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Named, string Text)
{
    /// <exception cref="NotSupportedException">The text is not of the canonical form.</exception>
    public static LayerDescription Parse(string text)
    {
        int open = text.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !text.EndsWith(')'))
        {
            throw new NotSupportedException($"The layer description '{text}' is not of the form Kind(arguments).");
        }

        var positional = new List<string>();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        string arguments = text[(open + 1)..^1];
        if (arguments.Length > 0)
        {
            foreach (string argument in arguments.Split(", "))
            {
                int equals = argument.IndexOf('=', StringComparison.Ordinal);
                int space = argument.IndexOf(' ', StringComparison.Ordinal);
                if (equals > 0)
                {
                    named[argument[..equals]] = argument[(equals + 1)..];
                }
                else if (space > 0)
                {
                    named[argument[..space]] = argument[(space + 1)..];
                }
                else
                {
                    positional.Add(argument);
                }
            }
        }

        return new LayerDescription(text[..open], positional, named, text);
    }

    public int Int(int position) => int.Parse(Argument(position), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public int Int(string name) => int.Parse(Argument(name), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public float Float(string name, float fallback) =>
        Named.TryGetValue(name, out string? value) ? float.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    public T Enum<T>(int position) where T : struct, Enum =>
        System.Enum.TryParse(Argument(position), ignoreCase: false, out T value)
            ? value
            : throw new NotSupportedException($"'{Argument(position)}' in the layer {Text} is not a {typeof(T).Name}.");

    public bool UsesBias => !Named.TryGetValue("UseBias", out string? value) || value != "false";

    private string Argument(int position) => position < Positional.Count
        ? Positional[position]
        : throw new NotSupportedException($"The layer {Text} has no argument {position + 1}.");

    private string Argument(string name) => Named.TryGetValue(name, out string? value)
        ? value
        : throw new NotSupportedException($"The layer {Text} has no '{name}'.");
}
