using System;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// tests/run-tests.sh reruns the numeric tests with Vector512 off, AVX off and every intrinsic off; this test proves each
/// run really took the path it asked for (an environment variable that failed to reach the test host would otherwise
/// rerun the AVX-512 path three times and prove nothing).
/// </summary>
public sealed class SimdPathTests(ITestOutputHelper output)
{
    [Fact]
    public void The_requested_SIMD_path_is_the_one_running()
    {
        string? bitWidth = Environment.GetEnvironmentVariable("DOTNET_PreferredVectorBitWidth");
        string? avx = Environment.GetEnvironmentVariable("DOTNET_EnableAVX");
        string? intrinsics = Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic");
        output.WriteLine($"Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}, " +
            $"FMA {System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}");

        if (intrinsics == "0")
        {
            Assert.False(Vector128.IsHardwareAccelerated, "DOTNET_EnableHWIntrinsic=0 should leave only the scalar loops");
        }
        else if (avx == "0")
        {
            Assert.False(Vector256.IsHardwareAccelerated, "DOTNET_EnableAVX=0 should leave 128-bit vectors only");
            Assert.True(Vector128.IsHardwareAccelerated);
        }
        else if (bitWidth == "256")
        {
            Assert.False(Vector512.IsHardwareAccelerated, "DOTNET_PreferredVectorBitWidth=256 should turn Vector512 off");
        }
        else
        {
            // The default run: say loudly when this machine cannot run the widest kernels, so their absence is seen.
            if (!Vector512.IsHardwareAccelerated)
            {
                output.WriteLine("WARNING: Vector512 is not accelerated here; the Vector512 tiles did not run in this test run.");
            }

            Assert.True(Vector128.IsHardwareAccelerated || !System.Runtime.Intrinsics.X86.Sse.IsSupported);
        }
    }
}
