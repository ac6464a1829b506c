using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Selection;

/// <summary>
/// One dimension of a <see cref="ParameterSpace"/>: a continuous range (on a log scale when <c>Log</c>), an integer
/// range, or a list of choices — Optuna's <c>suggest_float</c>, <c>suggest_int</c> and <c>suggest_categorical</c>.
/// </summary>
public abstract record SearchParameter
{
    private protected SearchParameter(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name a model factory reads the value by.</summary>
    public string Name { get; }

    /// <summary>A continuous range, <c>[Minimum, Maximum]</c>, uniform or log-uniform.</summary>
    public static SearchParameter Float(string name, double minimum, double maximum, bool log = false) => new FloatParameter(name, minimum, maximum, log);

    /// <summary>An integer range, <c>[Minimum, Maximum]</c> inclusive, uniform or log-uniform.</summary>
    public static SearchParameter Integer(string name, int minimum, int maximum, bool log = false) => new IntegerParameter(name, minimum, maximum, log);

    /// <summary>A choice among <paramref name="choices"/> (a model family, a kernel, a class weighting).</summary>
    public static SearchParameter Categorical(string name, params string[] choices) => new CategoricalParameter(name, choices);

    /// <summary>The value at <paramref name="unit"/> ∈ [0, 1] of the parameter's search scale (log for log ranges; for choices, the choice whose equal share of [0, 1] holds it).</summary>
    internal abstract object FromUnit(double unit);

    /// <summary>Where <paramref name="value"/> lies on the parameter's search scale, in [0, 1].</summary>
    internal abstract double ToUnit(object value);

    /// <summary>The number of choices, or 0 for a range.</summary>
    internal virtual int Choices => 0;
}

/// <summary>A continuous range.</summary>
public sealed record FloatParameter : SearchParameter
{
    internal FloatParameter(string name, double minimum, double maximum, bool log)
        : base(name)
    {
        if (!(double.IsFinite(minimum) && double.IsFinite(maximum) && minimum < maximum) || (log && !(minimum > 0)))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), $"Parameter '{name}' needs finite bounds with minimum < maximum{(log ? ", and a positive minimum for a log scale" : "")}; got [{minimum}, {maximum}].");
        }

        (Minimum, Maximum, Log) = (minimum, maximum, log);
    }

    /// <summary>The smallest value.</summary>
    public double Minimum { get; }

    /// <summary>The largest value.</summary>
    public double Maximum { get; }

    /// <summary>Whether values are drawn log-uniformly.</summary>
    public bool Log { get; }

    internal override object FromUnit(double unit) =>
        Math.Clamp(Log ? Math.Exp(Math.Log(Minimum) + unit * (Math.Log(Maximum) - Math.Log(Minimum))) : Minimum + unit * (Maximum - Minimum), Minimum, Maximum);

    internal override double ToUnit(object value)
    {
        double v = (double)value;
        return Log ? (Math.Log(v) - Math.Log(Minimum)) / (Math.Log(Maximum) - Math.Log(Minimum)) : (v - Minimum) / (Maximum - Minimum);
    }
}

/// <summary>An integer range.</summary>
public sealed record IntegerParameter : SearchParameter
{
    internal IntegerParameter(string name, int minimum, int maximum, bool log)
        : base(name)
    {
        if (minimum >= maximum || (log && minimum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), $"Parameter '{name}' needs minimum < maximum{(log ? " and a minimum of at least 1 for a log scale" : "")}; got [{minimum}, {maximum}].");
        }

        (Minimum, Maximum, Log) = (minimum, maximum, log);
    }

    /// <summary>The smallest value.</summary>
    public int Minimum { get; }

    /// <summary>The largest value.</summary>
    public int Maximum { get; }

    /// <summary>Whether values are drawn log-uniformly.</summary>
    public bool Log { get; }

    // Integers are the continuous range from Minimum − ½ to Maximum + ½, rounded, so each value gets an equal share.
    internal override object FromUnit(double unit)
    {
        double low = Log ? Math.Log(Minimum - 0.5 + 1e-9) : Minimum - 0.5, high = Log ? Math.Log(Maximum + 0.5) : Maximum + 0.5;
        double x = low + unit * (high - low);
        return (int)Math.Clamp(Math.Round(Log ? Math.Exp(x) : x, MidpointRounding.AwayFromZero), Minimum, Maximum);
    }

    internal override double ToUnit(object value)
    {
        double low = Log ? Math.Log(Minimum - 0.5 + 1e-9) : Minimum - 0.5, high = Log ? Math.Log(Maximum + 0.5) : Maximum + 0.5;
        double v = (int)value;
        return ((Log ? Math.Log(v) : v) - low) / (high - low);
    }
}

