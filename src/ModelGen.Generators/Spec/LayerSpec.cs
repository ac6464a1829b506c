namespace ModelGen.Generators.Spec;

/// <summary>
/// One declared layer. Each layer kind in <c>Layers/</c> derives its own record with the values it reads.
/// </summary>
/// <param name="AttributeIndex">The attribute's position on the class, for diagnostics.</param>
/// <param name="Activation">The activation applied to the layer's outputs.</param>
/// <param name="NegativeSlope">The slope of <see cref="ModelGen.Activation.LeakyRelu"/> below zero.</param>
internal abstract record LayerSpec(int AttributeIndex, Activation Activation, double NegativeSlope)
{
    /// <summary>The kind that plans and emits this layer (a computed property: not part of equality).</summary>
    public abstract Layers.LayerKind Kind { get; }
}
