using System;
using System.IO;
using ModelGen.Data;
using ModelGen.Persistence;
using ModelGen.Svm;
using ModelGen.Training;
using Xunit;

namespace ModelGen.Tests.Models.Baked;

/// <summary>Support vectors baked in from a file predict bit for bit as the same file loaded at run time.</summary>
public sealed class BakedSvmTests
{
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Models", "Baked", "cancer-svm.mgsv");

    private static Dataset Data => Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", positive: "M");

    [Fact]
    public void The_fixture_is_what_training_writes()
    {
        var model = new BakedCancerSvm();
        model.Fit(Data, new FitOptions());
        string saved = Path.Combine(Path.GetTempPath(), $"cancer-svm-{Guid.NewGuid():N}.mgsv");
        SvmModelFile.Save(model, saved);
        string expected = File.ReadAllText(saved);
        File.Delete(saved);
        Assert.Equal(expected, File.ReadAllText(Fixture));
    }

    [Fact]
    public void Baked_and_loaded_support_vectors_predict_bit_identically_on_every_sample()
    {
        BakedCancerSvm baked = BakedCancerSvm.CreateTrained();
        var loaded = new BakedCancerSvm();
        SvmModelFile.Load(loaded, Fixture);
        Dataset data = Data;
        Assert.Equal(135, baked.SupportVectorCount);
        for (int n = 0; n < data.Count; n++)
        {
            ReadOnlySpan<float> row = data.Features.Slice(n * 30, 30);
            Assert.Equal(BitConverter.SingleToInt32Bits(loaded.Predict(row)), BitConverter.SingleToInt32Bits(baked.Predict(row)));
        }

        Assert.True(baked.Evaluate(data).RocAuc > 0.95);
        Assert.Equal(30, BakedCancerSvm.Features.Names.Count);
    }

    [Fact]
    public void Loading_refuses_another_models_file_and_damaged_files()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"svm-files-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var other = new SvmModel(30, new SvmOptions { C = 3 });
            Assert.Contains("holds support vectors of", Assert.Throws<ModelFileException>(() => SvmModelFile.Load(other, Fixture)).Message);

            string text = File.ReadAllText(Fixture);
            string damaged = Path.Combine(folder, "damaged.mgsv");
            File.WriteAllText(damaged, text.Replace(text.Substring(text.Length - 12, 4), "ffff"));
            Assert.Contains("checksum", Assert.Throws<ModelFileException>(() => SvmModelFile.Load(new BakedCancerSvm(), damaged)).Message);
            File.WriteAllText(damaged, text[..(text.Length / 2)]);
            Assert.Contains("truncated", Assert.Throws<ModelFileException>(() => SvmModelFile.Load(new BakedCancerSvm(), damaged)).Message);
            Assert.Throws<InvalidOperationException>(() => SvmModelFile.Save(new BakedCancerSvm(), damaged));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
