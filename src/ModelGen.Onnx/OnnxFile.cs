using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Google.Protobuf;
using ModelGen.Calibration;
using ModelGen.Data;
using ModelGen.Onnx.Graphs;
using ModelGen.Persistence;
using ModelGen.Preprocessing;
using ModelGen.Svm;
using ModelGen.Trees;
using Onnx;
using static ModelGen.Onnx.Graphs.GraphBuilder;

namespace ModelGen.Onnx;

/// <summary>
/// Writes a trained model, or a whole sealed <see cref="Classifier"/>, as an ONNX file (IR version 8, operator sets
/// <c>ai.onnx</c> 17 and <c>ai.onnx.ml</c> 3), for ONNX Runtime, Triton, SynapseML and every other ONNX consumer.
/// </summary>
/// <remarks>
/// A model's graph reads <c>input</c>, float <c>[N, features]</c> (<c>[N, C, H, W]</c> for an image model); a
/// classifier's reads its raw columns, the numeric ones as float <c>input</c> <c>[N, numeric columns]</c> (NaN where a
/// value is missing) and the categorical ones as string <c>categories</c> <c>[N, categorical columns]</c>. Both give
/// <c>score</c>, float <c>[N]</c>, what <see cref="IModel.Predict(ReadOnlySpan{float})"/> returns, and <c>label</c>,
/// int64 <c>[N]</c>, 1 where the score reaches the decision threshold. A model's export also gives <c>output</c>,
/// <see cref="IModel.PredictBatch"/>'s <c>[N, OutputSize]</c>; a classifier's gives <c>probability</c> (calibrated
/// when it has a calibrator) and <c>class</c>, the class names. The file's metadata properties hold the architecture,
/// the threshold, and for a classifier its columns, features and classes.
/// </remarks>
public static class OnnxFile
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/>, atomically, with the graph outputs <paramref name="outputs"/> names.</summary>
    /// <exception cref="NotSupportedException">The model, one of its layers or its kernel has no ONNX form.</exception>
    /// <exception cref="InvalidOperationException">The model is not trained, or has a non-finite parameter.</exception>
    public static void Export(IModel model, string path, OnnxOutputs outputs = OnnxOutputs.All)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SectionFile.WriteAtomically(path, ToBytes(model, outputs));
    }

    /// <summary>
    /// Writes <paramref name="classifier"/> — preprocessing, model, calibration, threshold and classes — to
    /// <paramref name="path"/>, atomically, with the graph outputs <paramref name="outputs"/> names.
    /// </summary>
    /// <exception cref="NotSupportedException">The model has no ONNX form (an <see cref="IModel"/> implementation of your own).</exception>
    /// <exception cref="InvalidOperationException">The model is not trained, or has a non-finite parameter.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputs"/> names no output.</exception>
    public static void Export(Classifier classifier, string path, OnnxOutputs outputs = OnnxOutputs.All)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SectionFile.WriteAtomically(path, ToBytes(classifier, outputs));
    }

    /// <summary>The ONNX file of <paramref name="model"/>, as bytes, with the graph outputs <paramref name="outputs"/> names.</summary>
    /// <exception cref="NotSupportedException">The model, one of its layers or its kernel has no ONNX form.</exception>
    /// <exception cref="InvalidOperationException">The model is not trained, or has a non-finite parameter.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputs"/> names no output the model has.</exception>
    public static byte[] ToBytes(IModel model, OnnxOutputs outputs = OnnxOutputs.All)
    {
        ArgumentNullException.ThrowIfNull(model);
        OnnxOutputs available = OnnxOutputs.Output | OnnxOutputs.Score | OnnxOutputs.Label
            | (model is SvmModel { Probability: not null } ? OnnxOutputs.Probability : 0);
        if ((outputs & available) == 0)
        {
            throw new ArgumentException($"Name at least one output this model has: {available}. A probability is a kernel machine's, trained with Probability = true; "
                + "class names are a Classifier's.", nameof(outputs));
        }

        var graph = new GraphBuilder(GraphName(model), model.Architecture);
        graph.ReserveOutputs("output", "score", "label", "probability");
        string input = graph.FloatInput("input", InputShape(model));
        string output = Forward(graph, model, input);
        if (outputs.HasFlag(OnnxOutputs.Output))
        {
            graph.Output(output, "output", TensorProto.Types.DataType.Float, "Every output of each row, as PredictBatch writes them.", null, model.OutputSize);
        }

        if ((outputs & ~OnnxOutputs.Output) == 0)
        {
            return Model(graph, model, new Dictionary<string, string>());
        }

        string score = Score(graph, model, output);
        if (outputs.HasFlag(OnnxOutputs.Score))
        {
            graph.Output(score, "score", TensorProto.Types.DataType.Float, "The positive-class score of each row, as Predict returns it.", (long?)null);
        }

        if (outputs.HasFlag(OnnxOutputs.Label))
        {
            graph.Output(Label(graph, score, model.DecisionThreshold), "label", TensorProto.Types.DataType.Int64,
                "1 where the score reaches the model's decision threshold, else 0.", (long?)null);
        }

        if (outputs.HasFlag(OnnxOutputs.Probability) && model is SvmModel { Probability: PlattScaling platt })
        {
            graph.Output(CalibrationGraph.Platt(graph, score, platt), "probability", TensorProto.Types.DataType.Float,
                "The machine's Platt-scaled probability of the positive class.", (long?)null);
        }

        return Model(graph, model, new Dictionary<string, string>());
    }

    /// <summary>The ONNX file of <paramref name="classifier"/>, as bytes, with the graph outputs <paramref name="outputs"/> names.</summary>
    /// <remarks>
    /// Only the <c>class</c> output needs the <c>ai.onnx.ml</c> operator set for a network over numeric columns: leave it
    /// out for a runtime built without it (a minimal mobile build, say).
    /// </remarks>
    /// <exception cref="NotSupportedException">The model has no ONNX form (an <see cref="IModel"/> implementation of your own).</exception>
    /// <exception cref="InvalidOperationException">The model is not trained, or has a non-finite parameter.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputs"/> names no output.</exception>
    public static byte[] ToBytes(Classifier classifier, OnnxOutputs outputs = OnnxOutputs.All)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        if ((outputs & OnnxOutputs.All) == 0)
        {
            throw new ArgumentException("Name at least one output: Output, Score, Probability, Label or Class.", nameof(outputs));
        }

        IModel model = classifier.Model;
        var graph = new GraphBuilder(GraphName(model), model.Architecture);
        graph.ReserveOutputs("output", "score", "probability", "label", "class");
        FittedTabularPipeline? pipeline = classifier.Preprocessing;
        string features = pipeline is null ? graph.FloatInput("input", InputShape(model)) : PipelineGraph.Transform(graph, pipeline);
        string output = Forward(graph, model, features);
        if (outputs.HasFlag(OnnxOutputs.Output))
        {
            graph.Output(output, "output", TensorProto.Types.DataType.Float, "Every output of the model for each row, as PredictBatch writes them.", null, model.OutputSize);
        }

        string score = Score(graph, model, output);
        if (outputs.HasFlag(OnnxOutputs.Score))
        {
            graph.Output(score, "score", TensorProto.Types.DataType.Float, "The model's positive-class score of each row.", (long?)null);
        }

        if ((outputs & (OnnxOutputs.Probability | OnnxOutputs.Label | OnnxOutputs.Class)) != 0)
        {
            Decide(graph, classifier, score, outputs);
        }

        var metadata = new Dictionary<string, string>
        {
            ["threshold"] = classifier.Threshold.ToString("R", CultureInfo.InvariantCulture),
            ["positive_class"] = classifier.PositiveClass,
            ["negative_class"] = classifier.NegativeClass,
            ["trained_at"] = classifier.TrainedAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (pipeline is not null)
        {
            metadata["feature_names"] = Json(pipeline.InputColumns);
            metadata["numeric_columns"] = Json(pipeline.Steps.Where(s => s.Kind == ColumnKind.Numeric).Select(s => s.Name));
            metadata["categorical_columns"] = Json(pipeline.Steps.Where(s => s.Kind == ColumnKind.Categorical).Select(s => s.Name));
            metadata["model_features"] = Json(pipeline.FeatureNames);
        }

        foreach ((string name, double value) in classifier.Metrics)
        {
            metadata["metric." + name] = value.ToString("R", CultureInfo.InvariantCulture);
        }

        return Model(graph, model, metadata);
    }

    /// <summary>The classifier's probability, its label at the threshold and the label's class name, as <paramref name="outputs"/> asks.</summary>
    private static void Decide(GraphBuilder graph, Classifier classifier, string score, OnnxOutputs outputs)
    {
        string probability = classifier.Calibrator is { } calibrator ? CalibrationGraph.Probability(graph, score, calibrator) : score;
        if (outputs.HasFlag(OnnxOutputs.Probability))
        {
            graph.Output(probability, "probability", TensorProto.Types.DataType.Float,
                classifier.Calibrator is null ? "The score (the classifier has no calibrator)." : "The calibrated probability of the positive class.", (long?)null);
        }

        if ((outputs & (OnnxOutputs.Label | OnnxOutputs.Class)) == 0)
        {
            return;
        }

        string label = Label(graph, probability, classifier.Threshold);
        if (outputs.HasFlag(OnnxOutputs.Label))
        {
            label = graph.Output(label, "label", TensorProto.Types.DataType.Int64, "1 (the positive class) where the probability reaches the classifier's threshold, else 0.", (long?)null);
        }

        if (outputs.HasFlag(OnnxOutputs.Class))
        {
            string names = graph.MachineLearningNode("LabelEncoder", new[] { label }, "class_name",
                Attribute("keys_int64s", new long[] { 0, 1 }),
                Attribute("values_strings", new[] { classifier.NegativeClass, classifier.PositiveClass }),
                Attribute("default_string", classifier.NegativeClass));
            graph.Output(names, "class", TensorProto.Types.DataType.String, "The decided class's name.", (long?)null);
        }
    }

    private static long?[] InputShape(IModel model) =>
        model is IGradientModel network ? NetworkGraph.InputShape(network) : new long?[] { null, model.InputSize };

    private static string Forward(GraphBuilder graph, IModel model, string input) => model switch
    {
        IGradientModel network => NetworkGraph.Forward(graph, RequireFinite(network), input),
        TreeModel trees => TreeGraph.Forward(graph, trees, input),
        KernelModel machine => SvmGraph.Forward(graph, machine, input),
        _ => throw new NotSupportedException(
            $"{model.GetType().Name} has no ONNX form: networks (generated models), tree models and kernel machines export."),
    };

    private static IGradientModel RequireFinite(IGradientModel network)
    {
        int bad = Numerics.ModelMath.IndexOfNonFinite(network.Parameters);
        return bad < 0
            ? network
            : throw new InvalidOperationException($"Parameter {bad} of the network is {network.Parameters[bad]}: a diverged model cannot be exported.");
    }

    /// <summary>The positive-class score of each row: the one output, or the positive class's column of a softmax.</summary>
    private static string Score(GraphBuilder graph, IModel model, string output) =>
        graph.Node("Gather", new[] { output, graph.Int64Constant("positive_column", new long[] { model.OutputSize == 1 ? 0 : 1 }) },
            "positive_score", Attribute("axis", 1L));

    private static string Label(GraphBuilder graph, string score, float threshold) =>
        graph.Node("Cast", new[] { graph.Node("GreaterOrEqual", new[] { score, graph.Scalar("threshold", threshold) }, "reaches_threshold") },
            "decision", Attribute("to", (long)TensorProto.Types.DataType.Int64));

    private static byte[] Model(GraphBuilder graph, IModel model, Dictionary<string, string> metadata)
    {
        var file = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "ModelGen",
            ProducerVersion = typeof(OnnxFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            DocString = model.Architecture,
            Graph = graph.Build(),
        };
        file.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OperatorSet });
        if (graph.UsesMachineLearningDomain)
        {
            file.OpsetImport.Add(new OperatorSetIdProto { Domain = MachineLearningDomain, Version = MachineLearningOperatorSet });
        }

        metadata["architecture"] = model.Architecture;
        metadata["decision_threshold"] = model.DecisionThreshold.ToString("R", CultureInfo.InvariantCulture);
        metadata["outputs_probabilities"] = model.OutputsProbabilities ? "true" : "false";
        foreach ((string key, string value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            file.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return file.ToByteArray();
    }

    private static string GraphName(IModel model) => model.GetType().Name;

    private static string Json(IEnumerable<string> names) => JsonSerializer.Serialize(names.ToArray(), OnnxJsonContext.Default.StringArray);
}

