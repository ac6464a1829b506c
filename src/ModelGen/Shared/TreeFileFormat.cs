// Linked as source into ModelGen.Generators: the runtime writes tree files and the generator compiles them into code,
// so both read one definition of the format.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelGen;

/// <summary>
/// The text tree file (<c>.mgtt</c>): a trained tree ensemble as text, so the compiler can read it as an
/// <c>AdditionalFiles</c> item and the generator can compile it into code. A header, then one line per node, every
/// float written as its IEEE-754 bits in hexadecimal so it round-trips exactly in any culture:
/// <code>
/// ModelGen trees 1
/// architecture: Input(30) -> RandomForest(trees=100, ...)
/// combination: 0
/// base: 00000000
/// normalizer: 3f800000
/// threshold: 3f000000
/// trees: 100
/// nodes: 4210
/// crc32: 1c291ca3
/// 0 22 42e1999a 1 2 0 3e99999a
/// ...
/// </code>
/// A node line is its tree, feature (−1 for a leaf), threshold bits, left and right child (indices within the tree),
/// whether missing values go left (0/1) and its value bits. The CRC-32 covers the node lines.
/// </summary>
internal static class TreeFileFormat
{
    /// <summary>The format version this code writes and the newest it reads.</summary>
    public const int Version = 1;

    /// <summary>The first line's text before the version number.</summary>
    public const string Signature = "ModelGen trees ";

