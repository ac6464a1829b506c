using System.Linq;
using System.Reflection;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Generation;

/// <summary>
/// RyuJIT stops optimizing a method past about 60,000 bytes of IL or 2,000 locals; no generated method may come
/// near that, even at the largest unrolled layer sizes.
/// </summary>
public sealed class JitLimitTests
{
    [Fact]
    public void Generated_methods_stay_within_the_jit_optimization_limits()
    {
        var models = new CompiledModels(new[]
        {
            // Unrolled layers at the 1,024 multiply-add limit, first and not first (with an unrolled dx = Wᵀ·dz), and just past it.
            "[Input(4)] [Dense(256, Activation.Relu)] [Dense(4, Activation.Relu)] [Dense(256, Activation.Tanh)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class Edge { }",
            "[Input(7)] [Dense(147, Activation.Relu)] [Dense(7, Activation.Relu)] [Dense(147, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class PastLimit { }",
            "[Input(784)] [Dense(128, Activation.Relu)] [Dense(64, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class Wide { }",
        });

        var methods = models.ModelTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m.DeclaringType!.Name + "." + m.Name, Body: m.GetMethodBody()))
            .Where(m => m.Body is not null)
            .ToList();

        Assert.NotEmpty(methods);
        int largestIl = methods.Max(m => m.Body!.GetILAsByteArray()!.Length);
        int mostLocals = methods.Max(m => m.Body!.LocalVariables.Count);
        Assert.All(methods, m => Assert.True(m.Body!.GetILAsByteArray()!.Length < 60_000, $"{m.Method}: {m.Body!.GetILAsByteArray()!.Length} bytes of IL"));
        Assert.All(methods, m => Assert.True(m.Body!.LocalVariables.Count < 512, $"{m.Method}: {m.Body!.LocalVariables.Count} locals"));
        Assert.True(largestIl > 10_000, $"the unrolled edge cases should produce large methods; the largest has {largestIl} bytes of IL and {mostLocals} locals");
    }
}