/// <summary>
/// Which outputs a model's or a classifier's ONNX graph gives (<see cref="OnnxFile.ToBytes(IModel, OnnxOutputs)"/>,
/// <see cref="OnnxFile.ToBytes(Classifier, OnnxOutputs)"/>); each one an application does not read is work a runtime does anyway.
/// </summary>
[Flags]
public enum OnnxOutputs
{
    /// <summary><c>output</c>: float <c>[N, OutputSize]</c>, what <see cref="IModel.PredictBatch"/> writes.</summary>
    Output = 1,

    /// <summary><c>score</c>: float <c>[N]</c>, what <see cref="IModel.Predict(ReadOnlySpan{float})"/> returns.</summary>
    Score = 2,

    /// <summary><c>label</c>: int64 <c>[N]</c>, 1 where the score reaches the model's decision threshold.</summary>
    Label = 4,

    /// <summary><c>probability</c>: a kernel machine's Platt probability, when it was trained with one; a classifier's calibrated probability.</summary>
    Probability = 8,

    /// <summary><c>class</c>: string <c>[N]</c>, a classifier's decided class name (<c>ai.onnx.ml.LabelEncoder</c>).</summary>
    Class = 16,

    /// <summary>Every output the model or classifier has.</summary>
    All = Output | Score | Label | Probability | Class,
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class OnnxJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
