using ModelGen.Data;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Tests.Training;

/// <summary>Seeded 30-feature datasets for <see cref="Models.Mlp30"/>.</summary>
internal static class TrainingData
{
    /// <summary>The breast-cancer data set (569 × 30, label 1 malignant), standardized.</summary>
    public static Dataset StandardizedCancer()
    {
        Dataset all = Dataset.FromCsv(System.IO.Path.Combine(System.AppContext.BaseDirectory, "data", "breast_cancer.csv"), "diagnosis", "M");
        return ModelGen.Preprocessing.StandardScaler.Fit(all).Transform(all);
    }

    /// <summary>Label 1 when feature 0 exceeds feature 5: learnable, about half positive.</summary>
    public static Dataset Separable(int samples, int seed) => Make(samples, seed, (x, i) => x[i * 30] - x[i * 30 + 5] > 0);

    /// <summary>Label 1 when feature 0 exceeds 0.6: learnable, about one in five positive.</summary>
    public static Dataset Imbalanced(int samples, int seed) => Make(samples, seed, (x, i) => x[i * 30] > 0.6f);

    /// <summary>Labels that ignore the features: validation loss can only get worse with training.</summary>
    public static Dataset Noise(int samples, int seed)
    {
        float[] labels = TestData.Labels(samples, 1, seed + 1000);
        return Make(samples, seed, (_, i) => labels[i] == 1f);
    }

    private static Dataset Make(int samples, int seed, System.Func<float[], int, bool> positive)
    {
        float[] x = TestData.Features(samples, 30, seed);
        var y = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            y[i] = positive(x, i) ? 1 : 0;
        }

        var names = new string[30];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = "f" + i;
        }

        return new Dataset(x, y, names);
    }
}
