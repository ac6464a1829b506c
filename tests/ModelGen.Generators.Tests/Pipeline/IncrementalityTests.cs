using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Pipeline;

/// <summary>An edit that does not touch a model re-emits nothing, and no Roslyn object leaks into the pipeline.</summary>
public sealed class IncrementalityTests
{
    private const string Model = """
        using ModelGen;
        namespace Samples;
        [Input(30)]
        [Dense(16, Activation.Relu)]
        [Dense(1, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        public partial class CachedNet { }
        """;

    [Fact]
    public void Unrelated_edit_leaves_every_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Model, "namespace Other; public class Unrelated { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();

        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(unrelated,
            unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace Other; public class Unrelated { public int Field; }")));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Single(first.GeneratedSources);
        var steps = second.TrackedSteps[ModelGenerator.SpecStep].Concat(second.TrackedSteps[ModelGenerator.PlanStep]).ToList();
        Assert.NotEmpty(second.TrackedSteps[ModelGenerator.PlanStep]);
        foreach (IncrementalGeneratorRunStep step in steps)
        {
            Assert.All(step.Outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step.Name} output was {output.Reason}"));
        }

        foreach (IncrementalGeneratorRunStep step in second.TrackedOutputSteps.SelectMany(s => s.Value))
        {
            Assert.All(step.Outputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }
    }

    [Fact]
    public void Editing_the_model_regenerates_it()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Model);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From(Model.Replace("Dense(16", "Dense(17"))));

        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[ModelGenerator.SpecStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Dense(17, Relu)", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void No_roslyn_object_sits_in_a_step_output()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Model);
        GeneratorRunResult result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[ModelGenerator.SpecStep])
        {
            foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
            {
                AssertNoRoslynObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step.Name ?? "step");
            }
        }
    }

    private static readonly Type[] s_forbidden = { typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(SyntaxTree) };

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Type type = value.GetType();
        Assert.False(s_forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.Name}");
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, seen, $"{path}[{i++}]");
            }
        }

        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoRoslynObjects(field.GetValue(value), seen, $"{path}.{field.Name}");
            }
        }
    }
}
