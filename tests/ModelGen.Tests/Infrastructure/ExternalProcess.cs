using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace ModelGen.Tests.Infrastructure;

/// <summary>Runs a program the tests drive (dotnet, chromium) and collects what it printed.</summary>
internal static class ExternalProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> to completion; <paramref name="environment"/> sets variables (a null value removes
    /// one). The output starts with the command line, for failure messages.
    /// </summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it is killed.</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        string command = file + " " + string.Join(' ', start.ArgumentList);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} ran over {timeout}:\n{await output}\n{await error}");
        }

        return (process.ExitCode, $"{command}\n{await output}\n{await error}");
    }
}
