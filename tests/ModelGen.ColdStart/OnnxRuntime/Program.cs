using System;
using ColdStart;
using Microsoft.ML.OnnxRuntime;

using var options = new SessionOptions { IntraOpNumThreads = 1 };
using var session = new InferenceSession(args[0], options);
using OrtValue input = OrtValue.CreateTensorValueFromMemory(Row.Features, new long[] { 1, 30 });
using var run = new RunOptions();
using var outputs = session.Run(run, new[] { "input" }, new[] { input }, new[] { "score" });
Console.WriteLine(outputs[0].GetTensorDataAsSpan<float>()[0]);
