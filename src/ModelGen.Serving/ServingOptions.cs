using ModelGen.Monitoring;

namespace ModelGen.Serving;

/// <summary>Limits and extras of a classifier endpoint.</summary>
public sealed record ServingOptions
{
    /// <summary>The most rows one request may hold (default 1,000); more is a 413 problem naming the limit.</summary>
    public int MaxBatchRows { get; init; } = 1000;

    /// <summary>The largest request body in bytes (default 1 MiB); larger is a 413 problem.</summary>
    public long MaxRequestBytes { get; init; } = 1 << 20;

    /// <summary>
    /// A drift monitor built from the training data (<see cref="DriftMonitor.Fit"/>), over the model's features: every
    /// scored row is added to its stream and <c>GET {pattern}/drift</c> reports it. Without one, the classifier's own
    /// <see cref="Classifier.Monitor"/> (saved in its file) is used when it has one.
    /// </summary>
    public DriftMonitor? DriftMonitor { get; init; }

    /// <summary>
    /// The training rows (model features) TreeSHAP takes its covers from, so <c>?explain=true</c> works for tree models
    /// too; networks need none (integrated gradients).
    /// </summary>
    public ModelGen.Data.Dataset? ExplanationBackground { get; init; }
}
