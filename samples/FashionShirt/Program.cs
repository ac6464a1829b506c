using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using FashionSamples;
using FashionShirt;
using ModelGen;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using ModelGen.Training;

// Fashion-MNIST "shirt (class 6) against the nine other classes" with gradient-boosted trees: 60,000 rows of 784 pixels,
// one in ten positive. Shirts are the class the others are most often mistaken for (T-shirts, pullovers, coats).
int trainingLimit = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : int.MaxValue;
if (FashionData.Load("FashionShirt", positiveClass: 6, trainingLimit) is not var (train, test))
{
    return 2;
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
