using System;

namespace ModelGen;

/// <summary>Declares the number of features a model reads per sample. One per model class.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares a flat input of <paramref name="size"/> features.</summary>
    public InputAttribute(int size) => Size = size;

    /// <summary>The number of features per sample.</summary>
    public int Size { get; }
}
