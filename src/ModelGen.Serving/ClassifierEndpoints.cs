using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelGen.Data;
using ModelGen.Monitoring;
using ModelGen.Preprocessing;

namespace ModelGen.Serving;

/// <summary>
/// <c>app.MapClassifier("/predict", classifier)</c>: a classifier as an HTTP endpoint.
/// <list type="bullet">
/// <item><c>POST {pattern}</c> with JSON — one row as an object by column name (<c>{"age": 41, "plan": "basic"}</c>,
/// <c>null</c> for a missing value), several as <c>{"rows": [...]}</c>, or preprocessed features as
/// <c>{"features": [...]}</c> — or with <c>text/csv</c> (a header row of column names, then rows). The answer holds each
/// row's class, calibrated probability and the threshold.</item>
/// <item>Errors are RFC 7807 problem details naming the field and row: a missing or unknown column, a value of the
/// wrong type, a non-finite number, too many rows or too large a body (413).</item>
/// <item><c>POST {pattern}?explain=true</c> adds each row's attributions by model feature: integrated gradients for a
/// network with an input gradient, TreeSHAP for trees given <see cref="ServingOptions.ExplanationBackground"/>; any
/// other model is a 400 problem.</item>
/// <item><c>GET {pattern}/health</c>: the model, when it was loaded, reloads and the last reload error;
/// <c>GET {pattern}/openapi.json</c>: an OpenAPI 3 description with the model's columns;
/// <c>GET {pattern}/drift</c> with a <see cref="ServingOptions.DriftMonitor"/>: the drift of the rows served.</item>
/// <item>Requests, rows and latency go to the <c>ModelGen.Serving</c> meter (<see cref="MeterName"/>) for
/// OpenTelemetry or <c>dotnet-counters</c>.</item>
/// </list>
/// Bodies are read and written with <see cref="Utf8JsonWriter"/> and <see cref="JsonDocument"/>, no reflection, so a
/// server publishes with Native AOT.
/// </summary>
public static class ClassifierEndpoints
{
    /// <summary>The meter of the endpoints' counters and histogram.</summary>
    public const string MeterName = "ModelGen.Serving";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_requests = s_meter.CreateCounter<long>("modelgen.serving.requests", description: "Prediction requests, by outcome");
    private static readonly Counter<long> s_rows = s_meter.CreateCounter<long>("modelgen.serving.rows", description: "Rows scored");
    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>("modelgen.serving.duration", "ms", "Time to answer a prediction request");

    /// <summary>Maps the endpoints for a classifier that never changes.</summary>
    public static RouteGroupBuilder MapClassifier(this IEndpointRouteBuilder endpoints, string pattern, Classifier classifier, ServingOptions? options = null) =>
        endpoints.MapClassifier(pattern, ClassifierSource.Fixed(classifier), options);

