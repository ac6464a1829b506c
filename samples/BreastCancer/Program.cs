using System;
using System.IO;
using BreastCancer;
using ModelGen.Persistence;
using ModelGen.Reporting;

string csv = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
Console.WriteLine($"ModelGen BreastCancer sample: {CancerNet.Architecture}");
Console.WriteLine($"{CancerNet.ParameterCount} parameters; data: {csv}");

BreastCancerExperiment.Result result = BreastCancerExperiment.Run(csv, Console.Out);

Console.WriteLine();
Console.WriteLine("Test set (20%, stratified, seed 42):");
Console.WriteLine(result.Test);
Console.WriteLine();
Console.WriteLine("5-fold cross-validation of the training part, ROC-AUC (a network, a forest and boosted trees on the same folds):");
Console.Write(result.Comparison.ToTable());

string report = Path.GetFullPath("breast-cancer-report.html");
File.WriteAllText(report, HtmlReport.Create($"BreastCancer: {CancerNet.Architecture}", result.Test, result.TestScores, result.History));
Console.WriteLine($"HTML report (ROC and PR curves, loss per epoch, metrics): {report}");

// The trained weights as text, ready to bake into a model at build time: [Model(Weights = "breast-cancer.mgwt")].
string weights = Path.GetFullPath("breast-cancer.mgwt");
TextWeightsFile.Save(result.Model, weights);
Console.WriteLine($"Trained weights for baking: {weights}");
