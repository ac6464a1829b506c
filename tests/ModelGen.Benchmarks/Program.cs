using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ModelGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ModelGen.Benchmarks.DenseBenchmarks).Assembly).Run(args);
