using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen;

/// <summary>Formats <see cref="IGradientModel.Layers"/> as Keras's <c>model.summary()</c> does, with multiply-adds added.</summary>
public static class ModelSummary
{
    /// <summary>The summary table of <paramref name="model"/>, titled <paramref name="name"/>.</summary>
    public static string Format(IGradientModel model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        CultureInfo invariant = CultureInfo.InvariantCulture;
        var rows = model.Layers.Select(l => (
            Layer: $"{l.Name} ({l.Description})",
            Shape: "(None, " + string.Join(", ", l.OutputShape.Select(d => d.ToString(invariant))) + ")",
            Parameters: l.ParameterCount.ToString("N0", invariant),
            MultiplyAdds: l.MultiplyAdds.ToString("N0", invariant))).ToArray();
        int layerWidth = Math.Max("Layer (type)".Length, rows.Max(r => r.Layer.Length)) + 2;
        int shapeWidth = Math.Max("Output Shape".Length, rows.Max(r => r.Shape.Length)) + 2;
        int parameterWidth = Math.Max("Param #".Length, rows.Max(r => r.Parameters.Length)) + 2;
        int multiplyWidth = Math.Max("Mult-adds".Length, rows.Max(r => r.MultiplyAdds.Length));
        int width = layerWidth + shapeWidth + parameterWidth + multiplyWidth;

        var text = new StringBuilder();
        text.Append("Model: \"").Append(name).Append("\"\n");
        text.Append(new string('_', width)).Append('\n');
        text.Append("Layer (type)".PadRight(layerWidth)).Append("Output Shape".PadRight(shapeWidth))
            .Append("Param #".PadRight(parameterWidth)).Append("Mult-adds".PadLeft(multiplyWidth)).Append('\n');
        text.Append(new string('=', width)).Append('\n');
        foreach (var row in rows)
        {
            text.Append(row.Layer.PadRight(layerWidth)).Append(row.Shape.PadRight(shapeWidth))
                .Append(row.Parameters.PadRight(parameterWidth)).Append(row.MultiplyAdds.PadLeft(multiplyWidth)).Append('\n');
        }

        text.Append(new string('=', width)).Append('\n');
        text.Append(string.Create(invariant, $"Total params: {model.ParameterCount:N0} ({model.ParameterCount * sizeof(float):N0} bytes)\n"));
        int frozen = model.Layers.SelectMany(l => l.Tensors).Where(t => !t.Trainable).Sum(t => t.Length);
        text.Append(string.Create(invariant, $"Trainable params: {model.ParameterCount - frozen:N0}\n"));
        text.Append(string.Create(invariant, $"Non-trainable params: {frozen:N0}\n"));
        text.Append(string.Create(invariant, $"Multiply-adds per sample: {model.Layers.Sum(l => l.MultiplyAdds):N0}\n"));
        text.Append(new string('_', width)).Append('\n');
        return text.ToString();
    }
}
