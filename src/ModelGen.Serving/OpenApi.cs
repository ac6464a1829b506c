using System.IO;
using System.Text;
using System.Text.Json;
using ModelGen.Data;
using ModelGen.Preprocessing;

namespace ModelGen.Serving;

/// <summary>
/// The OpenAPI 3 description of a classifier endpoint, written from the classifier itself: a row's schema has one
/// property per input column (a number or a string, nullable, all required), so clients and tools see the model's real
/// inputs rather than a generic map.
/// </summary>
internal static class OpenApi
{
    public static string Describe(string pattern, Classifier classifier)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("openapi", "3.0.3");
            w.WriteStartObject("info");
            w.WriteString("title", "ModelGen classifier " + pattern);
            w.WriteString("description", classifier.Model.Architecture);
            w.WriteString("version", classifier.TrainedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteStartObject("paths");
            w.WriteStartObject(pattern);
            w.WriteStartObject("post");
            w.WriteString("operationId", "predict");
            w.WriteString("summary", $"The class ({classifier.PositiveClass} or {classifier.NegativeClass}) and calibrated probability of each row");
            w.WriteStartObject("requestBody");
            w.WriteBoolean("required", true);
            w.WriteStartObject("content");
            w.WriteStartObject("application/json");
            w.WriteStartObject("schema");
            w.WriteStartArray("oneOf");
            Reference(w, "Row");
            w.WriteStartObject();
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            w.WriteStartObject("rows");
            w.WriteString("type", "array");
            w.WritePropertyName("items");
            Reference(w, "Row");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("required");
            w.WriteStringValue("rows");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            w.WriteStartObject("features");
            w.WriteString("type", "array");
            w.WriteNumber("minItems", classifier.Model.InputSize);
            w.WriteNumber("maxItems", classifier.Model.InputSize);
            w.WriteStartObject("items");
            w.WriteString("type", "number");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("text/csv");
            w.WriteStartObject("schema");
            w.WriteString("type", "string");
            w.WriteString("description", "A header row of column names, then one row per line");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("responses");
            w.WriteStartObject("200");
            w.WriteString("description", "One prediction (for a row object) or predictions (for rows), with the decision threshold");
            w.WriteEndObject();
            foreach ((string status, string text) in new[] { ("400", "A missing or unknown column, a value of the wrong type or not finite (problem details naming field and row)"), ("413", "Too many rows or too large a body") })
            {
                w.WriteStartObject(status);
                w.WriteString("description", text);
                w.WriteStartObject("content");
                w.WriteStartObject("application/problem+json");
                w.WriteStartObject("schema");
                w.WriteString("type", "object");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("components");
            w.WriteStartObject("schemas");
            w.WriteStartObject("Row");
            w.WriteString("type", "object");
            w.WriteBoolean("additionalProperties", false);
            w.WriteStartObject("properties");
            FittedTabularPipeline? pipeline = classifier.Preprocessing;
            if (pipeline is not null)
            {
                foreach (ColumnStep step in pipeline.Steps)
                {
                    w.WriteStartObject(step.Name);
                    w.WriteString("type", step.Kind == ColumnKind.Numeric ? "number" : "string");
                    w.WriteBoolean("nullable", true);
                    if (step.Kind != ColumnKind.Numeric)
                    {
                        w.WriteStartArray("enum");
                        foreach (string category in step.Categories)
                        {
                            w.WriteStringValue(category);
                        }

                        w.WriteNullValue();
                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                }
            }

            w.WriteEndObject();
            w.WriteStartArray("required");
            if (pipeline is not null)
            {
                foreach (ColumnStep step in pipeline.Steps)
                {
                    w.WriteStringValue(step.Name);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Reference(Utf8JsonWriter w, string schema)
    {
        w.WriteStartObject();
        w.WriteString("$ref", "#/components/schemas/" + schema);
        w.WriteEndObject();
    }
}
