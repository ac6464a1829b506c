using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Threading;
using Xunit.Runners;

// Runs the tests of ModelGen.Tests whose "Namespace.Class.Method" contains one of the arguments, in this process, one at
// a time, and reports as `dotnet test` does ("Test run for …", then "Passed!  - Failed: …"), so tests/run-tests.sh
// counts this run beside the others.
const string Assembly = "ModelGen.Tests.dll";
if (!AdvSimd.IsSupported)
{
    Console.Error.WriteLine($"error: this runner is for Arm64 with NEON; this process is {RuntimeInformation.ProcessArchitecture} without AdvSimd");
    return 2;
}

string[] filters = args;
string where = $"{RuntimeInformation.RuntimeIdentifier}, NEON";
Console.WriteLine($"Test run for {Assembly} ({where})");
int passed = 0, failed = 0, skipped = 0, toRun = 0;
double seconds = 0;
using var done = new ManualResetEventSlim();
using (AssemblyRunner runner = AssemblyRunner.WithoutAppDomain(Path.Combine(AppContext.BaseDirectory, Assembly)))
{
    runner.TestCaseFilter = test => filters.Length == 0
        || filters.Any(f => $"{test.TestMethod.TestClass.Class.Name}.{test.TestMethod.Method.Name}".Contains(f, StringComparison.Ordinal));
    runner.OnDiscoveryComplete = info => toRun = info.TestCasesToRun;
    runner.OnTestPassed = _ => passed++;
    runner.OnTestSkipped = info =>
    {
        skipped++;
        Console.WriteLine($"  Skipped {info.TestDisplayName}: {info.SkipReason}");
    };
    runner.OnTestFailed = info =>
    {
        failed++;
        Console.WriteLine($"  Failed {info.TestDisplayName}\n  Error Message:\n   {info.ExceptionMessage}\n  Stack Trace:\n{info.ExceptionStackTrace}");
    };
    runner.OnExecutionComplete = info =>
    {
        seconds = (double)info.ExecutionTime;
        done.Set();
    };
    runner.Start(parallel: false);
    done.Wait();

    // Disposing the runner before it has wound down throws; it is done once no test is left running.
    while (runner.Status != AssemblyRunnerStatus.Idle)
    {
        Thread.Sleep(50);
    }
}

if (toRun == 0)
{
    Console.WriteLine($"Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     0 - {Assembly} ({where}): no test matched {string.Join(" ", filters)}");
    return 1;
}

Console.WriteLine($"{(failed == 0 ? "Passed!" : "Failed!")}  - Failed: {failed,5}, Passed: {passed,5}, Skipped: {skipped,5}, Total: {passed + failed + skipped,5}, Duration: {seconds:F0} s - {Assembly} ({where})");
return failed == 0 ? 0 : 1;
