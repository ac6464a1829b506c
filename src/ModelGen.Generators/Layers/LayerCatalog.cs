using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace ModelGen.Generators.Layers;

/// <summary>
/// Every layer kind the DSL knows: each non-abstract <see cref="LayerKind"/> in this assembly, through its static
/// <c>Instance</c>. Adding a layer kind takes its attribute (a sealed attribute class in src/ModelGen/Declarations, its
/// arguments read by name), one file in this folder (its spec record and its kind: parsing, shape, placement rules,
/// description, initialization, emitted methods, tensors) and its tests; nothing else is edited or registered.
/// <c>NewLayerKindTests</c> proves it by compiling the generator with one more file and training the layer it declares.
/// </summary>
internal static class LayerCatalog
{
    public static IReadOnlyList<LayerKind> All { get; } = typeof(LayerKind).Assembly.GetTypes()
        .Where(type => typeof(LayerKind).IsAssignableFrom(type) && !type.IsAbstract)
        .Select(type => (LayerKind)type.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
        .OrderBy(kind => kind.AttributeName, System.StringComparer.Ordinal)
        .ToArray();

    private static readonly Dictionary<string, LayerKind> s_byMetadataName = All.ToDictionary(k => k.AttributeMetadataName);

    public static LayerKind? ForAttribute(string metadataName) =>
        s_byMetadataName.TryGetValue(metadataName, out LayerKind? kind) ? kind : null;
}
