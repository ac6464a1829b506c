using System;
using ModelGen.Svm;
using static ModelGen.Onnx.Graphs.GraphBuilder;

namespace ModelGen.Onnx.Graphs;

/// <summary>
/// A kernel machine as <c>ai.onnx.ml.SVMRegressor</c>, which computes <c>Σ cᵢK(xᵢ, x) + rho</c> with libsvm's kernels
/// (<c>kernel_params</c> γ, coef0, degree): the decision function scikit-learn and ModelGen define, with rho the
/// intercept (−ρ). A one-class machine's score is the negated decision function, so its coefficients and rho are
/// negated. As for trees, the regressor form gives the exact score and the graph applies the model's threshold. A linear
/// machine is one weight vector, <c>w = Σ cᵢxᵢ</c> summed in double, and exports as a <c>Gemm</c>: one dot product a row
/// instead of one per support vector, and no float sum over hundreds of them (which drifted 2e-5 from the double one).
/// </summary>
internal static class SvmGraph
{
    /// <summary>Adds the decision function over <paramref name="input"/>; returns the score, <c>[N, 1]</c>.</summary>
    public static string Forward(GraphBuilder graph, KernelModel model, string input)
    {
        if (model.SupportVectorCount == 0)
        {
            throw new InvalidOperationException("The kernel machine is not trained: fit it, or load a trained state, before exporting it.");
        }

        float sign = model is OneClassSvmModel ? -1f : 1f;
        ReadOnlySpan<double> dual = model.DualCoefficients;
        var coefficients = new float[dual.Length];
        for (int i = 0; i < dual.Length; i++)
        {
            coefficients[i] = sign * (float)dual[i];
        }

        SvmOptions options = model.Options;
        if (options.Kernel == SvmKernel.Linear)
        {
            return Linear(graph, model, input, dual, sign);
        }

        string kernel = options.Kernel switch
        {
            SvmKernel.Rbf => "RBF",
            SvmKernel.Linear => "LINEAR",
            SvmKernel.Polynomial => "POLY",
            SvmKernel.Sigmoid => "SIGMOID",
            _ => throw new NotSupportedException($"The {options.Kernel} kernel has no ONNX form."),
        };
        string decision = graph.MachineLearningNode("SVMRegressor", new[] { input }, "decision_function",
            Attribute("kernel_type", kernel),
            Attribute("kernel_params", new[] { (float)model.Gamma, (float)options.Coef0, options.Degree }),
            Attribute("n_supports", (long)model.SupportVectorCount),
            Attribute("support_vectors", model.SupportVectors.ToArray()),
            Attribute("coefficients", coefficients),
            Attribute("rho", new[] { sign * (float)model.Intercept }),
            Attribute("post_transform", "NONE"));
        // ONNX 1.12 gives SVMRegressor no shape inference.
        graph.Declare(decision, global::Onnx.TensorProto.Types.DataType.Float, null, 1);
        return decision;
    }

    private static string Linear(GraphBuilder graph, KernelModel model, string input, ReadOnlySpan<double> coefficients, float sign)
    {
        int width = model.InputSize;
        ReadOnlySpan<float> vectors = model.SupportVectors;
        var weights = new double[width];
        for (int s = 0; s < coefficients.Length; s++)
        {
            for (int j = 0; j < width; j++)
            {
                weights[j] += coefficients[s] * vectors[s * width + j];
            }
        }

        float[] w = Array.ConvertAll(weights, v => sign * (float)v);
        return graph.Node("Gemm", new[] { input, graph.Constant("svm_weights", w, 1, width), graph.Constant("svm_intercept", new[] { sign * (float)model.Intercept }, 1) },
            "decision_function", Attribute("transB", 1L));
    }
}
