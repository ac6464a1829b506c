using System.IO;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Tests.Data;

/// <summary>Valid CSV loads exactly; every kind of bad input names file, line and column.</summary>
public sealed class CsvDatasetReaderTests
{
    private static Dataset Read(string text, string label = "y", string positive = "yes", CsvOptions? options = null) =>
        CsvDatasetReader.Read(new StringReader(text), "data.csv", label, positive, options ?? new CsvOptions());

    private static DataFormatException Fails(string text, string label = "y", string positive = "yes") =>
        Assert.Throws<DataFormatException>(() => Read(text, label, positive));

    [Fact]
    public void Reads_features_labels_and_names()
    {
        Dataset data = Read("a,y,b\n1.5,yes,-2e-1\n3,no,4\n\"5\",yes,6\n");

        Assert.Equal(new[] { "a", "b" }, data.FeatureNames);
        Assert.Equal(new[] { 1.5f, -0.2f, 3f, 4f, 5f, 6f }, data.Features.ToArray());
        Assert.Equal(new[] { 1f, 0f, 1f }, data.Labels.ToArray());
        Assert.Equal("yes", data.PositiveClass);
        Assert.Equal("no", data.NegativeClass);
    }

    [Fact]
    public void Reads_chosen_columns_with_another_delimiter()
    {
        Dataset data = Read("a;b;y\n1;2;yes\n3;4;no\n", options: new CsvOptions { Delimiter = ";", FeatureColumns = new[] { "b" } });
        Assert.Equal(new[] { 2f, 4f }, data.Features.ToArray());
    }

    [Fact]
    public void Ragged_row_names_its_line()
    {
        DataFormatException error = Fails("a,b,y\n1,2,yes\n3,no\n");
        Assert.Equal(3, error.Line);
        Assert.Contains("expected 3 fields", error.Message);
        Assert.StartsWith("data.csv, line 3", error.Message);
    }

    [Fact]
    public void Non_numeric_cell_names_line_and_column()
    {
        DataFormatException error = Fails("a,b,y\n1,2,yes\n3,abc,no\n");
        Assert.Equal((3, 2), (error.Line, error.Column));
        Assert.Contains("'b'", error.Message);
        Assert.Contains("'abc'", error.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e39")]
    public void Non_finite_numbers_are_rejected(string cell)
    {
        DataFormatException error = Fails($"a,y\n1,yes\n{cell},no\n");
        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.Contains("not a finite number", error.Message);
    }

    [Fact]
    public void Decimal_comma_is_not_read_as_a_number()
    {
        DataFormatException error = Fails("a,y\n\"1,5\",yes\n2,no\n");
        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Contains("'1,5'", error.Message);
    }

    [Fact]
    public void Missing_label_column_lists_the_header()
    {
        DataFormatException error = Fails("a,b\n1,2\n", label: "diagnosis");
        Assert.Equal(1, error.Line);
        Assert.Contains("no label column 'diagnosis'", error.Message);
        Assert.Contains("'a', 'b'", error.Message);
    }

    [Fact]
    public void Third_class_is_rejected_where_it_appears()
    {
        DataFormatException error = Fails("a,y\n1,yes\n2,no\n3,maybe\n");
        Assert.Equal((4, 2), (error.Line, error.Column));
        Assert.Contains("third class 'maybe'", error.Message);
    }

    [Fact]
    public void Absent_positive_class_is_rejected()
    {
        DataFormatException error = Fails("a,y\n1,B\n2,M\n", positive: "malignant");
        Assert.Contains("never holds the positive class 'malignant'", error.Message);
    }

    [Fact]
    public void Single_class_is_rejected()
    {
        DataFormatException error = Fails("a,y\n1,yes\n2,yes\n");
        Assert.Contains("needs examples of two classes", error.Message);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("a,y\n", "no data rows")]
    public void Empty_input_is_rejected(string text, string expected)
    {
        Assert.Contains(expected, Fails(text).Message);
    }

    [Fact]
    public void Malformed_quotes_are_reported_with_their_line()
    {
        DataFormatException error = Fails("a,y\n1,yes\n2,\"no\n3,yes\n");
        Assert.True(error.Line >= 3, error.Message);
        Assert.Contains("malformed", error.Message);
    }

    [Fact]
    public void Missing_file_says_which()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Dataset.FromCsv("/nonexistent/cancer.csv", "y", "M"));
        Assert.Contains("/nonexistent/cancer.csv", error.Message);
    }
}
