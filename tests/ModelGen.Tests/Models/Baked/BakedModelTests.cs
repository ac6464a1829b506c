using System;
using System.IO;
using System.Linq;
using ModelGen.Data;
using ModelGen.Persistence;
using Xunit;

namespace ModelGen.Tests.Models.Baked;

/// <summary>Weights baked in at build time from an <c>AdditionalFiles</c> item, and the feature record from a CSV header.</summary>
public sealed class BakedModelTests
{
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Models", "Baked", "cancer-net.mgwt");

    private static string Data => Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");

    [Fact]
    public void Baked_and_loaded_models_predict_bit_identically_on_every_sample()
    {
        BakedCancerNet baked = BakedCancerNet.CreateTrained();
        var loaded = new BakedCancerNet(seed: 3);
        TextWeightsFile.Load(loaded, Fixture);
        Dataset data = Dataset.FromCsv(Data, "diagnosis", positive: "M");

        Assert.Equal(BitsOf(loaded.Parameters.ToArray()), BitsOf(baked.Parameters.ToArray()));
        for (int n = 0; n < data.Count; n++)
        {
            ReadOnlySpan<float> row = data.Features.Slice(n * data.FeatureCount, data.FeatureCount);
            Assert.Equal(BitConverter.SingleToInt32Bits(loaded.Predict(row)), BitConverter.SingleToInt32Bits(baked.Predict(row)));
        }
    }

    [Fact]
    public void Baked_parameters_are_the_trained_ones_not_an_initialization()
    {
        Assert.NotEqual(new BakedCancerNet().Parameters.ToArray(), BakedCancerNet.TrainedParameters.ToArray());
        Assert.NotSame(BakedCancerNet.CreateTrained().Parameters.ToArray(), BakedCancerNet.CreateTrained().Parameters.ToArray());
    }

    [Fact]
    public void Feature_record_is_named_after_the_header_and_predicts_like_the_raw_row()
    {
        Assert.Equal(30, BakedCancerNet.Features.Names.Count);
        Assert.Equal("mean_radius", BakedCancerNet.Features.Names[0]);
        Assert.DoesNotContain("diagnosis", BakedCancerNet.Features.Names);
        Dataset data = Dataset.FromCsv(Data, "diagnosis", positive: "M");
        float[] row = data.Features[..30].ToArray();
        var features = new BakedCancerNet.Features(
            MeanRadius: row[0], MeanTexture: row[1], MeanPerimeter: row[2], MeanArea: row[3], MeanSmoothness: row[4],
            MeanCompactness: row[5], MeanConcavity: row[6], MeanConcavePoints: row[7], MeanSymmetry: row[8], MeanFractalDimension: row[9],
            RadiusError: row[10], TextureError: row[11], PerimeterError: row[12], AreaError: row[13], SmoothnessError: row[14],
            CompactnessError: row[15], ConcavityError: row[16], ConcavePointsError: row[17], SymmetryError: row[18], FractalDimensionError: row[19],
            WorstRadius: row[20], WorstTexture: row[21], WorstPerimeter: row[22], WorstArea: row[23], WorstSmoothness: row[24],
            WorstCompactness: row[25], WorstConcavity: row[26], WorstConcavePoints: row[27], WorstSymmetry: row[28], WorstFractalDimension: row[29]);
        BakedCancerNet model = BakedCancerNet.CreateTrained();

        var copied = new float[30];
        features.CopyTo(copied);

        Assert.Equal(row, copied);
        Assert.Equal(model.Predict(row), model.Predict(features));
        Assert.Throws<ArgumentException>(() => features.CopyTo(new float[29]));
    }

    private static int[] BitsOf(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
