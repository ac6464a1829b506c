using System;
using ColdStart;
using ModelGen;

Classifier classifier = Classifier.Load(args[0], new CancerNet());
Console.WriteLine(classifier.PredictProbability(Row.Features));
