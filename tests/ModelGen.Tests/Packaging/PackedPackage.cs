using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Packaging;

/// <summary>
/// <c>src/ModelGen</c> packed once into a local folder feed under a version no earlier run has put in the NuGet cache
/// (removed from the cache afterwards), with the dotnet CLI as a user runs it.
/// </summary>
public sealed class PackedPackage : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new("modelgen-package-");

    public string Version { get; } = "0.1.0-test" + Guid.NewGuid().ToString("N")[..12];

    public string Feed => _folder.File("feed");

    public string Package { get; private set; } = "";

    public static string RepositoryRoot
    {
        get
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
    }

    public async Task InitializeAsync()
    {
        (int packed, string output) = await Dotnet(RepositoryRoot, "pack", "src/ModelGen/ModelGen.csproj", "-c", "Release", "--no-build", "-o", Feed, $"-p:PackageVersion={Version}");
        Assert.True(packed == 0, output);
        Package = Assert.Single(Directory.GetFiles(Feed, "*.nupkg"));
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        string cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "modelgen", Version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>A new, empty project folder whose nuget.config adds the feed to the machine's package sources.</summary>
    public string NewProjectFolder(string name)
    {
        string project = _folder.File(name);
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return project;
    }

    /// <summary>Runs the dotnet CLI without the test host's MSBuild settings, which must not leak into the child builds.</summary>
    public static Task<(int ExitCode, string Output)> Dotnet(string workingDirectory, params string[] arguments) =>
        ExternalProcess.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(8), workingDirectory, CliEnvironment());

    /// <summary>The environment of a dotnet CLI a user runs: the test host's MSBuild settings removed, then <paramref name="settings"/>.</summary>
    public static Dictionary<string, string?> CliEnvironment(params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildExtensionsPath"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach ((string name, string value) in settings)
        {
            environment[name] = value;
        }

        return environment;
    }
}
