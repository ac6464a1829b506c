using System;
using System.IO;
using ModelGen.Data;
using ModelGen.Persistence;
using ModelGen.Training;
using Xunit;

namespace ModelGen.Tests.Models.Baked;

/// <summary>Trees compiled in from a tree file predict bit for bit as the same trees loaded at run time.</summary>
public sealed class BakedTreeTests
{
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Models", "Baked", "cancer-boost.mgtt");

    private static Dataset Data => Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", positive: "M");

    [Fact]
    public void The_fixture_is_what_training_with_seed_5_writes()
    {
        var model = new BakedCancerBoost(seed: 5);
        model.Fit(Data, new FitOptions());
        string saved = Path.Combine(Path.GetTempPath(), $"cancer-boost-{Guid.NewGuid():N}.mgtt");
        TreeModelFile.Save(model, saved);
        string expected = File.ReadAllText(saved);
        File.Delete(saved);
        Assert.Equal(expected, File.ReadAllText(Fixture));
    }

    [Fact]
    public void Compiled_and_loaded_trees_predict_bit_identically_on_every_sample()
    {
        BakedCancerBoost compiled = BakedCancerBoost.CreateTrained();
        var loaded = new BakedCancerBoost();
        TreeModelFile.Load(loaded, Fixture);
        Dataset data = Data;

        Assert.True(compiled.PredictsCompiled);
        Assert.False(loaded.PredictsCompiled);
        Assert.Equal(loaded.SaveState(), compiled.SaveState());
        var row = new float[30];
        for (int n = 0; n < data.Count; n++)
        {
            data.Features.Slice(n * 30, 30).CopyTo(row);
            Assert.Equal(BitConverter.SingleToInt32Bits(loaded.Predict(row)), BitConverter.SingleToInt32Bits(compiled.Predict(row)));
            row[n % 30] = float.NaN; // missing values take the branch training chose in both
            Assert.Equal(BitConverter.SingleToInt32Bits(loaded.Predict(row)), BitConverter.SingleToInt32Bits(compiled.Predict(row)));
        }

        Assert.Equal(compiled.Predict(row), compiled.Predict(new BakedCancerBoost.Features(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
            row[10], row[11], row[12], row[13], row[14], row[15], row[16], row[17], row[18], row[19], row[20], row[21], row[22], row[23], row[24], row[25], row[26], row[27], row[28], row[29])));
    }

    [Fact]
    public void Training_a_baked_model_again_returns_to_the_arrays()
    {
        BakedCancerBoost model = BakedCancerBoost.CreateTrained();
        model.Fit(Data, new FitOptions { Seed = 1 });
        Assert.False(model.PredictsCompiled);
    }

    [Fact]
    public void Loading_refuses_another_models_trees_and_damaged_files()
    {
        string text = File.ReadAllText(Fixture);
        string path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.mgtt");
        try
        {
            File.WriteAllText(path, text);
            Assert.Contains("but the model is", Assert.Throws<ModelFileException>(() => TreeModelFile.Load(new CancerForest(), path)).Message);
            File.WriteAllText(path, text[..(text.Length / 2)]);
            Assert.Contains("truncated", Assert.Throws<ModelFileException>(() => TreeModelFile.Load(new BakedCancerBoost(), path)).Message);
            string[] lines = text.Split('\n');
            string[] node = lines[9].Split(' ');
            node[2] = node[2][..7] + (node[2][7] == '0' ? '1' : '0'); // one bit of the first split's threshold
            lines[9] = string.Join(' ', node);
            File.WriteAllText(path, string.Join('\n', lines));
            Assert.Contains("checksum", Assert.Throws<ModelFileException>(() => TreeModelFile.Load(new BakedCancerBoost(), path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
