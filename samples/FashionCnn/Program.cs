using System;
using System.Diagnostics;
using System.IO;
using FashionCnn;
using ModelGen;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Training;

// Fashion-MNIST "T-shirt/top (class 0) against the nine other classes" with the seeds' CNN, at most three epochs.
const double TargetRocAuc = 0.97;
int epochs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
int trainingLimit = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
string data = Environment.GetEnvironmentVariable("FASHION_MNIST_DIR") ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "data");
string[] files = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
foreach (string file in files)
{
    if (!File.Exists(Path.Combine(data, file)))
    {
        Console.Error.WriteLine($"FashionCnn: Fashion-MNIST is not here: {Path.GetFullPath(Path.Combine(data, file))} is missing.");
        Console.Error.WriteLine("Fetch it from Debian's dataset-fashion-mnist package with samples/FashionCnn/fetch-data.sh,");
        Console.Error.WriteLine("or point FASHION_MNIST_DIR at a folder holding the four IDX files. Nothing was trained.");
        return 2;
    }
}

int[] positive = { 0 };
Dataset train = IdxReader.ReadDataset(Path.Combine(data, files[0]), Path.Combine(data, files[1]), positive);
Dataset test = IdxReader.ReadDataset(Path.Combine(data, files[2]), Path.Combine(data, files[3]), positive);
if (trainingLimit < train.Count)
{
    (train, _) = train.Split(1 - (double)trainingLimit / train.Count, stratify: true, seed: 1);
}

Console.WriteLine($"ModelGen FashionCnn sample: T-shirt/top against the rest. {TShirtNet.Architecture}");
Console.WriteLine($"{TShirtNet.ParameterCount:N0} parameters; training on {train.Count:N0} images ({train.PositiveCount:N0} T-shirts), testing on {test.Count:N0}.");
var model = new TShirtNet(seed: 42);
Console.Write(model.Summary());

var clock = Stopwatch.StartNew();
History history = model.Fit(train, new FitOptions
{
    Epochs = epochs,
    BatchSize = 64,
    Seed = 42,
    ValidationSplit = 0.1,
    Metrics = new[] { EpochMetric.Accuracy, EpochMetric.RocAuc },
    Log = Console.Out,
});
clock.Stop();

BinaryReport report = model.Evaluate(test);
Console.WriteLine();
Console.WriteLine($"Training: {history.Epochs.Count} epochs in {clock.Elapsed.TotalSeconds:F0} s, {clock.Elapsed.TotalSeconds / history.Epochs.Count:F0} s per epoch " +
    $"({train.Count * 0.9 * history.Epochs.Count / clock.Elapsed.TotalSeconds:N0} images/s, one thread).");
Console.WriteLine("Test set (10,000 images):");
Console.WriteLine(report);
bool met = report.RocAuc >= TargetRocAuc;
Console.WriteLine($"Target test ROC-AUC >= {TargetRocAuc}: {(met ? "met" : "MISSED")} ({report.RocAuc:F4}).");
return met ? 0 : 1;
