using System;
using System.Linq;
using ColdStart;
using Microsoft.ML;

var ml = new MLContext(seed: 1);
ITransformer model = ml.Model.Load(args[0], out _);
PredictionEngine<CancerRow, CancerPrediction> engine = ml.Model.CreatePredictionEngine<CancerRow, CancerPrediction>(model);
float[] features = Enumerable.Range(0, 30).Select(i => (i % 7 - 3) * 0.25f).ToArray();
Console.WriteLine(engine.Predict(new CancerRow { Features = features }).Probability);
