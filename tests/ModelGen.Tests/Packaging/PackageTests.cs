using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ModelGen.Evaluation;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Models.Baked;
using Xunit;
using static ModelGen.Tests.Packaging.PackedPackage;

namespace ModelGen.Tests.Packaging;

/// <summary>
/// The package as a user gets it: <c>dotnet pack</c> of <c>src/ModelGen</c> into a local folder feed, then fresh
/// projects that reference it: one builds (the generator runs from <c>analyzers/dotnet/cs</c>), runs, and fails to
/// build with MG0001 once it declares an invalid model; one is the README's quick start, word for word; one bakes the
/// quick start's weights in and publishes with Native AOT.
/// </summary>
public sealed class PackageTests : IClassFixture<PackedPackage>
{
    private readonly PackedPackage _package;

    public PackageTests(PackedPackage package) => _package = package;

    [Fact]
    public async Task A_fresh_project_builds_and_runs_from_the_packed_package_and_sees_MG_errors()
    {
        using (ZipArchive zip = ZipFile.OpenRead(_package.Package))
        {
            string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/ModelGen.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/ModelGen.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/ModelGen.CodeFixes.dll", entries);
        }

        string project = _package.NewProjectFolder("Consumer");
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ModelGen" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using ModelGen;

            var model = new Gate(seed: 1);
            float[] x = { 0, 0, 0, 1, 1, 0, 1, 1 };
            float[] y = { 0, 1, 1, 1 };
            for (int i = 0; i < 300; i++)
            {
                model.TrainStep(x, y);
            }

            System.Console.WriteLine($"{Gate.ParameterCount} parameters; p(1,1) = {model.Predict(new float[] { 1, 1 }):F2}; p(0,0) = {model.Predict(new float[] { 0, 0 }):F2}");

            [Input(2)]
            [Dense(1, Activation.Sigmoid)]
            [Loss(LossKind.BinaryCrossEntropy)]
            [Optimizer(OptimizerKind.Adam, LearningRate = 0.1)]
            public partial class Gate { }
            """);

        (int ran, string runOutput) = await Dotnet(project, "run");
        Assert.True(ran == 0, runOutput);
        Assert.Contains("3 parameters; p(1,1) = 1.00; p(0,0) = 0.0", runOutput);

        File.WriteAllText(Path.Combine(project, "Invalid.cs"), """
            using ModelGen;

            [Input(2)]
            [Dense(1, Activation.Softmax)]
            [Loss(LossKind.CategoricalCrossEntropy)]
            public partial class OneUnitSoftmax { }
            """);
        (int built, string buildOutput) = await Dotnet(project, "build");
        Assert.NotEqual(0, built);
        Assert.Contains("error MG0001", buildOutput);
    }


    /// <summary>
    /// The quick start's shell commands as written, on a machine whose NuGet cache is empty, as a stranger's is: only
    /// the package sources can then give ModelGen's own dependencies. Three substitutions: the feed and the cache are
    /// this test's, the package is packed from this run's build (<c>--no-build</c>), and the app is made outside the
    /// repository.
    /// </summary>
    [Fact]
    public async Task The_README_install_commands_work_with_an_empty_NuGet_cache()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        string block = Regex.Match(readme, @"### In your own project.*?```sh\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        string[] lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Regex.Replace(l, @"\s+#.*$", "")).ToArray();
        Assert.StartsWith("dotnet pack src/ModelGen ", lines[0]);
        using var scratch = new TemporaryFolder("modelgen-readme-");
        string feed = scratch.File("feed"), cache = scratch.File("nuget-cache"), apps = scratch.File("apps");
        Directory.CreateDirectory(apps);
        string script = string.Join("\n", lines.Take(1).Append($"cd '{apps}'").Concat(lines.Skip(1)))
            .Replace("dotnet pack src/ModelGen -c Release", "dotnet pack src/ModelGen -c Release --no-build", StringComparison.Ordinal)
            .Replace("~/modelgen-feed", $"'{feed}'", StringComparison.Ordinal)
            .Replace("<this repository>", RepositoryRoot, StringComparison.Ordinal);

        (int exit, string output) = await ExternalProcess.RunAsync("bash", new[] { "-euo", "pipefail", "-c", script }, TimeSpan.FromMinutes(8), RepositoryRoot,
            CliEnvironment(("NUGET_PACKAGES", cache)));

        Assert.True(exit == 0, script + "\n\n" + output);
        string app = Path.Combine(apps, "CancerApp");
        Assert.Contains("<PackageReference Include=\"ModelGen\" Version=\"0.1.0\" />", File.ReadAllText(Path.Combine(app, "CancerApp.csproj")));
        Assert.True(File.Exists(Path.Combine(app, "breast_cancer.csv")));
        (int built, string buildOutput) = await ExternalProcess.RunAsync("dotnet", new[] { "build" }, TimeSpan.FromMinutes(8), app, CliEnvironment(("NUGET_PACKAGES", cache)));
        Assert.True(built == 0, buildOutput);
    }

    [Fact]
    public async Task The_README_quick_start_runs_word_for_word_and_its_baked_weights_publish_with_Native_AOT()
    {
        string app = _package.NewProjectFolder("CancerApp");
        (int created, string createOutput) = await Dotnet(app, "new", "console", "--force");
        Assert.True(created == 0, createOutput);
        (int added, string addOutput) = await Dotnet(app, "add", "package", "ModelGen", "--version", _package.Version, "--source", _package.Feed);
        Assert.True(added == 0, addOutput);
        string data = Path.Combine(RepositoryRoot, "samples", "BreastCancer", "data", "breast_cancer.csv");
        File.Copy(data, Path.Combine(app, "breast_cancer.csv"));
        File.WriteAllText(Path.Combine(app, "Program.cs"), QuickStartProgram());

        (int ran, string output) = await Dotnet(app, "run", "-c", "Release");

        Assert.True(ran == 0, output);
        Assert.Contains("First row: malignant (p = ", output);
        Assert.Matches(@"ROC-AUC\s+0\.9\d", output);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(app, "report.html")));
        Classifier reloaded = Classifier.Load(Path.Combine(app, "cancer.mgc"), new BakedCancerNet());
        Assert.Equal("malignant", reloaded.Predict(File.ReadLines(data).Skip(1).First().Split(',')[..30]));
        Assert.True(reloaded.Metrics["test_roc_auc"] > 0.95);

        string aot = _package.NewProjectFolder("CancerAot");
        File.Copy(Path.Combine(app, "cancer.mgwt"), Path.Combine(aot, "cancer.mgwt"));
        File.Copy(data, Path.Combine(aot, "breast_cancer.csv"));
        File.Copy(Path.Combine(RepositoryRoot, "tests", "ModelGen.Tests", "Models", "Baked", "cancer-boost.mgtt"), Path.Combine(aot, "cancer-boost.mgtt"));
        File.WriteAllText(Path.Combine(aot, "CancerAot.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <PublishAot>true</PublishAot>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ModelGen" Version="{_package.Version}" />
                <AdditionalFiles Include="cancer.mgwt" />
                <AdditionalFiles Include="breast_cancer.csv" />
                <AdditionalFiles Include="cancer-boost.mgtt" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(aot, "Program.cs"), """
            using ModelGen;
            using ModelGen.Persistence;

            CancerNet baked = CancerNet.CreateTrained();
            var loaded = new CancerNet();
            TextWeightsFile.Load(loaded, "cancer.mgwt");
            var random = new Random(7);
            var row = new float[CancerNet.InputSize];
            int identical = 0;
            for (int n = 0; n < 1000; n++)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = random.NextSingle() * 6 - 3;
                }