    /// <summary>Maps the endpoints for the classifier of <paramref name="source"/> (a watched file reloads without a restart).</summary>
    public static RouteGroupBuilder MapClassifier(this IEndpointRouteBuilder endpoints, string pattern, ClassifierSource source, ServingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(source);
        ServingOptions settings = options ?? new ServingOptions();
        if (settings.MaxBatchRows < 1 || settings.MaxRequestBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxBatchRows and MaxRequestBytes must be positive.");
        }

        DriftMonitor.DriftStream? drift = (settings.DriftMonitor ?? source.Current.Monitor)?.Start();
        var driftLock = new object();
        RouteGroupBuilder group = endpoints.MapGroup(pattern);
        // RequestDelegate handlers (no parameter binding by reflection), so the endpoints work under Native AOT.
        group.MapPost("", async context => await Send(context, await Predict(context, source, settings, drift, driftLock)))
            .WithName("Predict" + pattern.Replace("/", "_", StringComparison.Ordinal))
            .WithSummary("The class and calibrated probability of each row");
        group.MapGet("/health", context => Send(context, Json(writer =>
        {
            Classifier current = source.Current;
            writer.WriteString("status", "ok");
            writer.WriteString("model", current.Model.Architecture);
            writer.WriteString("loadedAt", source.LoadedAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteNumber("reloads", source.Reloads);
            if (source.LastReloadError is { } error)
            {
                writer.WriteString("lastReloadError", error);
            }
        })));
        group.MapGet("/openapi.json", context => Send(context, new Answer(StatusCodes.Status200OK, "application/json", Encoding.UTF8.GetBytes(OpenApi.Describe(pattern, source.Current)))));
        if (drift is not null)
        {
            group.MapGet("/drift", context => Send(context, DriftAnswer(drift, driftLock)));
        }

        return group;
    }

    private static Answer DriftAnswer(DriftMonitor.DriftStream drift, object driftLock)
    {
        DriftReport report;
        lock (driftLock)
        {
            if (drift.Rows == 0)
            {
                return Problem(StatusCodes.Status404NotFound, "No rows yet", "The drift report needs at least one scored row.", null, null);
            }

            report = drift.Report();
        }

        return Json(writer =>
        {
            writer.WriteNumber("rows", report.Rows);
            writer.WriteString("level", report.Level.ToString());
            writer.WriteStartArray("features");
            foreach (FeatureDrift feature in report.Score is null ? report.Features : report.Features.Append(report.Score))
            {
                writer.WriteStartObject();
                writer.WriteString("name", feature.Name);
                WriteNumber(writer, "psi", feature.PopulationStabilityIndex);
                // null while the rows are too few for any floor (fewer than ten a decile).
                WriteNumber(writer, "noiseFloor", feature.NoiseFloor);
                writer.WriteString("level", feature.Level.ToString());
                WriteNumber(writer, "ks", feature.KolmogorovSmirnov);
                WriteNumber(writer, "missingRate", feature.MissingRate);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static async Task<Answer> Predict(HttpContext context, ClassifierSource source, ServingOptions options, DriftMonitor.DriftStream? drift, object driftLock)
    {
        long started = Stopwatch.GetTimestamp();
        Answer result;
        string outcome = "ok";
        try
        {
            Classifier classifier = source.Current;
            byte[]? body = await ReadBody(context.Request, options.MaxRequestBytes);
            if (body is null)
            {
                outcome = "too_large";
                return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large",
                    $"The body is larger than {options.MaxRequestBytes} bytes; send fewer rows per request.", null, null);
            }

            bool csv = context.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
            Requested rows = csv ? Requests.FromCsv(body, classifier) : Requests.FromJson(body, classifier);
            if (rows.Problem is { } problem)
            {
                outcome = "bad_request";
                return Problem(StatusCodes.Status400BadRequest, problem.Title, problem.Detail, problem.Field, problem.Row);
            }

            if (rows.Count > options.MaxBatchRows)
            {
                outcome = "too_large";
                return Problem(StatusCodes.Status413PayloadTooLarge, "Too many rows",
                    $"The request holds {rows.Count} rows; at most {options.MaxBatchRows} are scored per request.", null, null);
            }

            bool explain = context.Request.Query["explain"] == "true";
            Explaining.TreeShap? treeShap = null;
            if (explain && classifier.Model is Trees.TreeModel trees && options.ExplanationBackground is { } background)
            {
                treeShap = TreeExplainer(trees, background);
            }
            else if (explain && classifier.Model is not Explaining.IInputGradientModel)
            {
                outcome = "bad_request";
                return Problem(StatusCodes.Status400BadRequest, "No explanations for this model",
                    $"Explanations are integrated gradients for networks and TreeSHAP for trees (given ServingOptions.ExplanationBackground); {classifier.Model.Architecture} has neither (use permutation importance offline).", "explain", null);
            }

            var features = new float[classifier.Model.InputSize];
            var probabilities = new float[rows.Count];
            var attributions = explain ? new Explaining.Attribution[rows.Count] : null;
            for (int r = 0; r < rows.Count; r++)
            {
                try
                {
                    rows.Features(r, features);
                }
                catch (ArgumentException error)
                {
                    outcome = "bad_request";
                    return Problem(StatusCodes.Status400BadRequest, "Row cannot be scored", error.Message, null, rows.Single ? null : r);
                }

                probabilities[r] = classifier.PredictProbability(features);
                if (attributions is not null)
                {
                    attributions[r] = treeShap is not null ? treeShap.Explain(features) : Explaining.IntegratedGradients.Explain((Explaining.IInputGradientModel)classifier.Model, features);
                }

                if (drift is not null && features.Length == drift.FeatureCount)
                {
                    lock (driftLock)
                    {
                        drift.Add(features);
                    }
                }
            }

            s_rows.Add(rows.Count);
            result = Json(writer =>
            {
                if (rows.Single)
                {
                    WritePrediction(writer, classifier, probabilities[0], attributions?[0]);
                }
                else
                {
                    writer.WriteStartArray("predictions");
                    for (int r = 0; r < probabilities.Length; r++)
                    {
                        writer.WriteStartObject();
                        WritePrediction(writer, classifier, probabilities[r], attributions?[r]);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                writer.WriteNumber("threshold", classifier.Threshold);
            });
            return result;
        }
        finally
        {
            s_requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            s_duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Trees.TreeModel, Explaining.TreeShap> s_treeExplainers = new();

    /// <summary>The TreeSHAP explainer of a tree model, built once per model instance (a reload brings a new instance).</summary>
    private static Explaining.TreeShap TreeExplainer(Trees.TreeModel model, Dataset background) =>
        s_treeExplainers.GetValue(model, m => Explaining.TreeShap.Create(m, background));

    private static void WritePrediction(Utf8JsonWriter writer, Classifier classifier, float probability, Explaining.Attribution? attribution)
    {
        writer.WriteString("class", probability >= classifier.Threshold ? classifier.PositiveClass : classifier.NegativeClass);
        writer.WriteNumber("probability", probability);
        if (attribution is not null)
        {
            // Integrated gradients from the all-zero baseline (a network), or TreeSHAP against the background's expectation (trees), by model feature.
            IReadOnlyList<string>? names = classifier.Preprocessing?.FeatureNames;
            writer.WriteStartObject("explanation");
            WriteNumber(writer, "logit", attribution.Logit);
            WriteNumber(writer, "baselineLogit", attribution.BaselineLogit);
            writer.WriteStartObject("attributions");
            for (int i = 0; i < attribution.Values.Count; i++)
            {
                WriteNumber(writer, names?[i] ?? "x" + i.ToString(CultureInfo.InvariantCulture), attribution.Values[i]);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBody(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>A response: its status, content type and body.</summary>
    private sealed record Answer(int Status, string ContentType, byte[] Body);

    private static Task Send(HttpContext context, Answer answer)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength = answer.Body.Length;
        return context.Response.Body.WriteAsync(answer.Body).AsTask();
    }

    // The answers are JSON, never HTML: names and messages are written as they are ("->", quotes) rather than \u-escaped.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Answer Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_writerOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return new Answer(StatusCodes.Status200OK, "application/json", stream.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>An RFC 7807 problem with the field and row it is about as extensions.</summary>
    private static Answer Problem(int status, string title, string detail, string? field, int? row) => new(status, "application/problem+json", ProblemBody(status, title, detail, field, row));

    private static byte[] ProblemBody(int status, string title, string detail, string? field, int? row)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", status == StatusCodes.Status413PayloadTooLarge ? "https://tools.ietf.org/html/rfc9110#section-15.5.14" : "https://tools.ietf.org/html/rfc9110#section-15.5.1");
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            if (field is not null)
            {
                writer.WriteString("field", field);
            }

            if (row is int r)
            {
                writer.WriteNumber("row", r);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
