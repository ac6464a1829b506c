using System;
using System.Diagnostics;
using System.IO;
using FashionCnn;
using FashionSamples;
using ModelGen;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Training;

// Fashion-MNIST "T-shirt/top (class 0) against the nine other classes" with the seeds' CNN, at most three epochs.
const double TargetRocAuc = 0.97;
int epochs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
int trainingLimit = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
if (FashionData.Load("FashionCnn", positiveClass: 0, trainingLimit) is not var (train, test))
{
    return 2;
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
