using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelGen.Data;
using ModelGen.Preprocessing;
using ModelGen.Serving;
using ModelGen.Svm;
using ModelGen.Training;

namespace ModelGen.Benchmarks;

/// <summary>
/// What the HTTP server adds to a prediction: the breast-cancer SVM classifier (raw row → pipeline → SVM → Platt) served
/// by Kestrel on loopback, single-row JSON requests from one connection (p50 and p99 latency over 20,000 requests after
/// 2,000 of warm-up) and from eight (requests per second), beside the same classifier's in-process PredictProbability on
/// the same raw row (median over 20,000 calls). A latency distribution needs every request's time, which a
/// BenchmarkDotNet run does not give, hence a study:
///     dotnet run -c Release --project tests/ModelGen.Benchmarks -- --serving-study
/// </summary>
internal static class ServingStudy
{
    public static async Task Run(TextWriter log)
    {
        TabularData raw = TabularData.FromCsv(Path.Combine(Repository.Root, "samples", "BreastCancer", "data", "breast_cancer.csv"), "diagnosis", "M");
        FittedTabularPipeline pipeline = new TabularPipeline().Fit(raw);
        Dataset data = pipeline.Transform(raw);
        var svm = new SvmModel(data.FeatureCount, new SvmOptions { Probability = true });
        svm.Fit(data, new FitOptions());
        var classifier = new Classifier(svm, pipeline, threshold: 0.5f, calibrator: svm.Probability, positiveClass: "M", negativeClass: "B");
        string[] cells = raw.Columns.Select(c => c.Numbers![0].ToString("R", CultureInfo.InvariantCulture)).ToArray();
        string body = "{" + string.Join(",", raw.Columns.Select((c, i) => $"\"{c.Name}\":{cells[i]}")) + "}";

        var direct = new double[20_000];
        for (int i = 0; i < 2_000; i++)
        {
            classifier.PredictProbability(cells);
        }

        for (int i = 0; i < direct.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            classifier.PredictProbability(cells);
            direct[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using WebApplication app = builder.Build();
        app.MapClassifier("/predict", classifier);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var one = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = address };
        var latencies = new double[20_000];
        for (int i = -2_000; i < latencies.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            using HttpResponseMessage response = await one.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 0)
            {
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        using var eight = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = address };
        int next = -1;
        long started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (int n = Interlocked.Increment(ref next); n < 40_000; n = Interlocked.Increment(ref next))
            {
                using HttpResponseMessage response = await eight.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));
                await response.Content.ReadAsByteArrayAsync();
            }
        }));
        double perSecond = 40_000 / Stopwatch.GetElapsedTime(started).TotalSeconds;

        Array.Sort(direct);
        Array.Sort(latencies);
        double p50 = latencies[latencies.Length / 2], p99 = latencies[latencies.Length * 99 / 100], model = direct[direct.Length / 2];
        log.WriteLine("| measure | value |");
        log.WriteLine("| --- | ---: |");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| classifier.PredictProbability(raw row), in process, median | {model:F1} µs |"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| HTTP single-row request, one connection, p50 | {p50:F1} µs |"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| HTTP single-row request, one connection, p99 | {p99:F1} µs |"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| what the server adds at p50 (client included) | {p50 - model:F1} µs |"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| requests per second, eight connections | {perSecond:F0} |"));
        await app.StopAsync();
    }
}
