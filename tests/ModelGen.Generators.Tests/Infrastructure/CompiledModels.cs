using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>Compiles many model declarations in one compilation and creates instances by class name.</summary>
internal sealed class CompiledModels
{
    private readonly Assembly _assembly;

    public CompiledModels(IEnumerable<string> declarations)
    {
        string source = "using ModelGen;\nnamespace Generated;\n" + string.Join("\n", declarations);
        _assembly = GeneratorHarness.Load(GeneratorHarness.Run(source));
    }

    public Assembly Assembly => _assembly;

    public IGradientModel Create(string className, int seed = 1) =>
        (IGradientModel)Activator.CreateInstance(_assembly.GetType("Generated." + className, throwOnError: true)!, seed)!;

    public IEnumerable<Type> ModelTypes => _assembly.GetTypes().Where(t => typeof(IGradientModel).IsAssignableFrom(t));
}
