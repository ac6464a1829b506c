using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Analyzers;
using ModelGen.Generators.Tests.Infrastructure;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Generators.Tests.Pipeline;

/// <summary>
/// Thousands of seeded random models, valid and invalid. For each: the generator throws nothing; an invalid model
/// (by the independent rules of <see cref="Recipe.IsValid"/>) gets at least one MG error; a valid one gets none and
/// its generated code compiles with no error or warning.
/// </summary>
public sealed class RandomModelTests
{
    private const int Models = 2000;
    private const int BatchSize = 100;

    [Fact]
    public async Task Two_thousand_random_models()
    {
        var rng = new SeededRandom(20261122);
        var recipes = new Recipe[Models];
        for (int i = 0; i < Models; i++)
        {
            recipes[i] = Recipe.Random(ref rng, i);
        }

        // The recipes are drawn in order from one seed; the batches are independent, so they run on every core.
        await Task.WhenAll(recipes.Chunk(BatchSize).Select(batch => Task.Run(() => CheckBatch(batch))));

        int valid = recipes.Count(r => r.IsValid);

        // The mix must exercise both sides; a generator of only invalid models would prove little.
        Assert.InRange(valid, Models / 6, Models * 5 / 6);
    }

    private static async Task CheckBatch(Recipe[] recipes)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Fuzz",
            recipes.Select(r => CSharpSyntaxTree.ParseText(r.Source, GeneratorHarness.ParseOptions, path: r.File)),
            GeneratorHarness.Compile().References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);

        // The analyzer reads only the user's declarations, so it runs on the compilation before generation.
        ImmutableArray<Diagnostic> analyzerDiagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        ImmutableArray<Diagnostic> compilerDiagnostics = output.GetDiagnostics();

        foreach (Recipe recipe in recipes)
        {
            var errors = analyzerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && recipe.Owns(d)).ToList();
            if (recipe.IsValid)
            {
                Assert.True(errors.Count == 0, $"valid model {recipe.File} got {string.Join("; ", errors)}\n{recipe.Source}");
                var compiled = compilerDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && recipe.Owns(d)).ToList();
                Assert.True(compiled.Count == 0, $"valid model {recipe.File} does not compile cleanly: {string.Join("; ", compiled)}\n{recipe.Source}");
            }
            else
            {
                Assert.True(errors.Count > 0, $"invalid model {recipe.File} ({recipe.Reason}) got no MG error\n{recipe.Source}");
            }
        }
    }

    /// <summary>One random model: its source and, decided independently of ModelGen's parser, whether it is valid.</summary>
    private sealed class Recipe
    {
        private static readonly string[] s_activations = Enum.GetNames<Activation>();
        private static readonly string[] s_losses = Enum.GetNames<LossKind>();
        private static readonly string[] s_optimizers = Enum.GetNames<OptimizerKind>();
        private static readonly double[] s_oddDoubles = { 0, -1, double.NaN, double.PositiveInfinity, 1, 1.5 };

        private readonly List<string> _problems = new();

        private Recipe(int index) => Index = index;

        public int Index { get; }

        public string File => $"Model{Index}.cs";

        public string Source { get; private set; } = "";

        public bool IsValid => _problems.Count == 0;

        public string Reason => string.Join(", ", _problems);

        /// <summary>Whether a diagnostic belongs to this model: in its file or in the file generated for it.</summary>
        public bool Owns(Diagnostic diagnostic)
        {
            string? path = diagnostic.Location.SourceTree?.FilePath;
            // Every model's namespace holds the segment N{Index}; the generated file's hint name starts with the namespace.
            return path is not null && (path == File || (path.EndsWith(".g.cs", StringComparison.Ordinal)
                && path[(path.LastIndexOf('/') + 1)..].Split('.').Contains($"N{Index}")));
        }

        public static Recipe Random(ref SeededRandom rng, int index)
        {
            var recipe = new Recipe(index);
            recipe.Source = recipe.Build(ref rng);
            return recipe;
        }

        private string Build(ref SeededRandom rng)
        {
            var attributes = new List<string>();
            int? inputSize = null;
            if (Chance(ref rng, 0.93))
            {
                inputSize = Size(ref rng);
                attributes.Add($"[Input({Int(inputSize.Value)})]");
                if (inputSize <= 0)
                {
                    _problems.Add("input size");
                }
            }
            else
            {
                _problems.Add("no input");
            }

            int layerCount = Chance(ref rng, 0.05) ? 0 : 1 + rng.NextInt(4);
            if (layerCount == 0)
            {
                _problems.Add("no layers");
            }

            long parameters = 0;
            long width = inputSize ?? 1;
            long activations = 0;
            long widest = width;
            string outputActivation = "Linear";
            int outputUnits = 0;
            bool sizesValid = inputSize > 0;
            for (int l = 0; l < layerCount; l++)
            {
                bool last = l == layerCount - 1;
                int units = last && Chance(ref rng, 0.6) ? (Chance(ref rng, 0.7) ? 1 : 2) : Size(ref rng);
                string activation = Chance(ref rng, 0.02) ? "(Activation)99" : "Activation." + Pick(ref rng, s_activations);
                if (last && Chance(ref rng, 0.5))
                {
                    activation = units == 1 ? "Activation.Sigmoid" : "Activation.Softmax";
                }

                bool useBias = Chance(ref rng, 0.85);
                var options = new StringBuilder();
                if (!useBias)
                {
                    options.Append(", UseBias = false");
                }

                if (Chance(ref rng, 0.15))
                {
                    double l2 = Chance(ref rng, 0.5) ? 0.001 : PickDouble(ref rng);
                    options.Append(", L2 = ").Append(Double(l2));
                    if (!(l2 >= 0) || double.IsInfinity(l2))
                    {
                        _problems.Add("L2");
                    }
                }

                if (activation == "Activation.LeakyRelu" && Chance(ref rng, 0.3))
                {
                    double slope = Chance(ref rng, 0.5) ? 0.2 : PickDouble(ref rng);
                    options.Append(", NegativeSlope = ").Append(Double(slope));
                    if (!(slope >= 0 && slope < 1))
                    {
                        _problems.Add("slope");
                    }
                }

                string text = $"[Dense({Int(units)}, {activation}{options})]";
                if (Chance(ref rng, 0.01))
                {
                    text = Chance(ref rng, 0.5) ? "[Dense(16, Activation.)]" : "[Dense(]";
                    _problems.Add("half-typed");
                }

                attributes.Add(text);
                if (activation.StartsWith("(", StringComparison.Ordinal))
                {
                    _problems.Add("undefined activation");
                }

                if (units <= 0)
                {
                    _problems.Add("units");
                    sizesValid = false;
                }

                if (activation == "Activation.Softmax" && units == 1)
                {
                    _problems.Add("single softmax");
                }

                parameters += width * units + (useBias ? units : 0);
                activations += units;
                widest = Math.Max(widest, units);
                width = units;
                outputActivation = activation.Replace("Activation.", "");
                outputUnits = units;
            }

            // Parameters, and one sample's training scratch (every output plus two deltas as wide as the widest vector), must fit an array.
            if (sizesValid && (parameters > int.MaxValue || activations + 2 * widest > int.MaxValue))
            {
                _problems.Add("too large for an array");
            }

            bool logistic = false;
            if (Chance(ref rng, 0.93))
            {
                bool undefined = Chance(ref rng, 0.02);
                string loss = undefined ? "(LossKind)42" : Pick(ref rng, s_losses);
                if (!undefined && rng.NextDouble() < 0.5)
                {
                    loss = outputActivation switch
                    {
                        "Sigmoid" => "BinaryCrossEntropy",
                        "Softmax" => "CategoricalCrossEntropy",
                        "Linear" => "Hinge",
                        _ => loss,
                    };
                }

                attributes.Add(undefined ? $"[Loss({loss})]" : $"[Loss(LossKind.{loss})]");
                logistic = layerCount == 1 && outputUnits == 1 && outputActivation == "Sigmoid" && loss == "BinaryCrossEntropy";
                if (undefined)
                {
                    _problems.Add("undefined loss");
                }
                else if (layerCount > 0 && outputUnits > 0 && !LossFits(loss, outputActivation, outputUnits))
                {
                    _problems.Add("loss does not fit output");
                }

                if (Chance(ref rng, 0.02))
                {
                    attributes.Add("[Loss(LossKind.Hinge)]");
                    _problems.Add("duplicate loss");
                }
            }
            else
            {
                _problems.Add("no loss");
            }

            if (Chance(ref rng, 0.7))
            {
                attributes.Add(Optimizer(ref rng, logistic));
            }

            // Model-level attributes may stand anywhere; layers keep their order.
            var placed = attributes.Where(a => a.StartsWith("[Dense", StringComparison.Ordinal)).ToList();
            foreach (string other in attributes.Where(a => !a.StartsWith("[Dense", StringComparison.Ordinal)))
            {
                placed.Insert(rng.NextInt(placed.Count + 1), other);
            }

            return Wrap(ref rng, string.Join(" ", placed));
        }

        private string Optimizer(ref SeededRandom rng, bool logistic)
        {
            string kind = Pick(ref rng, s_optimizers);
            var arguments = new List<string> { "OptimizerKind." + kind };
            if (kind == "Newton" && !logistic)
            {
                _problems.Add("Newton on a network that is not logistic regression");
            }

            void Maybe(ref SeededRandom r, string name, double good, Func<double, bool> valid, bool applies)
            {
                if (!Chance(ref r, 0.3))
                {
                    return;
                }

                double value = Chance(ref r, 0.6) ? good : PickDouble(ref r);
                arguments.Add($"{name} = {Double(value)}");
                if (applies && !valid(value))
                {
                    _problems.Add(name);
                }
            }

            bool adam = kind is "Adam" or "AdamW";
            Maybe(ref rng, "LearningRate", 0.01, v => v > 0 && !double.IsInfinity(v), applies: true);
            Maybe(ref rng, "Momentum", 0.9, v => v >= 0 && v < 1, applies: kind is "Sgd" or "RmsProp");
            Maybe(ref rng, "Beta1", 0.8, v => v >= 0 && v < 1, applies: adam);
            Maybe(ref rng, "Beta2", 0.99, v => v >= 0 && v < 1, applies: adam);
            Maybe(ref rng, "Epsilon", 1e-8, v => v > 0 && !double.IsInfinity(v), applies: adam || kind == "RmsProp");
            Maybe(ref rng, "WeightDecay", 0.01, v => v >= 0 && !double.IsInfinity(v), applies: kind == "AdamW");
            Maybe(ref rng, "Rho", 0.95, v => v >= 0 && v < 1, applies: kind == "RmsProp");
            if (Chance(ref rng, 0.2))
            {
                arguments.Add($"Nesterov = {(Chance(ref rng, 0.5) ? "true" : "false")}");
            }

            if (Chance(ref rng, 0.2))
            {
                arguments.Add($"Centered = {(Chance(ref rng, 0.5) ? "true" : "false")}");
            }

            return $"[Optimizer({string.Join(", ", arguments)})]";
        }

        private string Wrap(ref SeededRandom rng, string attributes)
        {
            // Names a real project might have: keywords (escaped), Unicode, contextual keywords; namespaces under System
            // and ModelGen, or named with a keyword. The index keeps every model's full name unique.
            string[] names = { $"Net{Index}", "@event", "@class", "@var", "@record", $"Réseau{Index}", $"Модель{Index}", "@this" };
            string[] namespaces = { $"N{Index}", $"System.N{Index}", $"ModelGen.N{Index}", $"@class.N{Index}", $"Données.N{Index}" };
            string name = names[(int)(rng.NextDouble() * names.Length)];
            string ns = namespaces[(int)(rng.NextDouble() * namespaces.Length)];
            string declaration;
            double shape = rng.NextDouble();
            if (shape < 0.82)
            {
                declaration = $"{attributes} public partial class {name} {{ }}";
            }
            else if (shape < 0.85)
            {
                declaration = $"{attributes} public class {name} {{ }}";
                _problems.Add("not partial");
            }
            else if (shape < 0.87)
            {
                declaration = $"{attributes} public partial class {name}<T> {{ }}";
                _problems.Add("generic");
            }
            else if (shape < 0.89)
            {
                declaration = $"{attributes} public partial record {name} {{ }}";
                _problems.Add("record");
            }
            else if (shape < 0.91)
            {
                declaration = $"{attributes} public partial struct {name} {{ }}";
                _problems.Add("struct");
            }
            else if (shape < 0.92)
            {
                declaration = $"{attributes} public abstract partial class {name} {{ }}";
                _problems.Add("abstract");
            }
            else if (shape < 0.93)
            {
                declaration = $"{attributes} file partial class {name} {{ }}";
                _problems.Add("file-local");
            }
            else if (shape < 0.95)
            {
                declaration = $"public partial class Outer{Index} {{ public partial class @struct {{ {attributes} public partial class {name} {{ }} }} }}";
            }
            else if (shape < 0.97)
            {
                declaration = $"public partial class Outer{Index} {{ {attributes} public partial class {name} {{ }} }}";
            }
            else
            {
                declaration = $"public class Outer{Index} {{ {attributes} public partial class {name} {{ }} }}";
                _problems.Add("container not partial");
            }

            return $"using ModelGen;\nnamespace {ns};\n{declaration}\n";
        }

        private static bool LossFits(string loss, string activation, int units) => loss switch
        {
            "BinaryCrossEntropy" => activation == "Sigmoid" && units == 1,
            "CategoricalCrossEntropy" => activation == "Softmax" && units >= 2,
            "Hinge" => activation == "Linear" && units == 1,
            _ => true,
        };

        private static int Size(ref SeededRandom rng)
        {
            double r = rng.NextDouble();
            return r < 0.94 ? 1 + rng.NextInt(24) : r < 0.96 ? 0 : r < 0.98 ? -3 : int.MaxValue;
        }

        private static bool Chance(ref SeededRandom rng, double p) => rng.NextDouble() < p;

        private static string Pick(ref SeededRandom rng, string[] values) => values[rng.NextInt(values.Length)];

        private static double PickDouble(ref SeededRandom rng) => s_oddDoubles[rng.NextInt(s_oddDoubles.Length)];

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Double(double value) => value switch
        {
            double.NaN => "double.NaN",
            double.PositiveInfinity => "double.PositiveInfinity",
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        };
    }
}
