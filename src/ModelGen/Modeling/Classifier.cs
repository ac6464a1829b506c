using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ModelGen.Calibration;
using ModelGen.Persistence;
using ModelGen.Preprocessing;

namespace ModelGen;

/// <summary>
/// A trained model with everything that decides its answers: the fitted preprocessing that turns raw rows into
/// features, the probability calibration, the decision threshold, and what it was trained on (feature names, class
/// names, training time, metrics). Saved as one checksummed, atomically written file (magic <c>MGC1</c>); loading
/// refuses a file of another architecture, a newer format, or one that is truncated or corrupt.
/// </summary>
public sealed class Classifier
{
    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "MGC1"u8;

    /// <summary>
    /// Assembles a classifier around a model trained on features a fitted <paramref name="scaler"/> standardized (the
    /// quick start's <see cref="StandardScaler"/>, or a <see cref="MinMaxScaler"/>): raw rows are numbers in the order of
    /// <paramref name="featureNames"/> (a dataset's <c>FeatureNames</c>), scaled exactly as the scaler
    /// scales them. The other parameters are the general constructor's.
    /// </summary>
    public Classifier(IModel model, FeatureScaler scaler, IReadOnlyList<string> featureNames, float? threshold = null, ICalibrator? calibrator = null,
        string positiveClass = "1", string negativeClass = "0", IReadOnlyDictionary<string, double>? metrics = null, DateTimeOffset? trainedAt = null)
        : this(model, FittedTabularPipeline.FromScaler(scaler, featureNames), threshold, calibrator, positiveClass, negativeClass, metrics, trainedAt)
    {
    }

    /// <summary>Assembles a classifier around a trained model.</summary>
    /// <param name="model">The trained model; the classifier shares it.</param>
    /// <param name="preprocessing">The pipeline fitted on the training data, or <see langword="null"/> when the model reads features directly.</param>
    /// <param name="threshold">The tuned decision threshold on the (calibrated) score, or the model's own.</param>
    /// <param name="calibrator">A <see cref="PlattScaling"/> or <see cref="IsotonicCalibration"/> fitted on validation data, or none.</param>
    /// <param name="positiveClass">The name of the positive class.</param>
    /// <param name="negativeClass">The name of the negative class.</param>
    /// <param name="metrics">Quality figures to keep with the model, such as test ROC-AUC.</param>
    /// <param name="trainedAt">When it was trained; now by default.</param>
    /// <exception cref="ArgumentException">The pipeline's output does not fit the model's input, or the calibrator is of an unknown kind.</exception>
    public Classifier(IModel model, FittedTabularPipeline? preprocessing = null, float? threshold = null, ICalibrator? calibrator = null,
        string positiveClass = "1", string negativeClass = "0", IReadOnlyDictionary<string, double>? metrics = null, DateTimeOffset? trainedAt = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (preprocessing is not null && preprocessing.OutputSize != model.InputSize)
        {
            throw new ArgumentException($"The pipeline writes {preprocessing.OutputSize} features but the model reads {model.InputSize}.", nameof(preprocessing));
        }

        if (calibrator is not (null or PlattScaling or IsotonicCalibration))
        {
            throw new ArgumentException($"Only PlattScaling and IsotonicCalibration can be saved with a classifier, not {calibrator.GetType().Name}.", nameof(calibrator));
        }

        Model = model;
        Preprocessing = preprocessing;
        Threshold = threshold ?? model.DecisionThreshold;
        Calibrator = calibrator;
        PositiveClass = positiveClass;
        NegativeClass = negativeClass;
        Metrics = metrics ?? new Dictionary<string, double>();
        TrainedAt = trainedAt ?? DateTimeOffset.UtcNow;
    }

    /// <summary>The trained model.</summary>
    public IModel Model { get; }

    /// <summary>The fitted preprocessing, if the classifier reads raw rows.</summary>
    public FittedTabularPipeline? Preprocessing { get; }

    /// <summary>The decision threshold on <see cref="PredictProbability(ReadOnlySpan{float})"/>.</summary>
    public float Threshold { get; }

    /// <summary>The calibration applied to the model's score, if any.</summary>
    public ICalibrator? Calibrator { get; }

    /// <summary>The positive class's name.</summary>
    public string PositiveClass { get; }

    /// <summary>The negative class's name.</summary>
    public string NegativeClass { get; }

    /// <summary>The quality figures saved with the model.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>When the model was trained.</summary>
    public DateTimeOffset TrainedAt { get; }

    /// <summary>The (calibrated) positive-class score of one preprocessed sample.</summary>
    public float PredictProbability(ReadOnlySpan<float> features)
    {
        float score = Model.Predict(features);
        return Calibrator is null ? score : Calibrator.Calibrate(score);
    }

    /// <summary>The (calibrated) positive-class score of one raw row, preprocessed as the training data were.</summary>
    /// <exception cref="InvalidOperationException">The classifier has no preprocessing.</exception>
    public float PredictProbability(IReadOnlyList<string?> rawRow)
    {
        FittedTabularPipeline pipeline = Preprocessing
            ?? throw new InvalidOperationException("This classifier has no preprocessing pipeline; pass features with PredictProbability(ReadOnlySpan<float>).");
        Span<float> features = Model.InputSize <= 1024 ? stackalloc float[Model.InputSize] : new float[Model.InputSize];
        pipeline.TransformRow(rawRow, features);
        return PredictProbability(features);
    }

    /// <summary>The class name decided for one raw row: <c>score ≥ Threshold</c> is positive.</summary>
    public string Predict(IReadOnlyList<string?> rawRow) => PredictProbability(rawRow) >= Threshold ? PositiveClass : NegativeClass;

