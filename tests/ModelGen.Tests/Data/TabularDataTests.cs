using System;
using System.IO;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

public sealed class TabularDataTests
{
    private static TabularData Read(string text, string positive = "yes", CsvOptions? options = null) =>
        CsvDatasetReader.ReadTable(new StringReader(text), "data.csv", "y", positive, options ?? new CsvOptions { CategoricalColumns = new[] { "color" } });

    [Fact]
    public void Keeps_gaps_and_categories_for_the_pipeline()
    {
        TabularData data = Read("a,color,y\n1.5,red,yes\nNA,,no\n-Infinity,blue,yes\n");

        Assert.Equal(ColumnKind.Numeric, data["a"].Kind);
        Assert.Equal(1.5f, data["a"].Numbers![0]);
        Assert.True(data["a"].IsMissing(1));
        Assert.True(data["a"].IsMissing(2));
        Assert.Equal(new[] { "red", null, "blue" }, data["color"].Categories);
        Assert.Equal(new[] { 1f, 0f, 1f }, data.Labels.ToArray());
        Assert.Contains("'a', 'color'", Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => data["b"]).Message);
    }

    [Fact]
    public void Converting_with_a_gap_or_a_category_left_names_where()
    {
        var gap = Assert.Throws<DataFormatException>(() => Read("a,y\n1,yes\n2,no\n?,yes\n", options: new CsvOptions()).ToDataset());
        Assert.Equal((4, 1), (gap.Line, gap.Column));
        Assert.Contains("'?'", gap.Message);
        Assert.Contains("TabularPipeline", gap.Message);

        var category = Assert.Throws<DataFormatException>(() => Read("a,color,y\n1,red,yes\n2,blue,no\n").ToDataset());
        Assert.Equal(2, category.Column);
        Assert.Contains("one-hot", category.Message);
    }

    [Fact]
    public void Text_in_a_numeric_column_suggests_declaring_it_categorical()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a,b,y\n1,red,yes\n", options: new CsvOptions()));
        Assert.Contains("'red'", error.Message);
        Assert.Equal((2, 2), (error.Line, error.Column));
        Assert.Contains("CategoricalColumns", error.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("1e0")]
    public void Positive_class_by_number_matches_any_spelling(string positive)
    {
        TabularData data = Read("a,y\n1,1\n2,0.0\n3,1.00\n4,0\n", positive, new CsvOptions());
        Assert.Equal(new[] { 1f, 0f, 1f, 0f }, data.Labels.ToArray());
        Assert.Equal("1", data.PositiveClass);
        Assert.Equal("0.0", data.NegativeClass);
    }

    [Fact]
    public void Positive_versus_rest_merges_every_other_class_only_when_asked()
    {
        const string Digits = "a,y\n1,5\n2,3\n3,5\n4,7\n";
        var error = Assert.Throws<DataFormatException>(() => Read(Digits, "5", new CsvOptions()));
        Assert.Contains("PositiveVersusRest", error.Message);

        TabularData data = Read(Digits, "5", new CsvOptions { PositiveVersusRest = true });
        Assert.Equal(new[] { 1f, 0f, 1f, 0f }, data.Labels.ToArray());
        Assert.Equal("not 5", data.NegativeClass);
    }

    [Fact]
    public void A_missing_label_is_an_error()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a,y\n1,yes\n2,NA\n", options: new CsvOptions()));
        Assert.Equal((3, 2), (error.Line, error.Column));
        Assert.Contains("label 'y' is missing", error.Message);
    }

    [Fact]
    public void Split_keeps_rows_labels_and_source_lines_together()
    {
        TabularData data = Read("a,color,y\n1,red,yes\n2,red,no\n3,blue,yes\n4,,no\n5,red,yes\n6,blue,no\n");
        (TabularData train, TabularData test) = data.Split(0.5, seed: 2);
        Assert.Equal(6, train.Count + test.Count);
        foreach (TabularData part in new[] { train, test })
        {
            for (int i = 0; i < part.Count; i++)
            {
                int original = (int)part["a"].Numbers![i] - 1;
                Assert.Equal(data.Labels[original], part.Labels[i]);
                Assert.Equal(data["color"].Categories![original], part["color"].Categories![i]);
            }
        }
    }

    [Fact]
    public void In_memory_arrays_make_a_dataset()
    {
        Dataset data = Dataset.FromArrays(new[] { new[] { 1f, 2f }, new[] { 3f, 4f } }, new[] { 0, 1 });
        Assert.Equal(new[] { "x0", "x1" }, data.FeatureNames);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, data.Features.ToArray());
        Assert.Throws<ArgumentException>(() => Dataset.FromArrays(new[] { new[] { 1f }, new[] { 3f, 4f } }, new[] { 0, 1 }));
    }
}