    /// <summary>The file's text for <paramref name="file"/>.</summary>
    public static string Write(TreeFile file)
    {
        var nodes = new StringBuilder();
        for (int t = 0; t < file.TreeCount; t++)
        {
            int start = file.Roots[t];
            int end = t + 1 < file.TreeCount ? file.Roots[t + 1] : file.Feature.Length;
            for (int i = start; i < end; i++)
            {
                bool leaf = file.Feature[i] < 0;
                nodes.Append(t.ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(file.Feature[i].ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(Bits(file.Threshold[i])).Append(' ')
                    .Append((leaf ? -1 : file.Left[i] - start).ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append((leaf ? -1 : file.Right[i] - start).ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(file.MissingLeft[i] ? '1' : '0').Append(' ')
                    .Append(Bits(file.Value[i])).Append('\n');
            }
        }

        string body = nodes.ToString();
        var text = new StringBuilder();
        text.Append(Signature).Append(Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("architecture: ").Append(file.Architecture).Append('\n');
        text.Append("combination: ").Append(file.Combination.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("base: ").Append(Bits(file.BaseScore)).Append('\n');
        text.Append("normalizer: ").Append(Bits(file.Normalizer)).Append('\n');
        text.Append("threshold: ").Append(Bits(file.DecisionThreshold)).Append('\n');
        text.Append("trees: ").Append(file.TreeCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("nodes: ").Append(file.Feature.Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("crc32: ").Append(TextWeightsFormat.Crc32(Encoding.UTF8.GetBytes(body)).ToString("x8", CultureInfo.InvariantCulture)).Append('\n');
        return text.Append(body).ToString();
    }

    /// <summary>
    /// Reads a file's text. Returns null and sets <paramref name="error"/> (a sentence fragment) when it is not a whole,
    /// intact tree file of a version this code reads, or its nodes do not form trees over <paramref name="inputSize"/> features.
    /// </summary>
    public static TreeFile? Read(string text, int inputSize, out string error)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        if (!TextWeightsFormat.FirstLine(lines, Signature, Version, "tree file", out error))
        {
            return null;
        }

        string[] names = { "architecture", "combination", "base", "normalizer", "threshold", "trees", "nodes", "crc32" };
        if (TextWeightsFormat.HeaderValues(lines, names, out error) is not string[] header)
        {
            return null;
        }

        if (!int.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out int combination) || combination > 2
            || !TryBits(header[2], out float baseScore) || !TryBits(header[3], out float normalizer) || !TryBits(header[4], out float threshold)
            || !int.TryParse(header[5], NumberStyles.None, CultureInfo.InvariantCulture, out int trees) || trees < 1
            || !int.TryParse(header[6], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < trees
            || !uint.TryParse(header[7], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint crc))
        {
            error = "its header is damaged (combination, base, normalizer, threshold, trees, nodes or crc32 cannot be read)";
            return null;
        }

        if (TextWeightsFormat.Body(lines, names.Length + 1, count, crc, "nodes", out error) is not string[] body)
        {
            return null;
        }

        var file = new TreeFile(header[0], combination, baseScore, normalizer, threshold, new int[trees], count);
        int tree = -1;
        for (int i = 0; i < count; i++)
        {
            string[] parts = body[i].Split(' ');
            if (parts.Length != 7
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int t)
                || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int feature)
                || !TryBits(parts[2], out float split)
                || !int.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int left)
                || !int.TryParse(parts[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int right)
                || parts[5] is not ("0" or "1")
                || !TryBits(parts[6], out float value))
            {
                error = $"node line {i + 1} is damaged";
                return null;
            }

            if (t != tree)
            {
                if (t != tree + 1 || t >= trees)
                {
                    error = $"node line {i + 1} starts tree {t} out of order";
                    return null;
                }

                tree = t;
                file.Roots[t] = i;
            }

            int start = file.Roots[t];
            file.Feature[i] = feature;
            file.Threshold[i] = split;
            file.Left[i] = feature < 0 ? -1 : start + left;
            file.Right[i] = feature < 0 ? -1 : start + right;
            file.MissingLeft[i] = parts[5] == "1";
            file.Value[i] = value;
        }

        if (tree != trees - 1)
        {
            error = $"the header promises {trees} trees, the nodes form {tree + 1}";
            return null;
        }

        error = file.Check(inputSize) ?? "";
        return error.Length == 0 ? file : null;
    }

    private static string Bits(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0).ToString("x8", CultureInfo.InvariantCulture);

    private static bool TryBits(string text, out float value)
    {
        bool ok = text.Length == 8 && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint bits);
        value = ok ? BitConverter.ToSingle(BitConverter.GetBytes(uint.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)), 0) : 0f;
        return ok;
    }
}

/// <summary>A tree file's contents: the ensemble's flat node arrays (children as absolute indices) and its scoring constants.</summary>
internal sealed class TreeFile
{
    public TreeFile(string architecture, int combination, float baseScore, float normalizer, float decisionThreshold, int[] roots, int nodes)
    {
        Architecture = architecture;
        Combination = combination;
        BaseScore = baseScore;
        Normalizer = normalizer;
        DecisionThreshold = decisionThreshold;
        Roots = roots;
        Feature = new int[nodes];
        Threshold = new float[nodes];
        Left = new int[nodes];
        Right = new int[nodes];
        MissingLeft = new bool[nodes];
        Value = new float[nodes];
    }

    public string Architecture { get; }

    /// <summary>0 average of the leaves, 1 logistic of the base plus their sum, 2 isolation score.</summary>
    public int Combination { get; }

    public float BaseScore { get; }

    public float Normalizer { get; }

    public float DecisionThreshold { get; }

    public int[] Roots { get; }

    public int TreeCount => Roots.Length;

    public int[] Feature { get; }

    public float[] Threshold { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    public bool[] MissingLeft { get; }

    public float[] Value { get; }

    /// <summary>Null when every tree's nodes stay in its own range with children after parents and finite values, else what is wrong.</summary>
    public string? Check(int inputSize)
    {
        if (!IsFinite(BaseScore) || !IsFinite(DecisionThreshold) || !(Normalizer > 0) || !IsFinite(Normalizer))
        {
            return "its base score, normalizer or threshold is not a finite number";
        }

        for (int t = 0; t < TreeCount; t++)
        {
            int start = Roots[t];
            int end = t + 1 < TreeCount ? Roots[t + 1] : Feature.Length;
            for (int i = start; i < end; i++)
            {
                if (Feature[i] < 0)
                {
                    if (!IsFinite(Value[i]))
                    {
                        return $"leaf {i - start} of tree {t} holds a value that is not finite";
                    }

                    continue;
                }

                if (Feature[i] >= inputSize || Left[i] <= i || Right[i] <= i || Left[i] >= end || Right[i] >= end || float.IsNaN(Threshold[i]))
                {
                    return $"node {i - start} of tree {t} tests feature {Feature[i]} of {inputSize} or points outside its tree";
                }
            }
        }

        return null;
    }

    private static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);
}
