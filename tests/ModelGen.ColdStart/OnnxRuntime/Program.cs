using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

using var options = new SessionOptions { IntraOpNumThreads = 1 };
using var session = new InferenceSession(args[0], options);
float[] features = Enumerable.Range(0, 30).Select(i => (i % 7 - 3) * 0.25f).ToArray();
using OrtValue input = OrtValue.CreateTensorValueFromMemory(features, new long[] { 1, 30 });
using var run = new RunOptions();
using var outputs = session.Run(run, new[] { "input" }, new[] { input }, new[] { "score" });
Console.WriteLine(outputs[0].GetTensorDataAsSpan<float>()[0]);
