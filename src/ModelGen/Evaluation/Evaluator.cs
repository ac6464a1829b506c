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
        float cut = threshold ?? model.DecisionThreshold;
        ConfusionMatrix matrix = Metrics.Confusion(scores, data.Labels, cut);
        bool bothClasses = matrix.TruePositives + matrix.FalseNegatives > 0 && matrix.TrueNegatives + matrix.FalsePositives > 0;
        return new BinaryReport(matrix, cut, bothClasses ? Metrics.RocAuc(scores, data.Labels) : double.NaN);
    }
}
