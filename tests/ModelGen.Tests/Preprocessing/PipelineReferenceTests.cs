using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ModelGen.Data;
using ModelGen.Preprocessing;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Preprocessing;

/// <summary>
/// Every imputation × scaling combination against scikit-learn's <c>ColumnTransformer</c> of SimpleImputer, scaler and
/// OneHotEncoder(handle_unknown="ignore") on a small churn table with gaps, an unseen plan and an unseen region
/// (<c>Reference/make_preprocessing_references.py</c>).
/// </summary>
public sealed class PipelineReferenceTests
{
    private static readonly JsonElement[] s_cases = ReferenceCases.Load("Preprocessing", "Reference", "preprocessing_references.json");

    private static readonly CsvOptions Csv = new() { CategoricalColumns = new[] { "plan", "region" } };

    public static IEnumerable<object[]> Cases() => s_cases.Select(c => new object[]
    {
        c.GetProperty("numeric").GetString()!, c.GetProperty("categorical").GetString()!, c.GetProperty("scaling").GetString()!,
    });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn(string numeric, string categorical, string scaling)
    {
        JsonElement c = s_cases.Single(x => x.GetProperty("numeric").GetString() == numeric && x.GetProperty("categorical").GetString() == categorical && x.GetProperty("scaling").GetString() == scaling);
        var pipeline = new TabularPipeline
        {
            NumericImputation = numeric switch { "mean" => NumericImputation.Mean, "median" => NumericImputation.Median, "most_frequent" => NumericImputation.MostFrequent, _ => NumericImputation.Constant },
            NumericFillValue = -1f,
            CategoricalImputation = categorical == "constant" ? CategoricalImputation.Constant : CategoricalImputation.MostFrequent,
            Scaling = scaling switch { "standard" => Scaling.Standard, "minmax" => Scaling.MinMax, _ => Scaling.None },
        };
        TabularData train = TabularData.FromCsv(ReferenceCases.File("Preprocessing", "Reference", "pipeline_train.csv"), "churned", "yes", Csv);
        TabularData test = TabularData.FromCsv(ReferenceCases.File("Preprocessing", "Reference", "pipeline_test.csv"), "churned", "yes", Csv);

        FittedTabularPipeline fitted = pipeline.Fit(train);

        Assert.Equal(c.GetProperty("feature_names").EnumerateArray().Select(n => n.GetString()), fitted.FeatureNames);
        AssertRows(c.GetProperty("train"), fitted.Transform(train));
        AssertRows(c.GetProperty("test"), fitted.Transform(test));
    }

    private static void AssertRows(JsonElement expected, Dataset actual)
    {
        double[][] rows = expected.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(rows.Length, actual.Count);
        for (int n = 0; n < rows.Length; n++)
        {
            for (int f = 0; f < rows[n].Length; f++)
            {
                double tolerance = 1e-5 * Math.Max(1, Math.Abs(rows[n][f]));
                Assert.True(Math.Abs(rows[n][f] - actual.Row(n)[f]) <= tolerance, $"row {n}, feature {actual.FeatureNames[f]}: expected {rows[n][f]}, got {actual.Row(n)[f]}");
            }
        }
    }
}
