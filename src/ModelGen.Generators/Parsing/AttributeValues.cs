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

    public void Report(string diagnosticId, string? argumentName, int argumentPosition, params string[] arguments) =>
        _problems.Add(new SpecProblem(diagnosticId, arguments.ToEquatableArray(), AttributeIndex, argumentName, argumentPosition));

    public int Int(int position, int fallback)
    {
        TypedConstant? value = Positional(position);
        return value?.Value is int i ? i : fallback;
    }

    public TEnum Enum<TEnum>(int position, TEnum fallback, string argumentName)
        where TEnum : struct, Enum
    {
        TypedConstant? value = Positional(position);
        return value is null ? fallback : ToEnum(value.Value, fallback, argumentName, null, position);
    }

    public double Double(int position, double fallback) => Number(Positional(position)) ?? fallback;

    public double Double(string name, double fallback) => Number(Named(name)) ?? fallback;

    private static double? Number(TypedConstant? value) => value?.Value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => null,
    };

    public string? String(string name) => Named(name)?.Value as string;

    public int Int(string name, int fallback) => Named(name)?.Value is int i ? i : fallback;

    /// <summary>Whether the attribute sets property <paramref name="name"/> explicitly.</summary>
    public bool Has(string name) => Named(name) is not null;

    public bool Bool(string name, bool fallback) => Named(name)?.Value is bool b ? b : fallback;

    public TEnum Enum<TEnum>(string name, TEnum fallback)
        where TEnum : struct, Enum
    {
        TypedConstant? value = Named(name);
        return value is null ? fallback : ToEnum(value.Value, fallback, name, name, -1);
    }

    private TEnum ToEnum<TEnum>(TypedConstant constant, TEnum fallback, string argumentLabel, string? argumentName, int position)
        where TEnum : struct, Enum
    {
        if (constant.Value is not int raw)
        {
            return fallback;
        }

        if (!System.Enum.IsDefined(typeof(TEnum), raw))
        {
            Report(
                Diagnostics.Descriptors.UndefinedEnumValue.Id,
                argumentName,
                position,
                $"({typeof(TEnum).Name}){raw.ToString(CultureInfo.InvariantCulture)}",
                typeof(TEnum).Name,
                string.Join(", ", System.Enum.GetNames(typeof(TEnum))));
            return fallback;
        }

        return (TEnum)(object)raw;
    }

    private TypedConstant? Positional(int position) =>
        position < _attribute.ConstructorArguments.Length ? _attribute.ConstructorArguments[position] : null;

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
