using System.IO;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Training;

namespace ModelGen;

/// <summary>Keras-style verbs on any generated model: <c>Fit</c>, <c>Evaluate</c>.</summary>
public static class ModelExtensions
{
    /// <summary>Trains the model as Keras's <c>model.fit</c>; see <see cref="FitOptions"/> for each argument.</summary>
    public static History Fit(this IModel model, Dataset training, int epochs, int batchSize = 32, int seed = 0,
        bool shuffle = true, Dataset? validationData = null, TextWriter? log = null) =>
        Trainer.Fit(model, training, new FitOptions
        {
            Epochs = epochs,
            BatchSize = batchSize,
            Seed = seed,
            Shuffle = shuffle,
            ValidationData = validationData,
            Log = log,
        });

    /// <summary>Accuracy, precision, recall, F1, ROC-AUC and the confusion matrix on <paramref name="data"/>.</summary>
    public static BinaryReport Evaluate(this IModel model, Dataset data, float? threshold = null) =>
        Evaluator.Evaluate(model, data, threshold);
}
