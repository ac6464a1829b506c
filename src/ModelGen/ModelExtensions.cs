using System;
using System.Collections.Generic;
using System.IO;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Training;

namespace ModelGen;

/// <summary>Keras-style verbs on any model: <c>Fit</c> by epochs for networks, <c>Evaluate</c>, and decisions at a tuned threshold.</summary>
public static class ModelExtensions
{
    /// <summary>
    /// Trains the model as Keras's <c>model.fit(x, epochs, batch_size, shuffle, validation_data, validation_split,
    /// callbacks, class_weight)</c>; see <see cref="FitOptions"/> for every option.
    /// </summary>
    public static History Fit(this IGradientModel model, Dataset training, int epochs, int batchSize = 32, int seed = 0,
        bool shuffle = true, Dataset? validationData = null, TextWriter? log = null, double validationSplit = 0,
        IReadOnlyList<Callback>? callbacks = null, ClassWeights? classWeights = null) =>
        Trainer.Fit(model, training, new FitOptions
        {
            Epochs = epochs,
            BatchSize = batchSize,
            Seed = seed,
            Shuffle = shuffle,
            ValidationData = validationData,
            ValidationSplit = validationSplit,
            Callbacks = callbacks ?? Array.Empty<Callback>(),
            ClassWeights = classWeights,
            Log = log,
        });

    /// <summary>
    /// The model's decisions on <paramref name="data"/> by the sensitive group of each row (<paramref name="groups"/>, one
    /// per row): each group's selection rate, TPR, FPR and precision, and Fairlearn's gaps, at <paramref name="threshold"/>
    /// or the model's own.
    /// </summary>
    public static FairnessReport Fairness(this IModel model, Dataset data, IReadOnlyList<string> groups, float? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        return FairnessReport.Create(Evaluator.Scores(model, data), data.Labels, groups, threshold ?? model.DecisionThreshold);
    }

    /// <summary>Every metric on <paramref name="data"/>, decisions at <paramref name="threshold"/> or the model's own.</summary>
    public static BinaryReport Evaluate(this IModel model, Dataset data, float? threshold = null) =>
        Evaluator.Evaluate(model, data, threshold);

    /// <summary>
    /// Whether one sample is positive: its score (calibrated first when a <paramref name="calibrator"/> is given) at or
    /// above <paramref name="threshold"/>, or the model's <see cref="IModel.DecisionThreshold"/>. The same rule as
    /// <see cref="Evaluate"/>, so a tuned threshold predicts exactly the decisions it was evaluated with.
    /// </summary>
    public static bool PredictClass(this IModel model, ReadOnlySpan<float> features, float? threshold = null, ICalibrator? calibrator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        float score = model.Predict(features);
        if (calibrator is not null)
        {
            score = calibrator.Calibrate(score);
        }

        return score >= (threshold ?? model.DecisionThreshold);
    }
}
