using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Preprocessing;
using Xunit;

namespace ModelGen.Tests.Preprocessing;

public sealed class PipelineTests
{
    private const string Train = "age,plan,y\n30,basic,no\nNA,premium,yes\n50,,no\n40,basic,yes\n";

    private static TabularData Read(string text, string source = "train.csv") =>
        CsvDatasetReader.ReadTable(new StringReader(text), source, "y", "yes", new CsvOptions { CategoricalColumns = new[] { "plan" } });

    [Fact]
    public void New_raw_rows_transform_exactly_as_the_table_did()
    {
        TabularData data = Read(Train);
        FittedTabularPipeline fitted = new TabularPipeline().Fit(data);
        Dataset table = fitted.Transform(data);
        string?[][] raw = { new[] { "30", "basic" }, new[] { "NA", "premium" }, new[] { "50", "" }, new[] { "40", "basic" } };
        var row = new float[fitted.OutputSize];
        for (int n = 0; n < raw.Length; n++)
        {
            fitted.TransformRow(raw[n], row);
            Assert.Equal(table.Row(n).ToArray(), row);
        }

        fitted.TransformRow(new Dictionary<string, string?> { ["plan"] = "premium", ["age"] = "NA" }, row);
        Assert.Equal(table.Row(1).ToArray(), row);
    }

    [Fact]
    public void Unseen_categories_are_zeros_or_a_named_error()
    {
        TabularData data = Read(Train);
        var row = new float[4];
        new TabularPipeline().Fit(data).TransformRow(new[] { "35", "student" }, row);
        Assert.Equal(new[] { 0f, 0f, 0f }, row[1..]);

        FittedTabularPipeline strict = (new TabularPipeline { UnknownCategories = UnknownCategories.Error }).Fit(data);
        Assert.Contains("'student', unseen in training", Assert.Throws<ArgumentException>(() => strict.TransformRow(new[] { "35", "student" }, row)).Message);
        var error = Assert.Throws<DataFormatException>(() => strict.Transform(Read("age,plan,y\n1,basic,no\n2,gold,yes\n", "test.csv")));
        Assert.Contains("'gold'", error.Message);
        Assert.Equal(2, error.Column);
    }

    [Fact]
    public void Without_imputation_a_gap_is_an_error_at_its_line_and_column()
    {
        var error = Assert.Throws<DataFormatException>(() => new TabularPipeline { NumericImputation = NumericImputation.None }.Fit(Read(Train)));
        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.Contains("'NA'", error.Message);

        var categorical = Assert.Throws<DataFormatException>(() => new TabularPipeline { CategoricalImputation = CategoricalImputation.None }.Fit(Read(Train)));
        Assert.Equal((4, 2), (categorical.Line, categorical.Column));
        Assert.Contains("missing category", categorical.Message);
    }

    [Fact]
    public void Saved_pipeline_loads_and_transforms_identically()
    {
        TabularData data = Read(Train);
        FittedTabularPipeline fitted = new TabularPipeline { Scaling = Scaling.MinMax, NumericImputation = NumericImputation.None, CategoricalImputation = CategoricalImputation.MostFrequent }
            .Fit(Read("age,plan,y\n30,basic,no\n20,premium,yes\n50,,no\n40,basic,yes\n"));
        var stream = new MemoryStream();
        fitted.Save(stream);
        stream.Position = 0;
        FittedTabularPipeline loaded = FittedTabularPipeline.Load(stream);

        Assert.Equal(fitted.FeatureNames, loaded.FeatureNames);
        static string Describe(ColumnStep s) => $"{s.Name} {s.Kind} {s.NumericFill} {s.Offset} {s.Scale} {s.CategoryFill} {string.Join('|', s.Categories)}";
        Assert.Equal(fitted.Steps.Select(Describe), loaded.Steps.Select(Describe));
        var a = new float[fitted.OutputSize];
        var b = new float[fitted.OutputSize];
        fitted.TransformRow(new[] { "33", "" }, a);
        loaded.TransformRow(new[] { "33", "" }, b);
        Assert.Equal(a, b);
        Assert.Throws<ArgumentException>(() => loaded.TransformRow(new[] { "NA", "basic" }, b));
    }

    [Theory]
    [InlineData("{\"format\": 99, \"unknownCategories\": \"Ignore\", \"missingTokens\": [], \"columns\": []}", "newer")]
    [InlineData("{\"format\": 1}", "cannot be read")]
    [InlineData("not json", "cannot be read")]
    public void Corrupt_pipeline_files_are_refused(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => FittedTabularPipeline.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Scalers_match_their_definitions_and_never_divide_by_zero()
    {
        var data = new Dataset(new float[] { 1, 5, 3, 5, 5, 5 }, new float[] { 0, 1, 0 }, new[] { "a", "constant" });
        Dataset minMax = MinMaxScaler.Fit(data).Transform(data);
        Assert.Equal(new float[] { 0, 0, 0.5f, 0, 1, 0 }, minMax.Features.ToArray());
        Dataset standard = StandardScaler.Fit(data).Transform(data);
        float std = MathF.Sqrt(8f / 3f);
        Assert.Equal(new[] { -2 / std, 0, 0, 0, 2 / std, 0 }, standard.Features.ToArray());
    }
}
