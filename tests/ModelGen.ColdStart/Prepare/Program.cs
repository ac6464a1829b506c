using System;
using System.IO;
using System.Linq;
using ColdStart;
using Microsoft.ML;
using ModelGen;
using ModelGen.Data;
using ModelGen.Onnx;
using ModelGen.Persistence;
using ModelGen.Preprocessing;

string folder = Directory.CreateDirectory(args[0]).FullName;
var network = new CancerNet();
TextWeightsFile.Load(network, Path.Combine(AppContext.BaseDirectory, "cancer-net.mgwt"));
new Classifier(network).Save(Path.Combine(folder, "cancer.mgc"));
OnnxFile.Export(network, Path.Combine(folder, "cancer.onnx"), OnnxOutputs.Score);

// ML.NET's own model of the same data: L-BFGS logistic regression on standardized features, saved as its zip.
Dataset raw = Dataset.FromCsv(Path.Combine(AppContext.BaseDirectory, "breast_cancer.csv"), "diagnosis", "M");
Dataset data = StandardScaler.Fit(raw).Transform(raw);
var ml = new MLContext(seed: 1);
IDataView view = ml.Data.LoadFromEnumerable(Enumerable.Range(0, data.Count)
    .Select(n => new CancerRow { Features = data.Row(n).ToArray(), Label = data.Labels[n] == 1f }));
ITransformer model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(view);
ml.Model.Save(model, view.Schema, Path.Combine(folder, "cancer.zip"));
Console.WriteLine($"wrote cancer.mgc, cancer.onnx and cancer.zip to {folder}; ModelGen's score of the row: {network.Predict(Row.Features)}");
