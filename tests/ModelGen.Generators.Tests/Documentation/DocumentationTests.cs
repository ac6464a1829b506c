using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Documentation;

/// <summary>
/// The README and docs/ say only what compiles: every C# block builds with the generator against the real runtime, and
/// every diagnostic's help link lands on an anchor of docs/diagnostics.md.
/// </summary>
public sealed class DocumentationTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string, int> CodeBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (string page in Pages())
        {
            for (int i = 0; i < Blocks(page).Count; i++)
            {
                data.Add(Path.GetRelativePath(Root, page), i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CodeBlocks))]
    public void Every_csharp_block_compiles(string page, int index)
    {
        (int line, string code) = Blocks(Path.Combine(Root, page))[index];
        string source = AsCompilationUnit(code);
        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { Prelude, Models(source), source }, Array.Empty<AdditionalText>(), serving: true);
        var errors = outcome.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{page}, the block at line {line}, does not compile:\n" + string.Join("\n", errors) + "\n\n" + source);
    }

    [Fact]
    public void Every_help_link_lands_on_an_anchor_of_docs_diagnostics()
    {
        string diagnostics = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics.md"));
        var descriptors = (IEnumerable<DiagnosticDescriptor>)typeof(ModelGenerator).Assembly
            .GetType("ModelGen.Generators.Diagnostics.Descriptors", throwOnError: true)!.GetProperty("All")!.GetValue(null)!;
        Assert.All(descriptors, d =>
        {
            Assert.Equal($"docs/diagnostics.md#{d.Id.ToLowerInvariant()}", d.HelpLinkUri);
            Assert.Contains($"<a id=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id}", diagnostics);
        });
    }

    [Fact]
    public void Every_docs_page_is_linked_from_the_readme()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.All(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"), page => Assert.Contains($"(docs/{Path.GetFileName(page)})", readme));
    }

    /// <summary>
    /// A block as one file: its using directives, its type declarations, and its statements inside a method of a class
    /// that holds the names the docs use without declaring them (the data a section's earlier lines prepared).
    /// </summary>
    private static string AsCompilationUnit(string code)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, GeneratorHarness.ParseOptions).GetRoot();
        // A block is whole C# on its own: a fragment such as an attribute without its class would attach to whatever
        // follows it here and prove nothing.
        // Statements after the declarations they use read naturally and are moved into a method below (CS8803 aside).
        Assert.Empty(root.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8803").Select(d => d.ToString()));
        Assert.Empty(root.Members.OfType<IncompleteMemberSyntax>().Select(m => m.ToString()));
        string usings = string.Concat(root.Usings.Select(u => u.ToFullString()));
        string statements = string.Concat(root.Members.OfType<GlobalStatementSyntax>().Select(s => s.ToFullString()));
        string types = string.Concat(root.Members.Where(m => m is not GlobalStatementSyntax).Select(m => m.ToFullString()));
        return $"{usings}\n{types}\npartial class DocumentationContext\n{{\n    void Block()\n    {{\n{statements}\n    }}\n}}\n";
    }

    /// <summary>The models the docs use by name, declared for blocks that use them without declaring them.</summary>
    private static string Models(string source)
    {
        var models = new Dictionary<string, string>
        {
            ["CancerNet"] = "[Input(30)] [Dense(16, Activation.Relu)] [Dense(8, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class CancerNet { }",
            ["CancerBoost"] = "[Input(30)] [GradientBoostedTrees] public partial class CancerBoost { }",
            ["CancerForest"] = "[Input(30)] [RandomForest] public partial class CancerForest { }",
            ["ChurnNet"] = "[Input(12)] [Dense(8, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class ChurnNet { }",
            ["Net"] = "[Input(30)] [Dense(8, Activation.Relu)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class Net { }",
            ["Logistic"] = "[Input(30)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class Logistic { }",
        };
        return string.Join("\n", models
            .Where(m => Regex.IsMatch(source, $@"\b{m.Key}\b") && !Regex.IsMatch(source, $@"class\s+{m.Key}\b"))
            .Select(m => m.Value));
    }

    /// <summary>Global usings of every runtime namespace, and the names the docs' fragments take from their context.</summary>
    private const string Prelude = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using ModelGen;
        global using ModelGen.Calibration;
        global using ModelGen.Data;
        global using ModelGen.Evaluation;
        global using ModelGen.Numerics;
        global using ModelGen.Persistence;
        global using ModelGen.Preprocessing;
        global using ModelGen.Reporting;
        global using ModelGen.Sampling;
        global using ModelGen.Selection;
        global using ModelGen.Training;
        global using ModelGen.Training.Callbacks;
        global using ModelGen.Svm;
        global using ModelGen.Trees;
        global using ModelGen.Monitoring;
        global using ModelGen.Explaining;
        global using ModelGen.Serving;
        global using Microsoft.AspNetCore.Builder;

        #pragma warning disable CS0169, CS0414, CS0649 // the context's names are there to be used, not every block uses them
        partial class DocumentationContext
        {
            Dataset train = null!, test = null!, data = null!, validation = null!;
            TabularData trainRaw = null!, testRaw = null!, raw = null!;
            float[] features = null!, scores = null!, labels = null!, validationScores = null!;
            Stream stream = null!;
            BinaryReport report = null!;
            History history = null!;
            float threshold;
            FittedTabularPipeline pipeline = null!;
            IGradientModel model = null!;
            Classifier classifier = null!;
            string[] args = null!;
        }
        """;

    private static IEnumerable<string> Pages() =>
        new[] { Path.Combine(Root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").OrderBy(p => p, StringComparer.Ordinal));

    /// <summary>Each <c>```csharp</c> block of a page, with the line it starts on.</summary>
    private static List<(int Line, string Code)> Blocks(string page)
    {
        string[] lines = File.ReadAllLines(page);
        var blocks = new List<(int, string)>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "```csharp")
            {
                int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                blocks.Add((i + 1, string.Join("\n", lines[(i + 1)..end])));
                i = end;
            }
        }

        return blocks;
    }

    private static string FindRoot()
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
