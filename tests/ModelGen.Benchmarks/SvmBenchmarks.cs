using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using ModelGen.Data;
using ModelGen.Preprocessing;
using ModelGen.Svm;
using ModelGen.Training;

namespace ModelGen.Benchmarks;

/// <summary>
/// Kernel SVMs (scikit-learn's SVC defaults: RBF, C 1, γ scale) on standardized data: training on breast cancer
/// (569 × 30) and on digits 5 against the rest (1,797 × 64), and one-row prediction by the runtime's loop and by a
/// declared model's generated kernel (the same machine, the same bits). Peers/svm.py times scikit-learn.
/// </summary>
[MemoryDiagnoser]
public class SvmBenchmarks
{
    private Dataset _cancer = null!;
    private Dataset _digits = null!;
    private SvmModel _trained = null!;
    private DeclaredCancerSvm _declared = null!;
    private float[] _row = null!;

    [GlobalSetup]
    public void Setup()
    {
        Dataset cancer = Dataset.FromCsv(Path.Combine(Repository.Root, "samples", "BreastCancer", "data", "breast_cancer.csv"), "diagnosis", "M");
        _cancer = StandardScaler.Fit(cancer).Transform(cancer);
        Dataset digits = Dataset.FromCsv(Path.Combine(Repository.Root, "samples", "DigitFive", "data", "digits.csv"), "digit", "5", new CsvOptions { PositiveVersusRest = true });
        _digits = StandardScaler.Fit(digits).Transform(digits);
        _trained = Fit(_cancer);
        _declared = new DeclaredCancerSvm();
        _declared.LoadState(_trained.SaveState());
        _row = _cancer.Features[..30].ToArray();
    }

    [Benchmark(Description = "svm.fit breast cancer 569x30")]
    public SvmModel FitCancer() => Fit(_cancer);

    [Benchmark(Description = "svm.fit digits 5 vs rest 1797x64")]
    public SvmModel FitDigits() => Fit(_digits);

    [Benchmark(Description = "svm.predict1 breast cancer")]
    public float PredictOne() => _trained.Predict(_row);

    [Benchmark(Description = "svm.predict1 breast cancer, declared (generated kernel)")]
    public float PredictOneDeclared() => _declared.Predict(_row);

    private static SvmModel Fit(Dataset data)
    {
        var model = new SvmModel(data.FeatureCount, new SvmOptions());
        model.Fit(data, new FitOptions());
        return model;
    }
}