/// <summary>A choice among named values.</summary>
public sealed record CategoricalParameter : SearchParameter
{
    internal CategoricalParameter(string name, IReadOnlyList<string> choices)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count < 1 || choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
        {
            throw new ArgumentException($"Parameter '{name}' needs at least one choice, each once.", nameof(choices));
        }

        Values = choices.ToArray();
    }

    /// <summary>The choices.</summary>
    public IReadOnlyList<string> Values { get; }

    internal override int Choices => Values.Count;

    internal override object FromUnit(double unit) => Values[Math.Min(Values.Count - 1, (int)(unit * Values.Count))];

    internal override double ToUnit(object value) => (IndexOf((string)value) + 0.5) / Values.Count;

    internal int IndexOf(string value)
    {
        for (int i = 0; i < Values.Count; i++)
        {
            if (Values[i] == value)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{value}' is not a choice of parameter '{Name}'.", nameof(value));
    }
}

/// <summary>The parameters a search draws, by name: what a model factory reads from a <see cref="Trial"/>.</summary>
public sealed class ParameterSpace
{
    /// <summary>Creates the space from its parameters; their names must differ.</summary>
    /// <exception cref="ArgumentException">There is no parameter, or two share a name.</exception>
    public ParameterSpace(params SearchParameter[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length == 0 || parameters.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != parameters.Length)
        {
            throw new ArgumentException("A parameter space needs at least one parameter, each name once.", nameof(parameters));
        }

        Parameters = parameters.ToArray();
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>
    /// Up to <paramref name="count"/> points of a grid over the space: ranges split evenly on their scale (log ranges
    /// geometrically), every choice taken; the grid's points per range are as even as the count allows.
    /// </summary>
    public IReadOnlyList<Trial> Grid(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int ranges = Parameters.Count(p => p.Choices == 0);
        int combinations = Parameters.Where(p => p.Choices > 0).Aggregate(1, (product, p) => product * p.Choices);
        int perRange = ranges == 0 ? 1 : Math.Max(1, (int)Math.Floor(Math.Pow(Math.Max(1, count / combinations), 1.0 / ranges) + 1e-9));
        IEnumerable<object[]> points = new[] { Array.Empty<object>() };
        foreach (SearchParameter parameter in Parameters)
        {
            int steps = parameter.Choices > 0 ? parameter.Choices : perRange;
            points = points.SelectMany(point => Enumerable.Range(0, steps).Select(i =>
                point.Append(parameter.FromUnit(parameter.Choices > 0 ? (i + 0.5) / steps : steps == 1 ? 0.5 : (double)i / (steps - 1))).ToArray()));
        }

        return points.Take(count).Select((values, number) => new Trial(this, number, values)).ToArray();
    }
}

/// <summary>One point of a <see cref="ParameterSpace"/>: the values a search asks a model factory to build and train.</summary>
public sealed class Trial
{
    private readonly ParameterSpace _space;
    private readonly object[] _values;

    internal Trial(ParameterSpace space, int number, object[] values)
    {
        _space = space;
        Number = number;
        _values = values;
    }

    /// <summary>The trial's place in the search, from 0.</summary>
    public int Number { get; }

    internal IReadOnlyList<object> Values => _values;

    /// <summary>A continuous parameter's value.</summary>
    /// <exception cref="ArgumentException">No continuous parameter has that name.</exception>
    public double Float(string name) => Value<double>(name, "continuous");

    /// <summary>An integer parameter's value.</summary>
    /// <exception cref="ArgumentException">No integer parameter has that name.</exception>
    public int Integer(string name) => Value<int>(name, "integer");

    /// <summary>A categorical parameter's choice.</summary>
    /// <exception cref="ArgumentException">No categorical parameter has that name.</exception>
    public string Choice(string name) => Value<string>(name, "categorical");

    /// <summary>Every value as <c>name=value</c>, as the search's table shows it.</summary>
    public override string ToString() => string.Join(" ", _space.Parameters.Select((p, i) => p.Name + "=" + Format(_values[i])));

    private T Value<T>(string name, string kind)
    {
        for (int i = 0; i < _space.Parameters.Count; i++)
        {
            if (_space.Parameters[i].Name == name)
            {
                return _values[i] is T value ? value : throw new ArgumentException($"Parameter '{name}' is not {kind}.", nameof(name));
            }
        }

        throw new ArgumentException($"The search space has no parameter '{name}' (it has {string.Join(", ", _space.Parameters.Select(p => p.Name))}).", nameof(name));
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
