using System;
using System.Collections.Generic;
using ModelGen.Data;
using ModelGen.Training;

namespace ModelGen;

/// <summary>
/// What every classifier ModelGen builds has, whatever its family (a network, a tree ensemble): input size, the
/// positive-class score of one row and its batch form, training on a data set, a summary, and its trained state for
/// saving. Everything in the runtime that does not need gradients — evaluation, cross-validation, search, threshold
/// tuning, calibration, the sealed <see cref="Classifier"/>, the report — works on this contract, so a forest and a
/// network are compared on the same folds in one table.
/// </summary>
/// <remarks>
/// Inference members (<see cref="Predict(ReadOnlySpan{float})"/>, <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>,
/// <see cref="PredictBatch"/>) are pure and safe to call from many threads at once; <see cref="Fit"/> and
/// <see cref="LoadState"/> change the model and must not run concurrently with anything else.
/// </remarks>
public interface IModel
{
    /// <summary>Features per sample.</summary>
    int InputSize { get; }

    /// <summary>Outputs per sample (1 for a single score, the class count for softmax).</summary>
    int OutputSize { get; }

    /// <summary>A canonical one-line description of the model's structure; equal strings mean exchangeable trained state.</summary>
    string Architecture { get; }

    /// <summary>
    /// The score at which a sample counts as positive when none was tuned:
    /// 0.5 for probabilities and squared-error outputs, 0 for margins.
    /// </summary>
    float DecisionThreshold { get; }

    /// <summary>Whether <see cref="Predict(ReadOnlySpan{float})"/> returns a probability, so log loss and calibration apply.</summary>
    bool OutputsProbabilities { get; }

    /// <summary>The positive-class score of one sample: the probability for a sigmoid or softmax head, the margin for hinge.</summary>
    float Predict(ReadOnlySpan<float> features);

    /// <summary>Writes all <see cref="OutputSize"/> outputs of one sample.</summary>
    void Predict(ReadOnlySpan<float> features, Span<float> output);

    /// <summary>Predicts row-major <c>[n, InputSize]</c> features into row-major <c>[n, OutputSize]</c> outputs.</summary>
    void PredictBatch(ReadOnlySpan<float> features, Span<float> outputs);

    /// <summary>
    /// Trains on <paramref name="training"/> (Keras's <c>fit</c>, scikit-learn's <c>fit</c>): a network runs the epochs of
    /// <paramref name="options"/>; other families read the options that apply to them.
    /// </summary>
    History Fit(Dataset training, FitOptions options);

    /// <summary>A table of the model's structure, as Keras's <c>model.summary()</c>, titled <paramref name="name"/> (default: the class name).</summary>
    string Summary(string? name = null);

    /// <summary>The trained state (a network's parameters, an ensemble's trees) as bytes, for <see cref="Classifier"/> files.</summary>
    byte[] SaveState();

    /// <summary>Replaces the trained state with one <see cref="SaveState"/> wrote for the same <see cref="Architecture"/>.</summary>
    /// <exception cref="ArgumentException">The bytes are not a state of this model (wrong length or content); the model is unchanged.</exception>
    void LoadState(ReadOnlySpan<byte> state);
}

/// <summary>
/// What gradient-trained models (networks, logistic regression, linear SVMs) add to <see cref="IModel"/>: parameters,
/// gradients, the training step, the learning rate and the gradient check, so the runtime's training loop, callbacks
/// and weight files drive any generated network without reflection.
/// </summary>
/// <remarks>
/// Training members mutate per-instance state (gradients, optimizer moments) and must not run concurrently
/// with each other or with writes to <see cref="Parameters"/>.
/// </remarks>
public interface IGradientModel : IModel
{
    /// <summary>
    /// The number of values in <see cref="Parameters"/>: the trained weights and any non-trainable state saved with
    /// them (batch normalization's running mean and variance; <see cref="Layers"/> marks which tensors are trained).
    /// </summary>
    int ParameterCount { get; }

    /// <summary>The loss the model was declared with.</summary>
    LossKind Loss { get; }

