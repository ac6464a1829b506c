using System;
using System.IO;
using ModelGen.Data;

namespace FashionSamples;

/// <summary>
/// Finds and reads Fashion-MNIST for the samples that use it (FashionCnn, and FashionShirt, which links this file): the
/// folder fetch-data.sh fills, or FASHION_MNIST_DIR.
/// </summary>
public static class FashionData
{
    private static readonly string[] s_files = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };

    /// <summary>
    /// The training and test sets with <paramref name="positiveClass"/> as label 1, the training set cut to
    /// <paramref name="trainingLimit"/> rows (stratified); null after telling <paramref name="sample"/>'s user how to fetch
    /// the data when a file is missing.
    /// </summary>
    public static (Dataset Train, Dataset Test)? Load(string sample, int positiveClass, int trainingLimit = int.MaxValue)
    {
        string folder = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR")
            ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "FashionCnn", "data");
        foreach (string file in s_files)
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                Console.Error.WriteLine($"{sample}: Fashion-MNIST is not here: {Path.GetFullPath(Path.Combine(folder, file))} is missing.");
                Console.Error.WriteLine("Fetch it from Debian's dataset-fashion-mnist package with samples/FashionCnn/fetch-data.sh,");
                Console.Error.WriteLine("or point FASHION_MNIST_DIR at a folder holding the four IDX files. Nothing was trained.");
                return null;
            }
        }

        int[] positive = { positiveClass };
        Dataset train = IdxReader.ReadDataset(Path.Combine(folder, s_files[0]), Path.Combine(folder, s_files[1]), positive);
        Dataset test = IdxReader.ReadDataset(Path.Combine(folder, s_files[2]), Path.Combine(folder, s_files[3]), positive);
        if (trainingLimit < train.Count)
        {
            (train, _) = train.Split(1 - (double)trainingLimit / train.Count, stratify: true, seed: 1);
        }

        return (train, test);
    }
}
