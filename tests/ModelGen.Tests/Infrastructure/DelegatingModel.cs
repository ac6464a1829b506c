using System;
using System.Collections.Generic;
using ModelGen.Data;
using ModelGen.Training;

namespace ModelGen.Tests.Infrastructure;

/// <summary>
/// A generated model behind every member of <see cref="IGradientModel"/>, for tests that change one behaviour the
/// runtime must cope with (a failing step, a thread count that runs slower) and keep the rest real.
/// </summary>
internal class DelegatingModel(IGradientModel inner) : IGradientModel
{
    protected IGradientModel Inner => inner;

    public int InputSize => inner.InputSize;
    public int OutputSize => inner.OutputSize;
    public int ParameterCount => inner.ParameterCount;
    public LossKind Loss => inner.Loss;
    public string Architecture => inner.Architecture;
    public float DecisionThreshold => inner.DecisionThreshold;
    public bool OutputsProbabilities => inner.OutputsProbabilities;
    public float LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }
    public virtual int Threads { get => inner.Threads; set => inner.Threads = value; }
    public virtual TrainingParallelism TrainingParallelism => inner.TrainingParallelism;
    public Span<float> Parameters => inner.Parameters;
    public ReadOnlySpan<float> Gradients => inner.Gradients;
    public Span<float> L2Strengths => inner.L2Strengths;
    public IReadOnlyList<LayerSummary> Layers => inner.Layers;
    public float Predict(ReadOnlySpan<float> features) => inner.Predict(features);
    public void Predict(ReadOnlySpan<float> features, Span<float> output) => inner.Predict(features, output);
    public void PredictBatch(ReadOnlySpan<float> features, Span<float> outputs) => inner.PredictBatch(features, outputs);

    public virtual float TrainStep(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default) =>
        inner.TrainStep(features, labels, sampleWeights, scores);

    public float ComputeGradients(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default) =>
        inner.ComputeGradients(features, labels, sampleWeights, scores);

    public float ComputeLoss(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default) =>
        inner.ComputeLoss(features, labels, sampleWeights, scores);

    public void ResetOptimizer() => inner.ResetOptimizer();

    public History Fit(Dataset training, FitOptions options) => Trainer.Fit(this, training, options);

    public string Summary(string? name = null) => inner.Summary(name);

    public byte[] SaveState() => inner.SaveState();

    public void LoadState(ReadOnlySpan<byte> state) => inner.LoadState(state);

    public GradientCheckResult CheckGradients(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, double step = 1e-4) =>
        inner.CheckGradients(features, labels, sampleWeights, step);
}
