using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generators.Tests.Infrastructure;
using ModelGen.Data;
using ModelGen.Persistence;
using Xunit;

namespace ModelGen.Generators.Tests.Generation;

/// <summary>
/// <c>[Model]</c>'s files: trained weights baked in as constants and the feature record from a CSV header, generated
/// from <c>AdditionalFiles</c> items; a missing or bad file costs the baked members and nothing else.
/// </summary>
public sealed class ModelFilesTests
{
    private const string Architecture = """
        [Input(3)]
        [Dense(2, Activation.Relu)]
        [Dense(1, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        """;

    private const string Header = "mean radius,\"2nd, quoted\",label,mean_radius\n1,2,0,3\n";

    private static string Declaration(string model = "[Model(Weights = \"weights/tiny.mgwt\", FeatureHeader = \"tiny.csv\", LabelColumn = \"label\")]") =>
        "using ModelGen;\nnamespace Samples;\n" + model + "\n" + Architecture + "\npublic partial class Tiny { }\n";

    private static (string Text, float[] Parameters) SavedWeights(int seed) =>
        SavedModelWeights.Of(Declaration(model: ""), "Samples.Tiny", seed);

    private static AdditionalText[] Files(string weights, string header = Header) => new AdditionalText[]
    {
        new InMemoryAdditionalText("/project/weights/tiny.mgwt", weights),
        new InMemoryAdditionalText("/project/data/tiny.csv", header),
    };

    [Fact]
    public void Snapshot_of_baked_weights_and_the_feature_record()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { Declaration() }, Files(SavedWeights(seed: 5).Text));
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationErrors);
        Snapshot.Verify(outcome.Source("Samples.Tiny.g.cs"), nameof(ModelFilesTests));
    }

    [Fact]
    public void CreateTrained_holds_the_saved_parameters_bit_for_bit_and_the_record_predicts_like_the_span()
    {
        (string text, float[] saved) = SavedWeights(seed: 5);
        Type type = GeneratorHarness.Load(GeneratorHarness.Run(new[] { Declaration() }, Files(text))).GetType("Samples.Tiny")!;

        var trained = (IGradientModel)type.GetMethod("CreateTrained")!.Invoke(null, null)!;
        Assert.Equal(saved.Select(BitConverter.SingleToInt32Bits), trained.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));

        Type features = type.GetNestedType("Features")!;
        Assert.Equal(new[] { "MeanRadius", "F2ndQuoted", "MeanRadius_2" }, features.GetConstructors().Single().GetParameters().Select(p => p.Name));
        Assert.Equal(new[] { "mean radius", "2nd, quoted", "mean_radius" }, (System.Collections.Generic.IReadOnlyList<string>)features.GetProperty("Names")!.GetValue(null)!);
        object record = Activator.CreateInstance(features, 0.5f, -1f, 2f)!;
        MethodInfo predictRecord = type.GetMethods().Single(m => m.Name == "Predict" && m.GetParameters() is [{ } only] && only.ParameterType == features.MakeByRefType());
        Assert.Equal(trained.Predict(new[] { 0.5f, -1f, 2f }), (float)predictRecord.Invoke(trained, new[] { record })!);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    [InlineData("other architecture")]
    [InlineData("binary")]
    public void A_bad_weights_file_leaves_a_working_model_whose_CreateTrained_throws(string problem)
    {
        string good = SavedWeights(seed: 5).Text;
        AdditionalText[] files = problem switch
        {
            "missing" => Files(good).Skip(1).ToArray(),
            "corrupt" => Files(good.Replace("parameters: 11", "parameters: 12")),
            "other architecture" => Files(good.Replace("Dense(2, Relu)", "Dense(3, Relu)")),
            _ => Files("\0\u0001MGW1\u0002"),
        };

        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { Declaration() }, files);

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationErrors);
        string source = outcome.Source("Samples.Tiny.g.cs");
        Assert.DoesNotContain("TrainedParameters", source);
        Assert.Contains("public static Tiny CreateTrained() => throw new global::System.InvalidOperationException(", source); // no CS0117 in user code
        Assert.Contains("public readonly record struct Features", source);
    }

    [Fact]
    public void Editing_data_rows_of_the_header_file_regenerates_nothing_and_editing_the_header_does()
    {
        AdditionalText[] files = Files(SavedWeights(seed: 5).Text);
        CSharpCompilation compilation = GeneratorHarness.Compile(Declaration());
        GeneratorDriver driver = GeneratorHarness.CreateDriver(true, files).RunGenerators(compilation);

        GeneratorDriver rowsEdited = driver.ReplaceAdditionalText(files[1], new InMemoryAdditionalText(files[1].Path, Header + "4,5,1,6\n"));
        GeneratorRunResult second = rowsEdited.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        GeneratorDriver headerEdited = driver.ReplaceAdditionalText(files[1], new InMemoryAdditionalText(files[1].Path, Header.Replace("mean radius", "area")));
        GeneratorRunResult third = headerEdited.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Contains(third.TrackedSteps[ModelGenerator.FilesStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("float Area", third.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void A_header_path_matches_only_whole_path_segments()
    {
        AdditionalText[] files =
        {
            new InMemoryAdditionalText("/project/weights/tiny.mgwt", SavedWeights(seed: 5).Text),
            new InMemoryAdditionalText("/project/data/notiny.csv", Header),
        };

        string source = GeneratorHarness.Run(new[] { Declaration() }, files).Source("Samples.Tiny.g.cs");

        Assert.DoesNotContain("record struct Features", source);
        Assert.Contains("CreateTrained", source);
    }

    [Theory]
    [InlineData(",", "mean radius,\"2nd, quoted\",label,\" spaced \"\n")]
    [InlineData(";", "mean radius;\"2nd; \"\"quoted\"\"\";label;\" spaced \"\n")]
    [InlineData("\t", "mean radius\t2nd\tlabel\t spaced \n")]
    public void The_build_reads_a_header_as_the_run_time_reader_does(string delimiter, string header)
    {
        string model = $"[Model(FeatureHeader = \"tiny.csv\", LabelColumn = \"label\", Delimiter = {Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(delimiter, quote: true)})]";
        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { Declaration(model) }, new AdditionalText[] { new InMemoryAdditionalText("/p/tiny.csv", header + "1,2,0,3\n") });
        Type type = GeneratorHarness.Load(outcome).GetType("Samples.Tiny")!;
        var names = (System.Collections.Generic.IReadOnlyList<string>)type.GetNestedType("Features")!.GetProperty("Names")!.GetValue(null)!;

        // The run-time reader, given the same delimiter, names the same feature columns.
        TabularData table = ModelGen.Data.CsvDatasetReader.ReadTable(new System.IO.StringReader(header + string.Join(delimiter, "1", "2", "0", "3") + "\n1,2,1,3".Replace(",", delimiter) + "\n"),
            "tiny.csv", "label", "1", new ModelGen.Data.CsvOptions { Delimiter = delimiter, CategoricalColumns = Array.Empty<string>() });
        Assert.Equal(table.Columns.Select(c => c.Name), names);
    }

    [Fact]
    public void A_header_with_an_unclosed_quote_is_MG0027_with_its_position()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new[] { Declaration("[Model(FeatureHeader = \"tiny.csv\", LabelColumn = \"label\")]") },
            new AdditionalText[] { new InMemoryAdditionalText("/p/tiny.csv", "a,\"b,label,c\n1,2,0,3\n") });
        Assert.DoesNotContain("record struct Features", outcome.Source("Samples.Tiny.g.cs"));
        Assert.Empty(outcome.CompilationErrors);
    }
}
