using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelGen.Data;
using ModelGen.Monitoring;
using ModelGen.Preprocessing;
using ModelGen.Svm;
using ModelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Serving.Tests;

/// <summary>
/// A classifier served by a real Kestrel server on a loopback port, asked by a real HTTP client: JSON and CSV rows,
/// single and batch, every problem a request can have, health, the OpenAPI description, drift, hot reload, and a
/// bounded load test of 10,000 requests over 8 connections.
/// </summary>
public sealed class ServingTests(ITestOutputHelper output)
{
    private static readonly Lazy<(Classifier Classifier, TabularData Raw)> s_trained = new(Train);

    private static (Classifier, TabularData) Train()
    {
        TabularData raw = TabularData.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        FittedTabularPipeline pipeline = new TabularPipeline().Fit(raw);
        Dataset data = pipeline.Transform(raw);
        var svm = new SvmModel(data.FeatureCount, new SvmOptions { Probability = true });
        svm.Fit(data, new FitOptions());
        return (new Classifier(svm, pipeline, threshold: 0.5f, calibrator: svm.Probability, positiveClass: "M", negativeClass: "B"), raw);
    }

    private static Dictionary<string, object?> Row(TabularData raw, int index)
    {
        var row = new Dictionary<string, object?>();
        foreach (TabularColumn column in raw.Columns)
        {
            row[column.Name] = (double)column.Numbers![index];
        }

        return row;
    }

    private static string[] Cells(TabularData raw, int index) =>
        raw.Columns.Select(c => c.Numbers![index].ToString("R", CultureInfo.InvariantCulture)).ToArray();

