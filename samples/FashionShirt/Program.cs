using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using FashionShirt;
using ModelGen;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using ModelGen.Training;

// Fashion-MNIST "shirt (class 6) against the nine other classes" with gradient-boosted trees: 60,000 rows of 784 pixels,
// one in ten positive. Shirts are the class the others are most often mistaken for (T-shirts, pullovers, coats).
int trainingLimit = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : int.MaxValue;
string data = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR") ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "FashionCnn", "data");
string[] files = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
foreach (string file in files)
{
    if (!File.Exists(Path.Combine(data, file)))
    {
        Console.Error.WriteLine($"FashionShirt: Fashion-MNIST is not here: {Path.GetFullPath(Path.Combine(data, file))} is missing.");
        Console.Error.WriteLine("Fetch it from Debian's dataset-fashion-mnist package with samples/FashionCnn/fetch-data.sh,");
        Console.Error.WriteLine("or point FASHION_MNIST_DIR at a folder holding the four IDX files. Nothing was trained.");
        return 2;
    }
}

int[] shirt = { 6 };
Dataset train = IdxReader.ReadDataset(Path.Combine(data, files[0]), Path.Combine(data, files[1]), shirt);
Dataset test = IdxReader.ReadDataset(Path.Combine(data, files[2]), Path.Combine(data, files[3]), shirt);
if (trainingLimit < train.Count)
{
    (train, _) = train.Split(1 - (double)trainingLimit / train.Count, stratify: true, seed: 1);
}

Console.WriteLine($"ModelGen FashionShirt sample: shirt against the rest with {ShirtBoost.DeclaredOptions.Trees} boosted trees of depth {ShirtBoost.DeclaredOptions.MaxDepth}.");
Console.WriteLine($"Training on {train.Count:N0} images ({train.PositiveCount:N0} shirts), testing on {test.Count:N0}.");
var model = new ShirtBoost(seed: 42);
var clock = Stopwatch.StartNew();
History history = model.Fit(train, new FitOptions());
clock.Stop();
BinaryReport report = model.Evaluate(test);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Trained in {clock.Elapsed.TotalSeconds:F1} s (one thread); training log loss {history.Epochs[^1].Loss:F4}."));
Console.Write(model.Summary());
Console.WriteLine(report);

string trees = Path.GetFullPath("shirt-boost.mgtt");
TreeModelFile.Save(model, trees);
Console.WriteLine($"Trees for compiling in: {trees}");
return 0;