                identical += BitConverter.SingleToInt32Bits(baked.Predict(row)) == BitConverter.SingleToInt32Bits(loaded.Predict(row)) ? 1 : 0;
            }

            var features = new CancerNet.Features() with { MeanRadius = 2.5f, WorstArea = 3f, WorstConcavePoints = 2f };
            Console.WriteLine($"bit-identical: {identical}/1000; p(large, concave) = {baked.Predict(in features):F3}; features: {CancerNet.Features.Names.Count}");
            Console.WriteLine(baked.Summary());

            CancerBoost compiledTrees = CancerBoost.CreateTrained();
            var loadedTrees = new CancerBoost();
            TreeModelFile.Load(loadedTrees, "cancer-boost.mgtt");
            int sameTrees = 0;
            for (int n = 0; n < 1000; n++)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = n % 7 == 0 && i % 5 == 0 ? float.NaN : random.NextSingle() * 30;
                }

                sameTrees += BitConverter.SingleToInt32Bits(compiledTrees.Predict(row)) == BitConverter.SingleToInt32Bits(loadedTrees.Predict(row)) ? 1 : 0;
            }

            Console.WriteLine($"trees bit-identical: {sameTrees}/1000; compiled: {compiledTrees.PredictsCompiled}");

            [Model(Weights = "cancer.mgwt", FeatureHeader = "breast_cancer.csv", LabelColumn = "diagnosis")]
            [Input(30)]
            [Dense(16, Activation.Relu)]
            [Dense(8, Activation.Relu)]
            [Dense(1, Activation.Sigmoid)]
            [Loss(LossKind.BinaryCrossEntropy)]
            [Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
            public partial class CancerNet { }

            [Model(Trees = "cancer-boost.mgtt")]
            [Input(30)]
            [GradientBoostedTrees(Trees = 60, MaxDepth = 3, LearningRate = 0.2)]
            public partial class CancerBoost { }
            """);

        (int published, string publishOutput) = await Dotnet(aot, "publish", "-c", "Release", "-r", "linux-x64", "-o", "out");

        Assert.True(published == 0, publishOutput);
        Assert.DoesNotMatch(new Regex(@"warning [A-Z]+\d+", RegexOptions.IgnoreCase), publishOutput);
        string native = Path.Combine(aot, "out", "CancerAot");
        Assert.True(File.Exists(native), publishOutput);
        Assert.False(File.Exists(Path.Combine(aot, "out", "CancerAot.dll")), "the publish output is not native: " + publishOutput);
        (int nativeRan, string nativeOutput) = await Infrastructure.ExternalProcess.RunAsync(native, Array.Empty<string>(), TimeSpan.FromMinutes(1), aot);
        Assert.True(nativeRan == 0, nativeOutput);
        Assert.Contains("bit-identical: 1000/1000", nativeOutput);
        Assert.Contains("features: 30", nativeOutput);
        Assert.Contains("Total params: 641", nativeOutput);
        Assert.Contains("trees bit-identical: 1000/1000; compiled: True", nativeOutput);
    }

    /// <summary>The README's quick-start program, the C# block after its <c>quick-start:Program.cs</c> marker.</summary>
    private static string QuickStartProgram()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        int marker = readme.IndexOf("<!-- quick-start:Program.cs -->", StringComparison.Ordinal);
        Assert.True(marker >= 0, "README.md has no quick-start:Program.cs marker");
        int start = readme.IndexOf("```csharp\n", marker, StringComparison.Ordinal) + "```csharp\n".Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }
}