    private static async Task<(WebApplication App, HttpClient Client)> Serve(Action<WebApplication> map, int connections = 1)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        map(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(address) };
        return (app, client);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient client, string path, string body, string type = "application/json")
    {
        using HttpResponseMessage response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, type));
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Json_and_csv_rows_get_the_classifiers_answers()
    {
        (Classifier classifier, TabularData raw) = s_trained.Value;
        (WebApplication app, HttpClient client) = await Serve(a => a.MapClassifier("/predict", classifier));
        await using (app)
        {
            (HttpStatusCode status, JsonElement one) = await Post(client, "/predict", JsonSerializer.Serialize(Row(raw, 0)));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(classifier.Predict(Cells(raw, 0)), one.GetProperty("class").GetString());
            Assert.Equal(classifier.PredictProbability(Cells(raw, 0)), one.GetProperty("probability").GetSingle());
            Assert.Equal(0.5f, one.GetProperty("threshold").GetSingle());

            var rows = Enumerable.Range(0, 20).Select(i => Row(raw, i)).ToArray();
            (status, JsonElement many) = await Post(client, "/predict", JsonSerializer.Serialize(new { rows }));
            Assert.Equal(HttpStatusCode.OK, status);
            JsonElement[] predictions = many.GetProperty("predictions").EnumerateArray().ToArray();
            Assert.Equal(20, predictions.Length);
            for (int i = 0; i < 20; i++)
            {
                Assert.Equal(classifier.PredictProbability(Cells(raw, i)), predictions[i].GetProperty("probability").GetSingle());
            }

            string csv = string.Join(",", raw.Columns.Select(c => c.Name).Reverse()) + "\n"
                + string.Join("\n", Enumerable.Range(0, 5).Select(i => string.Join(",", Cells(raw, i).Reverse())));
            (status, JsonElement fromCsv) = await Post(client, "/predict", csv, "text/csv");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(predictions.Take(5).Select(p => p.GetProperty("probability").GetSingle()),
                fromCsv.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("probability").GetSingle()));

            using JsonDocument health = JsonDocument.Parse(await client.GetStringAsync("/predict/health"));
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            Assert.Equal(classifier.Model.Architecture, health.RootElement.GetProperty("model").GetString());
            using JsonDocument openApi = JsonDocument.Parse(await client.GetStringAsync("/predict/openapi.json"));
            Assert.Equal("3.0.3", openApi.RootElement.GetProperty("openapi").GetString());
            Assert.Equal("number", openApi.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Row").GetProperty("properties").GetProperty("mean_radius").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Every_bad_request_is_a_problem_naming_its_field()
    {
        (Classifier classifier, TabularData raw) = s_trained.Value;
        (WebApplication app, HttpClient client) = await Serve(a => a.MapClassifier("/predict", classifier, new ServingOptions { MaxBatchRows = 3, MaxRequestBytes = 64 * 1024 }));
        await using (app)
        {
            async Task Expect(string body, HttpStatusCode expected, string title, string? field = null, int? row = null, string type = "application/json")
            {
                (HttpStatusCode status, JsonElement problem) = await Post(client, "/predict", body, type);
                output.WriteLine($"{(int)status} {problem}");
                Assert.Equal(expected, status);
                Assert.Equal(title, problem.GetProperty("title").GetString());
                Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
                if (field is not null)
                {
                    Assert.Equal(field, problem.GetProperty("field").GetString());
                }

                if (row is int r)
                {
                    Assert.Equal(r, problem.GetProperty("row").GetInt32());
                }
            }

            Dictionary<string, object?> good = Row(raw, 1);
            await Expect("{\"mean_radius\": 1", HttpStatusCode.BadRequest, "Malformed JSON");
            await Expect(JsonSerializer.Serialize(good.Where(p => p.Key != "mean_area").ToDictionary()), HttpStatusCode.BadRequest, "Missing column", "mean_area");
            await Expect(JsonSerializer.Serialize(new Dictionary<string, object?>(good) { ["colour"] = 3 }), HttpStatusCode.BadRequest, "Unknown column", "colour");
            await Expect(JsonSerializer.Serialize(new Dictionary<string, object?>(good) { ["mean_area"] = "large" }), HttpStatusCode.BadRequest, "Wrong type", "mean_area");
            await Expect(JsonSerializer.Serialize(new Dictionary<string, object?>(good) { ["mean_area"] = "NaN" }), HttpStatusCode.BadRequest, "Value not finite", "mean_area");
            await Expect(JsonSerializer.Serialize(new Dictionary<string, object?>(good) { ["mean_area"] = true }), HttpStatusCode.BadRequest, "Wrong type", "mean_area");
            await Expect(JsonSerializer.Serialize(new { rows = new[] { good, new Dictionary<string, object?>(good) { ["mean_area"] = "x" } } }), HttpStatusCode.BadRequest, "Wrong type", "mean_area", 1);
            await Expect(JsonSerializer.Serialize(new { rows = Enumerable.Repeat(good, 4) }), HttpStatusCode.RequestEntityTooLarge, "Too many rows");
            await Expect(JsonSerializer.Serialize(new { rows = Enumerable.Repeat(good, 200) }), HttpStatusCode.RequestEntityTooLarge, "Request too large");
            await Expect("mean_radius\n1", HttpStatusCode.BadRequest, "Missing column", "mean_texture", type: "text/csv");
            await Expect("{\"features\": [1, 2]}", HttpStatusCode.BadRequest, "Wrong features", "features");

            // A missing value the pipeline imputes (the default mean imputation) is not a problem: null is scored.
            (HttpStatusCode imputed, _) = await Post(client, "/predict", JsonSerializer.Serialize(new Dictionary<string, object?>(good) { ["mean_area"] = null }));
            Assert.Equal(HttpStatusCode.OK, imputed);
        }
    }

    [Fact]
    public async Task A_new_classifier_file_is_served_without_a_restart_and_a_broken_one_is_not()
    {
        (Classifier classifier, TabularData raw) = s_trained.Value;
        string directory = Path.Combine(Path.GetTempPath(), $"serving-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "cancer.mgc");
        try
        {
            classifier.Save(path);
            int width = classifier.Model.InputSize;
            using ClassifierSource source = ClassifierSource.Watch(path, () => new SvmModel(width, new SvmOptions { Probability = true }));
            (WebApplication app, HttpClient client) = await Serve(a => a.MapClassifier("/predict", source));
            await using (app)
            {
                string body = JsonSerializer.Serialize(Row(raw, 2));
                Assert.Equal(0.5f, (await Post(client, "/predict", body)).Body.GetProperty("threshold").GetSingle());

                new Classifier(classifier.Model, classifier.Preprocessing, threshold: 0.8f, calibrator: classifier.Calibrator, positiveClass: "M", negativeClass: "B").Save(path);
                await WaitFor(() => source.Reloads == 1);
                Assert.Equal(0.8f, (await Post(client, "/predict", body)).Body.GetProperty("threshold").GetSingle());

                File.WriteAllText(path, "not a classifier");
                source.Reload();
                Assert.NotNull(source.LastReloadError);
                Assert.Equal(0.8f, (await Post(client, "/predict", body)).Body.GetProperty("threshold").GetSingle());
                using JsonDocument health = JsonDocument.Parse(await client.GetStringAsync("/predict/health"));
                Assert.Contains("still serving", health.RootElement.GetProperty("lastReloadError").GetString());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_drift_of_the_rows_served_is_reported()
    {
        (Classifier classifier, TabularData raw) = s_trained.Value;
        Dataset training = classifier.Preprocessing!.Transform(raw);
        var options = new ServingOptions { DriftMonitor = DriftMonitor.Fit(training, classifier.Model) };
        (WebApplication app, HttpClient client) = await Serve(a => a.MapClassifier("/predict", classifier, options));
        await using (app)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/predict/drift")).StatusCode);
            var shifted = Enumerable.Range(0, 100).Select(i =>
            {
                Dictionary<string, object?> row = Row(raw, i);
                row["mean_radius"] = (double)row["mean_radius"]! + 10;
                return row;
            }).ToArray();

            // Ten rows are too few to tell drift from noise (fewer than ten a decile): no floor, no band.
            Assert.Equal(HttpStatusCode.OK, (await Post(client, "/predict", JsonSerializer.Serialize(new { rows = shifted[..10] }))).Status);
            JsonElement early = await Radius();
            Assert.Equal("Undetermined", early.GetProperty("level").GetString());
            Assert.Equal(JsonValueKind.Null, early.GetProperty("noiseFloor").ValueKind);

            Assert.Equal(HttpStatusCode.OK, (await Post(client, "/predict", JsonSerializer.Serialize(new { rows = shifted[10..] }))).Status);
            JsonElement radius = await Radius();
            Assert.Equal("Significant", radius.GetProperty("level").GetString());
            Assert.True(radius.GetProperty("psi").GetDouble() > radius.GetProperty("noiseFloor").GetDouble());
            using JsonDocument drift = JsonDocument.Parse(await client.GetStringAsync("/predict/drift"));
            Assert.Equal(100, drift.RootElement.GetProperty("rows").GetInt32());

            async Task<JsonElement> Radius()
            {
                using JsonDocument report = JsonDocument.Parse(await client.GetStringAsync("/predict/drift"));
                return report.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "mean_radius").Clone();
            }
        }
    }

    [Fact]
    public async Task Ten_thousand_requests_over_eight_connections_all_get_their_answer()
    {
        (Classifier classifier, TabularData raw) = s_trained.Value;
        (WebApplication app, HttpClient client) = await Serve(a => a.MapClassifier("/predict", classifier), connections: 8);
        await using (app)
        {
            string[] bodies = Enumerable.Range(0, 100).Select(i => JsonSerializer.Serialize(Row(raw, i))).ToArray();
            float[] expected = Enumerable.Range(0, 100).Select(i => classifier.PredictProbability(Cells(raw, i))).ToArray();
            int next = -1, wrong = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                for (int n = Interlocked.Increment(ref next); n < 10_000; n = Interlocked.Increment(ref next))
                {
                    using HttpResponseMessage response = await client.PostAsync("/predict", new StringContent(bodies[n % 100], Encoding.UTF8, "application/json"), timeout.Token);
                    using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
                    if (response.StatusCode != HttpStatusCode.OK || answer.RootElement.GetProperty("probability").GetSingle() != expected[n % 100])
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }));
            output.WriteLine($"10,000 requests over 8 connections in {clock.Elapsed.TotalSeconds:F2} s ({10_000 / clock.Elapsed.TotalSeconds:F0} per second; a timing, not a benchmark)");
            Assert.Equal(0, wrong);
        }
    }

    [Fact]
    public async Task A_network_explains_its_answers_on_request_and_an_svm_says_it_cannot()
    {
        (Classifier svmClassifier, TabularData raw) = s_trained.Value;
        FittedTabularPipeline pipeline = svmClassifier.Preprocessing!;
        var network = new CancerLogistic();
        network.Fit(pipeline.Transform(raw), new FitOptions { Epochs = 20 });
        var classifier = new Classifier(network, pipeline, positiveClass: "M", negativeClass: "B");
        (WebApplication app, HttpClient client) = await Serve(a =>
        {
            a.MapClassifier("/predict", classifier);
            a.MapClassifier("/svm", svmClassifier);
        });
        await using (app)
        {
            string body = JsonSerializer.Serialize(Row(raw, 0));
            (HttpStatusCode status, JsonElement answer) = await Post(client, "/predict?explain=true", body);
            Assert.Equal(HttpStatusCode.OK, status);
            JsonElement explanation = answer.GetProperty("explanation");
            double sum = explanation.GetProperty("attributions").EnumerateObject().Sum(p => p.Value.GetDouble());
            Assert.Equal(30, explanation.GetProperty("attributions").EnumerateObject().Count());
            Assert.Equal(explanation.GetProperty("logit").GetDouble() - explanation.GetProperty("baselineLogit").GetDouble(), sum, 1e-3);
            Assert.True(explanation.GetProperty("attributions").TryGetProperty("mean_radius", out _));
            Assert.False((await Post(client, "/predict", body)).Body.TryGetProperty("explanation", out _));

            (status, JsonElement problem) = await Post(client, "/svm?explain=true", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("explain", problem.GetProperty("field").GetString());
        }

        // Trees explain by TreeSHAP against the background's expectation, exactly.
        Dataset training = pipeline.Transform(raw);
        var forest = new ModelGen.Trees.TreeModel(30, new ModelGen.Trees.TreeOptions { Algorithm = ModelGen.Trees.TreeAlgorithm.GradientBoostedTrees, Trees = 20, MaxDepth = 3 });
        forest.Fit(training, new FitOptions());
        var treeClassifier = new Classifier(forest, pipeline, positiveClass: "M", negativeClass: "B");
        (WebApplication treeApp, HttpClient treeClient) = await Serve(a => a.MapClassifier("/trees", treeClassifier, new ServingOptions { ExplanationBackground = training }));
        await using (treeApp)
        {
            (HttpStatusCode status, JsonElement answer) = await Post(treeClient, "/trees?explain=true", JsonSerializer.Serialize(Row(raw, 0)));
            Assert.Equal(HttpStatusCode.OK, status);
            JsonElement explanation = answer.GetProperty("explanation");
            double sum = explanation.GetProperty("attributions").EnumerateObject().Sum(p => p.Value.GetDouble());
            Assert.Equal(explanation.GetProperty("logit").GetDouble() - explanation.GetProperty("baselineLogit").GetDouble(), sum, 1e-6);
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the condition did not come true within 5 s");
    }
}

/// <summary>The CancerServer sample published with Native AOT: no warning, and the native binary answers over HTTP.</summary>
public sealed class NativeServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_sample_server_publishes_natively_without_warnings_and_answers()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ModelGen.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("No ModelGen.sln above the test.");
        }

        string outputFolder = Path.Combine(Path.GetTempPath(), $"cancer-server-{Guid.NewGuid():N}");
        try
        {
            (int exit, string log) = await Run("dotnet", $"publish \"{Path.Combine(root, "samples", "CancerServer", "CancerServer.csproj")}\" -c Release -r linux-x64 -o \"{outputFolder}\"", root);
            Assert.True(exit == 0, log);
            string[] warnings = log.Split('\n').Where(l => l.Contains(": warning ", StringComparison.Ordinal)).Distinct().ToArray();
            Assert.True(warnings.Length == 0, "the native publish warned:\n" + string.Join("\n", warnings));
            string binary = Path.Combine(outputFolder, "CancerServer");
            Assert.False(File.Exists(Path.Combine(outputFolder, "CancerServer.dll")), "the publish output is not native");

            int port = FreePort();
            using var server = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(binary, $"--urls http://127.0.0.1:{port}")
            {
                WorkingDirectory = outputFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                string row = File.ReadAllText(Path.Combine(root, "samples", "CancerServer", "row.json"));
                HttpResponseMessage? response = null;
                for (int attempt = 0; attempt < 100 && response is null; attempt++)
                {
                    try
                    {
                        response = await client.PostAsync("/predict", new StringContent(row, Encoding.UTF8, "application/json"));
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(100);
                    }
                }

                Assert.NotNull(response);
                string answer = await response!.Content.ReadAsStringAsync();
                output.WriteLine(answer);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("M", JsonDocument.Parse(answer).RootElement.GetProperty("class").GetString());
            }
            finally
            {
                server.Kill();
            }
        }
        finally
        {
            if (Directory.Exists(outputFolder))
            {
                Directory.Delete(outputFolder, recursive: true);
            }
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<(int Exit, string Log)> Run(string file, string arguments, string directory)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync(), standardError = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await standardOutput + await standardError);
    }
}

/// <summary>Logistic regression on the pipeline's 30 features: a network with an input gradient, for explanations.</summary>
[Input(30)]
[Dense(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.05)]
public partial class CancerLogistic { }