    /// <summary>The class name decided for one preprocessed sample: <c>score ≥ Threshold</c> is positive.</summary>
    public string Predict(ReadOnlySpan<float> features) => PredictProbability(features) >= Threshold ? PositiveClass : NegativeClass;

    /// <summary>
    /// The drift monitor built from the training data (<see cref="Monitoring.DriftMonitor.Fit"/>), saved inside the
    /// classifier file so a deployed model carries what it was trained on; a server watches with it.
    /// </summary>
    public Monitoring.DriftMonitor? Monitor { get; init; }

    /// <summary>Writes the whole classifier to <paramref name="path"/>, atomically.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Model is IGradientModel network)
        {
            WeightsFile.RequireFinite(network, path);
        }

        var sections = new List<(string, byte[])>
        {
            ("architecture", Encoding.UTF8.GetBytes(Model.Architecture)),
            ("parameters", Model.SaveState()),
            ("metadata", Metadata()),
        };
        if (Preprocessing is not null)
        {
            var pipeline = new MemoryStream();
            Preprocessing.Save(pipeline);
            sections.Add(("preprocessing", pipeline.ToArray()));
        }

        if (Monitor is not null)
        {
            sections.Add(("drift", Monitor.SaveState()));
        }

        SectionFile.Write(path, Magic, FormatVersion, sections);
    }

    /// <summary>Loads a classifier saved by <see cref="Save"/> into <paramref name="model"/>, a fresh instance of the same model class.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ModelFileException">The file is not a classifier, is truncated or corrupt, is of a newer format, or holds another architecture.</exception>
    public static Classifier Load(string path, IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var sections = SectionFile.Read(path, Magic, FormatVersion, "classifier file");
        byte[] architecture = SectionFile.Require(sections, "architecture", path);
        byte[] parameters = SectionFile.Require(sections, "parameters", path);
        byte[] metadata = SectionFile.Require(sections, "metadata", path);
        string name = Path.GetFileName(path);
        string saved = Encoding.UTF8.GetString(architecture);
        if (saved != model.Architecture)
        {
            throw new ModelFileException(name, $"it holds a model of '{saved}', but the model given is '{model.Architecture}'.");
        }

        try
        {
            FittedTabularPipeline? pipeline = sections.TryGetValue("preprocessing", out byte[]? json) ? FittedTabularPipeline.Load(new MemoryStream(json)) : null;
            using JsonDocument document = JsonDocument.Parse(metadata);
            JsonElement root = document.RootElement;
            ICalibrator? calibrator = root.TryGetProperty("calibration", out JsonElement calibration) ? ReadCalibrator(calibration) : null;
            var metrics = root.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var loaded = new Classifier(
                model,
                pipeline,
                root.GetProperty("threshold").GetSingle(),
                calibrator,
                root.GetProperty("positiveClass").GetString()!,
                root.GetProperty("negativeClass").GetString()!,
                metrics,
                DateTimeOffset.Parse(root.GetProperty("trainedAt").GetString()!, CultureInfo.InvariantCulture))
            {
                Monitor = sections.TryGetValue("drift", out byte[]? drift) ? Monitoring.DriftMonitor.LoadState(drift, model) : null,
            };

            // The trained state last: a rejected file leaves the model untouched.
            Import(model, parameters, name);
            return loaded;
        }
        catch (Exception error) when (error is (JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException or InvalidDataException) and not ModelFileException)
        {
            throw new ModelFileException(name, $"its metadata cannot be read: {error.Message}");
        }
    }

    private static void Import(IModel model, byte[] state, string name)
    {
        try
        {
            model.LoadState(state);
        }
        catch (ArgumentException error)
        {
            throw new ModelFileException(name, $"its trained state does not fit the model: {error.Message}");
        }
    }

    private byte[] Metadata()
    {
        var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("architecture", Model.Architecture);
            json.WriteNumber("threshold", Threshold);
            json.WriteString("positiveClass", PositiveClass);
            json.WriteString("negativeClass", NegativeClass);
            json.WriteString("trainedAt", TrainedAt.ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartObject("metrics");
            foreach ((string metric, double value) in Metrics)
            {
                json.WriteNumber(metric, value);
            }

            json.WriteEndObject();
            switch (Calibrator)
            {
                case PlattScaling platt:
                    json.WriteStartObject("calibration");
                    json.WriteString("method", "platt");
                    json.WriteNumber("a", platt.A);
                    json.WriteNumber("b", platt.B);
                    json.WriteEndObject();
                    break;
                case IsotonicCalibration isotonic:
                    json.WriteStartObject("calibration");
                    json.WriteString("method", "isotonic");
                    WriteArray(json, "scores", isotonic.Scores);
                    WriteArray(json, "probabilities", isotonic.Probabilities);
                    json.WriteEndObject();
                    break;
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IReadOnlyList<double> values)
    {
        json.WriteStartArray(name);
        foreach (double value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    private static ICalibrator ReadCalibrator(JsonElement calibration)
    {
        double[] Array(string name) => calibration.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return calibration.GetProperty("method").GetString() switch
        {
            "platt" => PlattScaling.FromParameters(calibration.GetProperty("a").GetDouble(), calibration.GetProperty("b").GetDouble()),
            "isotonic" => IsotonicCalibration.FromPoints(Array("scores"), Array("probabilities")),
            string other => throw new FormatException($"Unknown calibration method '{other}'."),
            null => throw new FormatException("The calibration has no method."),
        };
    }
}
