using Microsoft.ML.Data;

namespace ColdStart;

/// <summary>ML.NET's input row: 30 features and the label.</summary>
public sealed class CancerRow
{
    [VectorType(30)]
    public float[] Features { get; set; } = System.Array.Empty<float>();

    public bool Label { get; set; }
}

/// <summary>ML.NET's binary prediction.</summary>
public sealed class CancerPrediction
{
    public float Probability { get; set; }
}
