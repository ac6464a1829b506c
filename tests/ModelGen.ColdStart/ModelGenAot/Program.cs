using System;
using ColdStart;
using ModelGen;

// Process start to first prediction: nothing to load, the weights are constants of the program.
Console.WriteLine(CancerNet.CreateTrained().Predict(Row.Features));

namespace ColdStart
{
    [Model(Weights = "cancer-net.mgwt")]
    public partial class CancerNet { }
}
