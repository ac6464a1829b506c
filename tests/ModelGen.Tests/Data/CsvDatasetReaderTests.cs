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
    public void An_unterminated_quote_is_reported_where_it_opens_in_ModelGens_words()
    {
        // 100 rows with the quote left open on line 20: a parser that reads to the end reports line 102.
        var text = new System.Text.StringBuilder("a,y\n");
        for (int row = 2; row <= 101; row++)
        {
            text.Append(row == 20 ? "\"7,yes\n" : "1,no\n");
        }

        DataFormatException error = Fails(text.ToString());
        Assert.Equal(20, error.Line);
        Assert.Contains("never closed", error.Message);
        Assert.Contains("data.csv, line 20", error.Message);
        Assert.DoesNotContain("BadData", error.Message);
        Assert.DoesNotContain("Exception", error.Message);
    }

    [Theory]
    [InlineData("a,y\n1,yes\n2x\"3,no\n", 3, "inside an unquoted field")]
    [InlineData("a,y\n\"1\"2,yes\n", 2, "follows the closing quote")]
    public void Stray_quotes_are_reported_at_their_line(string text, int line, string problem)
    {
        DataFormatException error = Fails(text);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Quoted_fields_may_hold_delimiters_quotes_and_line_breaks()
    {
        TabularData table = CsvDatasetReader.ReadTable(new StringReader("name,a,y\r\n\"x, \"\"q\"\"\n2\",1,yes\r\n\"z\",2,no\r\n"), "data.csv", "y", "yes",
            new CsvOptions { CategoricalColumns = new[] { "name" } });
        Assert.Equal(2, table.Count);
        Assert.Equal(new[] { "x, \"q\"\n2", "z" }, table["name"].Categories);
        Assert.Equal(new[] { 1f, 2f }, table["a"].Numbers);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-inf")]
    [InlineData("+inf")]
    [InlineData("Infinity")]
    [InlineData("-INF")]
    public void Infinity_spellings_are_infinities_not_text(string token)
    {
        // Numeric data rejects them as it rejects "Infinity": with the message about non-finite values, not about categories.
        DataFormatException error = Fails($"a,y\n1,yes\n{token},no\n");
        Assert.DoesNotContain("CategoricalColumns", error.Message);
        TabularData table = CsvDatasetReader.ReadTable(new StringReader($"a,y\n1,yes\n{token},no\n"), "data.csv", "y", "yes", new CsvOptions());
        Assert.True(table["a"].IsMissing(1));
    }

    [Fact]
    public void A_duplicate_column_name_names_the_file_and_both_columns()
    {
        DataFormatException error = Fails("a,b,a,y\n1,2,3,yes\n");
        Assert.Equal("data.csv", error.File);
        Assert.Contains("columns 1 and 3", error.Message);
    }

    [Fact]
    public void A_semicolon_file_read_with_commas_suggests_the_delimiter()
    {
        DataFormatException error = Fails("a;b;y\n1;2;yes\n");
        Assert.Contains("CsvOptions.Delimiter = \";\"", error.Message);
    }

    [Fact]
    public void A_directory_is_named_as_a_directory()
    {
        string directory = Directory.CreateTempSubdirectory().FullName;
        var error = Assert.Throws<FileNotFoundException>(() => Dataset.FromCsv(directory, "y", "M"));
        Assert.Contains("is a directory", error.Message);
    }

    [Fact]
    public void Missing_file_says_which()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Dataset.FromCsv("/nonexistent/cancer.csv", "y", "M"));
        Assert.Contains("/nonexistent/cancer.csv", error.Message);
    }
}
