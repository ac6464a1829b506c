using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Packaging;

/// <summary>
/// The package as a user gets it: <c>dotnet pack</c> of <c>src/ModelGen</c> into a local folder feed, then a fresh
/// project that references it builds (the generator runs from <c>analyzers/dotnet/cs</c>), runs, and fails to build
/// with MG0001 once it declares an invalid model.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("modelgen-package-");

    // A version no earlier run has put in the NuGet cache, removed from it afterwards.
    private readonly string _version = "0.1.0-test" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose()
    {
        _folder.Dispose();
        string cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "modelgen", _version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    [Fact]
    public async Task A_fresh_project_builds_and_runs_from_the_packed_package_and_sees_MG_errors()
    {
        string feed = _folder.File("feed");
        (int packed, string packOutput) = await Dotnet(RepositoryRoot(), "pack", "src/ModelGen/ModelGen.csproj", "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={_version}");
        Assert.True(packed == 0, packOutput);
        string package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        using (ZipArchive zip = ZipFile.OpenRead(package))
        {
            string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/ModelGen.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/ModelGen.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/ModelGen.CodeFixes.dll", entries);
        }

        string project = _folder.File("Consumer");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ModelGen" Version="{_version}" />
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

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ModelGen.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs the dotnet CLI without the test host's MSBuild settings, which must not leak into the child builds.</summary>
    private static Task<(int ExitCode, string Output)> Dotnet(string workingDirectory, params string[] arguments) =>
        ExternalProcess.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(5), workingDirectory, new Dictionary<string, string?>
        {
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildExtensionsPath"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });
}
