using System;
using System.IO;
using Microsoft.AspNetCore.Builder;
using ModelGen;
using ModelGen.Data;
using ModelGen.Monitoring;
using ModelGen.Preprocessing;
using ModelGen.Serving;
using ModelGen.Svm;
using ModelGen.Training;

// A breast-cancer classifier as an HTTP service: an RBF SVM with cross-validated Platt probabilities on the raw
// columns (mean imputation and standard scaling fitted on the training rows), served at /predict with drift
// monitoring. With a classifier file as the first argument it serves that file and reloads it when it changes.
//   dotnet run --project samples/CancerServer -c Release            (listens on http://localhost:5000)
//   curl -s localhost:5000/predict -H 'Content-Type: application/json' -d @samples/CancerServer/row.json
string csv = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
TabularData raw = TabularData.FromCsv(csv, "diagnosis", "M");
FittedTabularPipeline pipeline = new TabularPipeline().Fit(raw);
Dataset training = pipeline.Transform(raw);

ClassifierSource source;
if (args.Length > 0 && File.Exists(args[0]))
{
    source = ClassifierSource.Watch(args[0], () => new SvmModel(training.FeatureCount, new SvmOptions { Probability = true }));
}
else
{
    var svm = new SvmModel(training.FeatureCount, new SvmOptions { Probability = true });
    svm.Fit(training, new FitOptions());
    source = ClassifierSource.Fixed(new Classifier(svm, pipeline, threshold: 0.5f, calibrator: svm.Probability, positiveClass: "M", negativeClass: "B"));
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
WebApplication app = builder.Build();
app.MapClassifier("/predict", source, new ServingOptions { DriftMonitor = DriftMonitor.Fit(training, source.Current.Model) });
app.Run();
