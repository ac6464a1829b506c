using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generators.Spec;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// One attribute's arguments read off Roslyn as plain values, so a layer kind can interpret them without touching
/// symbols. It records problems (unreadable or undefined values) as it is asked for each argument.
/// </summary>
internal sealed class AttributeValues
{
    private readonly AttributeData _attribute;
    private readonly List<SpecProblem> _problems;

    public AttributeValues(AttributeData attribute, int attributeIndex, string displayName, List<SpecProblem> problems)
    {
        _attribute = attribute;
        AttributeIndex = attributeIndex;
        DisplayName = displayName;
        _problems = problems;
    }

    public int AttributeIndex { get; }

    /// <summary>The attribute's name as written in C#, without the suffix: <c>Dense</c>.</summary>
    public string DisplayName { get; }

    /// <summary>Reports a problem with the attribute as a whole.</summary>
    public void Report(string diagnosticId, params string[] arguments) =>
        _problems.Add(new SpecProblem(diagnosticId, arguments.ToEquatableArray(), AttributeIndex, null, -1));

    /// <summary>
    /// Reports a problem with one argument, named as the attribute declares it: a constructor parameter
    /// (<c>filters</c>) or a property (<c>UseBias</c>). The IDE then underlines that argument.
    /// </summary>
    public void ReportArgument(string diagnosticId, string argument, params string[] arguments)
    {
        int position = ParameterPosition(argument);
        _problems.Add(new SpecProblem(diagnosticId, arguments.ToEquatableArray(), AttributeIndex, position < 0 ? argument : null, position));
    }

    // Every read goes by the name the attribute declares (constructor parameter or property), never by position, so
    // reordering or inserting a constructor parameter cannot silently shift the values a layer reads.

    public int Int(string argument, int fallback) => Argument(argument)?.Value is int i ? i : fallback;

    public double Double(string argument, double fallback) => Argument(argument)?.Value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => fallback,
    };

    public string? String(string argument) => Argument(argument)?.Value as string;

    public bool Bool(string argument, bool fallback) => Argument(argument)?.Value is bool b ? b : fallback;

    /// <summary>Whether the attribute gives <paramref name="argument"/> explicitly.</summary>
    public bool Has(string argument) => Argument(argument) is not null;

    public TEnum Enum<TEnum>(string argument, TEnum fallback)
        where TEnum : struct, Enum
    {
        TypedConstant? value = Argument(argument);
        if (value is null)
        {
            return fallback;
        }

        return ToEnum(value.Value, fallback, argument);
    }

    private TEnum ToEnum<TEnum>(TypedConstant constant, TEnum fallback, string argument)
        where TEnum : struct, Enum
    {
        if (constant.Value is not int raw)
        {
            return fallback;
        }

        if (!System.Enum.IsDefined(typeof(TEnum), raw))
        {
            ReportArgument(
                Diagnostics.Descriptors.UndefinedEnumValue.Id,
                argument,
                $"({typeof(TEnum).Name}){Invariant.Number(raw)}",
                typeof(TEnum).Name,
                string.Join(", ", System.Enum.GetNames(typeof(TEnum))));
            return fallback;
        }

        return (TEnum)(object)raw;
    }

    /// <summary>The position of constructor parameter <paramref name="name"/>, or −1 when it names a property.</summary>
    private int ParameterPosition(string name)
    {
        if (_attribute.AttributeConstructor is { } constructor)
        {
            for (int i = 0; i < constructor.Parameters.Length; i++)
            {
                if (constructor.Parameters[i].Name == name)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>The value given for constructor parameter or property <paramref name="name"/>, or null when the attribute leaves it out.</summary>
    private TypedConstant? Argument(string name)
    {
        int position = ParameterPosition(name);
        if (position < 0)
        {
            return Named(name);
        }

        // A parameter left at its default still has a constructor argument: the declared default, which the generator's
        // fallback must equal (both read the shared default constants).
        return position < _attribute.ConstructorArguments.Length ? _attribute.ConstructorArguments[position] : null;
    }

    private TypedConstant? Named(string name)
    {
        foreach (KeyValuePair<string, TypedConstant> pair in _attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }
}
