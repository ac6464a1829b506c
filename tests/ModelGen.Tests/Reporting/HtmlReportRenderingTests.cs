using System;
using System.IO;
using System.Threading.Tasks;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Reporting;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models;
using ModelGen.Training;
using Xunit;
using static ModelGen.Tests.Training.TrainingData;

namespace ModelGen.Tests.Reporting;

/// <summary>
/// The report as a browser shows it: Debian's headless Chromium (installed by <c>.ci/run</c>) takes a screenshot and
/// the plots' line colours must be on it. Without Chromium the test fails and says how to install it.
/// </summary>
public sealed class HtmlReportRenderingTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TemporaryFolder _folder = new("modelgen-render-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Headless_chromium_draws_every_plot()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install -y chromium), as .ci/run does.");
        Dataset train = Separable(200, seed: 1);
        Dataset test = Separable(80, seed: 2);
        var model = new Mlp30(seed: 1);
        History history = model.Fit(train, new FitOptions { Epochs = 12, ValidationData = test });
        string page = _folder.File("report.html");
        File.WriteAllText(page, HtmlReport.Create("render test", model.Evaluate(test), new RankedScores(Evaluator.Scores(model, test), test.Labels), history));
        string screenshot = _folder.File("report.png");

        (_, string output) = await ExternalProcess.RunAsync(Chromium,
            new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1800", $"--screenshot={screenshot}", new Uri(page).AbsoluteUri },
            TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(screenshot), $"Chromium wrote no screenshot:\n{output}");

        PngImage image = PngImage.Read(screenshot);
        Assert.True(Count(image, 0x1f, 0x77, 0xb4) > 200, "the ROC curve and the training loss (blue) are not on the screenshot");
        Assert.True(Count(image, 0xd6, 0x27, 0x28) > 100, "the precision-recall curve (red) is not on the screenshot");
        Assert.True(Count(image, 0xff, 0x7f, 0x0e) > 50, "the validation loss (orange) is not on the screenshot");
    }

    /// <summary>Pixels within a small distance of a colour (antialiasing blends the edges, not a line's core).</summary>
    private static int Count(PngImage image, int r, int g, int b)
    {
        int count = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                (byte pr, byte pg, byte pb) = image[x, y];
                count += Math.Abs(pr - r) + Math.Abs(pg - g) + Math.Abs(pb - b) <= 24 ? 1 : 0;
            }
        }

        return count;
    }
}
