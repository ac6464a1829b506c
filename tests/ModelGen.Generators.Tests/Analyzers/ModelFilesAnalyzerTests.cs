using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Generators.Tests.Analyzers;

/// <summary>MG0025–MG0029: what is wrong with the files <c>[Model]</c> names, reported on the argument that names them.</summary>
public sealed class ModelFilesAnalyzerTests
{
    private const string Net = """
        [Input(2)] [Dense(1, Activation.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Net { }
        """;

    private static readonly string s_weights = SavedModelWeights.Of("using ModelGen;\n" + Net, "Net", seed: 2).Text;

    private static Task Verify(string model, params (string Path, string Text)[] files) =>
        AnalyzerHarness.VerifyAsync("using ModelGen;\n" + model + "\n" + Net, files);

    [Fact]
    public Task Usable_files_get_no_diagnostic() => Verify(
        """[Model(Weights = "net.mgwt", FeatureHeader = "data/net.csv", LabelColumn = "y")]""",
        ("/p/net.mgwt", s_weights), ("/p/data/net.csv", "a,y,b\n1,0,2\n"));

    [Fact]
    public Task MG0025_file_that_is_not_an_additional_file() => Verify(
        """[Model({|MG0025:Weights = "net.mgwt"|}, {|MG0025:FeatureHeader = "net.csv"|})]""",
        ("/p/other.mgwt", s_weights), ("/p/old-net.csv", "a,b\n"));

    [Fact]
    public Task MG0026_binary_weights_or_a_header_that_is_not_csv() => Verify(
        """[Model({|MG0026:Weights = "net.mgw"|}, {|MG0026:FeatureHeader = "net.txt"|})]""");

    [Fact]
    public Task MG0027_corrupt_weights_and_a_missing_label_column() => Verify(
        """[Model({|MG0027:Weights = "net.mgwt"|}, FeatureHeader = "net.csv", {|MG0027:LabelColumn = "label"|})]""",
        ("/p/net.mgwt", System.Text.RegularExpressions.Regex.Replace(s_weights, "crc32: [0-9a-f]{8}", "crc32: 00000000")), ("/p/net.csv", "a,b,y\n"));

    [Fact]
    public Task MG0027_a_header_that_is_not_valid_CSV() => Verify(
        """[Model({|MG0027:FeatureHeader = "net.csv"|})]""", ("/p/net.csv", "a,\"b\n1,2\n"));

    [Fact]
    public Task MG0027_a_delimiter_that_is_not_one_character() => Verify(
        """[Model(FeatureHeader = "net.csv", {|MG0027:Delimiter = ";;"|})]""", ("/p/net.csv", "a;;b\n"));

    [Fact]
    public Task A_semicolon_header_with_its_delimiter_is_valid() => Verify(
        """[Model(FeatureHeader = "net.csv", LabelColumn = "y", Delimiter = ";")]""", ("/p/net.csv", "\"a;1\";y;b\n"));

    [Fact]
    public Task MG0028_MG0029_weights_of_another_model_and_a_header_of_another_width() => Verify(
        """[Model({|MG0028:Weights = "net.mgwt"|}, {|MG0029:FeatureHeader = "net.csv"|})]""",
        ("/p/net.mgwt", s_weights.Replace("Input(2)", "Input(3)")), ("/p/net.csv", "a,b,y\n"));

    [Fact]
    public async Task Messages_say_what_is_wrong_and_what_to_do()
    {
        var compilation = GeneratorHarness.Compile("using ModelGen;\n" + """
            [Model(Weights = "net.mgwt", FeatureHeader = "net.csv", LabelColumn = "y")]
            """ + Net);
        var files = ImmutableArray.Create<AdditionalText>(
            new InMemoryAdditionalText("/p/net.mgwt", s_weights.Replace("Dense(1, Sigmoid)", "Dense(1, Linear)")),
            new InMemoryAdditionalText("/p/net.csv", "a,y\n"));
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelGen.Generators.Analyzers.ModelAnalyzer()), new AnalyzerOptions(files))
            .GetAnalyzerDiagnosticsAsync();

        string[] messages = diagnostics.OrderBy(d => d.Id).Select(d => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(new[]
        {
            "MG0028: 'net.mgwt' holds 3 parameters of 'Input(2) -> Dense(1, Linear) | BinaryCrossEntropy', but this model is 'Input(2) -> Dense(1, Sigmoid) | BinaryCrossEntropy' with 3; save the weights of this model again, or declare the architecture they were trained with",
            "MG0029: 'net.csv' names 1 columns besides the label column 'y', but the model's input has 2 features; fix [Input], the header, or LabelColumn",
        }, messages);
    }
}