    /// <summary>The current learning rate; schedules and callbacks change it between steps.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The value set is NaN, infinite, zero or negative.</exception>
    float LearningRate { get; set; }

    /// <summary>
    /// All parameters in the documented layout: layer by layer, a Dense layer's weights as
    /// <c>[out, in]</c> row-major, then its bias (PyTorch's <c>nn.Linear</c>).
    /// </summary>
    Span<float> Parameters { get; }

    /// <summary>The gradients of the last <see cref="ComputeGradients"/> or <see cref="TrainStep"/>, in the layout of <see cref="Parameters"/>.</summary>
    ReadOnlySpan<float> Gradients { get; }

    /// <summary>
    /// The L2 penalty strength λ of each layer (0: none), starting from the declared values; the loss gains
    /// λ·Σw² over the layer's weights. Set it between steps to tune regularization without recompiling.
    /// </summary>
    Span<float> L2Strengths { get; }

    /// <summary>
    /// How many threads <see cref="IModel.PredictBatch"/>, <see cref="ComputeGradients"/> and <see cref="TrainStep"/>
    /// may use (default: the machine's cores). A batch is split across threads only when each part has enough work
    /// to pay for the hand-off, so small batches and small models stay on the calling thread. Training is
    /// reproducible bit for bit for a given value; whether another value trains to other bits (within float
    /// rounding) is <see cref="TrainingParallelism"/>; predictions never change. Set 1 for the sequential computation.
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The value set is below 1.</exception>
    int Threads { get; set; }

    /// <summary>
    /// How training uses <see cref="Threads"/>, and so whether the thread count changes what it computes or only how
    /// fast: fixed by the model's layers.
    /// </summary>
    TrainingParallelism TrainingParallelism { get; }

    /// <summary>The layers in order, with their output shapes, parameter counts and multiply-adds per sample (see <see cref="IModel.Summary"/>).</summary>
    IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>
    /// Forward, backward and one optimizer update on a minibatch. Labels are 0/1 for a single output and
    /// the class index for softmax; sample weights are optional. Returns the batch's mean loss
    /// (weighted losses summed and divided by the batch size, as Keras does), L2 penalties included.
    /// A non-empty <paramref name="scores"/> receives each sample's positive-class score (as <see cref="IModel.Predict(ReadOnlySpan{float})"/>
    /// gives it) from the same forward pass, so training metrics cost no second pass. When the loss is NaN or infinite
    /// the step changes nothing (parameters, running statistics and optimizer state stay as they were) and returns that
    /// loss, so the caller decides whether to stop.
    /// </summary>
    /// <exception cref="ArgumentException">The spans disagree in length, or a label is outside the loss's domain (0/1 for binary cross-entropy and hinge, a class index for softmax).</exception>
    float TrainStep(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default);

    /// <summary>
    /// Like <see cref="TrainStep"/> but leaves the model unchanged (parameters, running statistics, optimizer state):
    /// fills <see cref="Gradients"/> and returns the training-mode loss (batch statistics, dropout masks).
    /// </summary>
    float ComputeGradients(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default);

    /// <summary>
    /// The batch's mean loss from a forward pass in inference mode, as Keras's <c>evaluate</c>: dropout off, batch
    /// normalization by its running statistics. Without such layers it equals the loss <see cref="ComputeGradients"/>
    /// reports (to the last bit on one thread; within rounding when <see cref="Threads"/> splits the batch, whose parts'
    /// losses are added in part order). It runs on the calling thread. Parameters and gradients are untouched.
    /// </summary>
    float ComputeLoss(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, Span<float> scores = default);

    /// <summary>Forgets the optimizer's moments and step count, as a fresh optimizer would start.</summary>
    void ResetOptimizer();

    /// <summary>
    /// Compares the generated gradient with central finite differences of the loss computed in double precision
    /// over every parameter, on the batch given.
    /// </summary>
    GradientCheckResult CheckGradients(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, ReadOnlySpan<float> sampleWeights = default, double step = 1e-4);
}
