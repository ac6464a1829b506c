using System;
using ColdStart;
using Microsoft.ML;

var ml = new MLContext(seed: 1);
ITransformer model = ml.Model.Load(args[0], out _);
PredictionEngine<CancerRow, CancerPrediction> engine = ml.Model.CreatePredictionEngine<CancerRow, CancerPrediction>(model);
Console.WriteLine(engine.Predict(new CancerRow { Features = Row.Features }).Probability);
