using System;
using ModelGen.Data;

namespace ModelGen.Evaluation;

/// <summary>Scores a dataset with a model and reports its quality.</summary>
public static class Evaluator
{
    /// <summary>The positive-class score of every sample, in order.</summary>
    public static float[] Scores(IModel model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != model.InputSize)
        {
            throw new ArgumentException($"The model reads {model.InputSize} features per sample but the data has {data.FeatureCount}.", nameof(data));
        }

        var scores = new float[data.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = model.Predict(data.Row(i));
        }

        return scores;
    }

    /// <summary>Evaluates at <paramref name="threshold"/>, or at the model's <see cref="IModel.DecisionThreshold"/>.</summary>
    public static BinaryReport Evaluate(IModel model, Dataset data, float? threshold = null)
    {
        float[] scores = Scores(model, data);
        return BinaryReport.Create(scores, data.Labels, threshold ?? model.DecisionThreshold, model.OutputsProbabilities, data.NegativeClass, data.PositiveClass);
    }
}
