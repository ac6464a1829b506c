using System;
using System.Linq;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ModelGen.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- --peer-report BDN.json PEERS.json...   (run-peers.sh does both)
// dotnet run -c Release --project tests/ModelGen.Benchmarks -- --search-study   (grid, random, TPE and GP search compared)
if (args.Length == 1 && args[0] == "--search-study")
{
    ModelGen.Benchmarks.SearchStudy.Run(Console.Out);
    return;
}

// dotnet run -c Release --project tests/ModelGen.Benchmarks -- --serving-study  (what the HTTP server adds to a prediction)
if (args.Length == 1 && args[0] == "--serving-study")
{
    await ModelGen.Benchmarks.ServingStudy.Run(Console.Out);
    return;
}

// dotnet run -c Release --project tests/ModelGen.Benchmarks -- --paired-study  (ModelGen and ONNX Runtime taking turns in one process)
if (args.Length == 1 && args[0] == "--paired-study")
{
    ModelGen.Benchmarks.PairedStudy.Run(Console.Out);
    return;
}

if (args.Length > 1 && args[0] == "--peer-report")
{
    ModelGen.Benchmarks.PeerReport.Print(args.Skip(1).ToArray(), Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ModelGen.Benchmarks.DenseBenchmarks).Assembly).Run(args);
