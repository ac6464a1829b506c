using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Generators.Layers;

/// <summary>Every layer kind the DSL knows. A new layer is a new file in this folder and one entry here.</summary>
internal static class LayerCatalog
{
    public static IReadOnlyList<LayerKind> All { get; } = new LayerKind[]
    {
        DenseLayer.Instance,
        Conv2DLayer.Instance,
        MaxPool2DLayer.Instance,
        AvgPool2DLayer.Instance,
        FlattenLayer.Instance,
        DropoutLayer.Instance,
        BatchNormLayer.Instance,
    };

    private static readonly Dictionary<string, LayerKind> s_byMetadataName = All.ToDictionary(k => k.AttributeMetadataName);

    public static LayerKind? ForAttribute(string metadataName) =>
        s_byMetadataName.TryGetValue(metadataName, out LayerKind? kind) ? kind : null;
}
