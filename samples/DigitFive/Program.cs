using System;
using System.IO;
using DigitFive;

string csv = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "digits.csv");
Console.WriteLine($"ModelGen DigitFive sample: is this 8x8 digit a 5? {FiveNet.Architecture}");
DigitFiveExperiment.Run(csv, Console.Out);
