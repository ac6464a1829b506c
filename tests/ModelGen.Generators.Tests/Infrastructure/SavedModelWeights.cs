using System;
using System.IO;
using System.Linq;
using System.Reflection;
using ModelGen.Persistence;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>Text weights files made the way a user makes them: compile the model, create it, save it through the runtime.</summary>
internal static class SavedModelWeights
{
    /// <summary>The <c>.mgwt</c> text and the parameters of <paramref name="typeName"/> drawn from <paramref name="seed"/>.</summary>
    public static (string Text, float[] Parameters) Of(string declaration, string typeName, int seed)
    {
        Assembly assembly = GeneratorHarness.Load(GeneratorHarness.Run(declaration));
        var model = (IGradientModel)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!, seed)!;
        string path = Path.Combine(Path.GetTempPath(), "modelgen-" + Guid.NewGuid().ToString("N") + ".mgwt");
        try
        {
            TextWeightsFile.Save(model, path);
            return (File.ReadAllText(path), model.Parameters.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
