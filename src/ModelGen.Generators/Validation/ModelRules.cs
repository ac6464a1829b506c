using System.Collections.Generic;
using System.Globalization;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Spec;

namespace ModelGen.Generators.Validation;

/// <summary>The rules that tie layers, loss and optimizer together; each broken rule becomes a <see cref="SpecProblem"/>.</summary>
internal static class ModelRules
{
    public static void Check(ModelSpec spec, List<SpecProblem> problems)
    {
        int lossAttributeIndex = spec.LossAttributeIndex;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            LayerSpec layer = spec.Layers[i];
            if (layer.Kind.CheckPlacement(layer, i == 0 ? null : spec.Layers[i - 1]) is { } misplaced)
            {
                problems.Add(misplaced);
            }
        }

        if (spec.Layers.Count > 0 && spec.Layers[spec.Layers.Count - 1] is { } last && last.Kind.OutputUnits(last) is null)
        {
            problems.Add(Problem(Descriptors.OutputMustBeDense, last.AttributeIndex, argumentPosition: -1, last.Kind.Describe(last)));
        }

        // An undefined loss or activation was replaced by a default; judging the pair would report a second,
        // invented error on top of MG0022.
        LayerSpec? output = spec.Layers.Count > 0 ? spec.Layers[spec.Layers.Count - 1] : null;
        bool undefinedValue = problems.Exists(p => p.DiagnosticId == Descriptors.UndefinedEnumValue.Id
            && (p.AttributeIndex == lossAttributeIndex || p.AttributeIndex == output?.AttributeIndex));
        if (output is not null && spec.Loss is LossKind loss && !undefinedValue)
        {
            CheckLossFitsOutput(output, loss, lossAttributeIndex, problems);
        }

        CheckOptimizer(spec.Optimizer, problems);
        CheckFullBatch(spec, problems);
    }

    /// <summary>MG0049: Newton's exact Hessian is logistic regression's; C belongs to the full-batch methods and must be positive.</summary>
    private static void CheckFullBatch(ModelSpec spec, List<SpecProblem> problems)
    {
        OptimizerSpec optimizer = spec.Optimizer;
        bool fullBatch = optimizer.Kind is OptimizerKind.Lbfgs or OptimizerKind.ConjugateGradient or OptimizerKind.NewtonCg or OptimizerKind.Newton;
        if (optimizer.Kind == OptimizerKind.Newton && !spec.IsLogisticRegression)
        {
            problems.Add(Problem(Descriptors.FullBatchMisfit, optimizer.AttributeIndex, argumentPosition: 0,
                "OptimizerKind.Newton computes the exact Hessian of logistic regression: one Dense(1, Activation.Sigmoid) layer with LossKind.BinaryCrossEntropy; use OptimizerKind.NewtonCg or Lbfgs for other networks"));
        }

        if (fullBatch)
        {
            foreach (LayerSpec layer in spec.Layers)
            {
                if (layer.Kind.FullBatchConflict is { } conflict)
                {
                    problems.Add(Problem(Descriptors.FullBatchMisfit, layer.AttributeIndex, argumentPosition: -1,
                        $"{conflict}, so OptimizerKind.{optimizer.Kind}'s line search would compare different objectives; remove the layer, or train with a minibatch optimizer such as OptimizerKind.Adam") with { RelatedAttributeIndex = optimizer.AttributeIndex });
                }
            }
        }

        foreach ((string name, double value, double fallback) in new[] { ("GradientTolerance", optimizer.GradientTolerance, Defaults.GradientTolerance), ("ChangeTolerance", optimizer.ChangeTolerance, Defaults.ChangeTolerance) })
        {
            if (value != fallback && (!fullBatch || !(value > 0) || double.IsInfinity(value)))
            {
                problems.Add(Named(Descriptors.FullBatchMisfit, optimizer.AttributeIndex, name,
                    fullBatch ? $"{name} = {Invariant.Number(value)} is not valid; a tolerance must be positive and finite" : $"{name} applies to the full-batch optimizers Lbfgs, ConjugateGradient, NewtonCg and Newton, not to {optimizer.Kind}"));
            }
        }

        if (optimizer.C != 0 && (!fullBatch || !(optimizer.C > 0) || double.IsInfinity(optimizer.C)))
        {
            problems.Add(Named(Descriptors.FullBatchMisfit, optimizer.AttributeIndex, "C",
                fullBatch ? $"C = {Invariant.Number(optimizer.C)} is not valid; scikit-learn's C must be positive and finite" : "C (scikit-learn's inverse regularization) applies to the full-batch optimizers Lbfgs, ConjugateGradient, NewtonCg and Newton; use the layers' L2 with " + optimizer.Kind));
        }
    }

    private static void CheckLossFitsOutput(LayerSpec output, LossKind loss, int lossIndex, List<SpecProblem> problems)
    {
        int units = output.Kind.OutputUnits(output) ?? 0;
        if (units <= 0)
        {
            return; // MG0015 already says the size is wrong.
        }

        Activation activation = output.Activation;
        string described = $"{Invariant.Number(units)} {activation} unit{(units == 1 ? "" : "s")}";
        switch (loss)
        {
            case LossKind.BinaryCrossEntropy when activation != Activation.Sigmoid || units != 1:
                string advice = activation == Activation.Softmax
                    ? "for a softmax output use LossKind.CategoricalCrossEntropy, or make the output Dense(1, Activation.Sigmoid)"
                    : activation == Activation.Sigmoid
                        ? "a binary classifier's probability is one sigmoid unit"
                        : $"{activation} outputs are not probabilities in (0, 1); use Activation.Sigmoid";
                problems.Add(Problem(Descriptors.BinaryCrossEntropyNeedsSigmoid, lossIndex, argumentPosition: 0, described, advice) with { RelatedAttributeIndex = output.AttributeIndex });
                break;
            case LossKind.CategoricalCrossEntropy when activation != Activation.Softmax || units < 2:
                problems.Add(Problem(Descriptors.CategoricalCrossEntropyNeedsSoftmax, lossIndex, argumentPosition: 0, described) with { RelatedAttributeIndex = output.AttributeIndex });
                break;
            case LossKind.Hinge when activation != Activation.Linear || units != 1:
                problems.Add(Problem(Descriptors.HingeNeedsLinear, lossIndex, argumentPosition: 0, described) with { RelatedAttributeIndex = output.AttributeIndex });
                break;
            case LossKind.MeanSquaredError:
                problems.Add(Problem(Descriptors.MeanSquaredErrorOnClassifier, lossIndex, argumentPosition: 0));
                break;
        }
    }

    private static void CheckOptimizer(OptimizerSpec optimizer, List<SpecProblem> problems)
    {
        int index = optimizer.AttributeIndex;
        if (index < 0)
        {
            return; // The default optimizer is valid by construction.
        }

        if (!(optimizer.LearningRate > 0) || double.IsInfinity(optimizer.LearningRate))
        {
            problems.Add(Named(Descriptors.InvalidLearningRate, index, "LearningRate", Invariant.Number(optimizer.LearningRate), Invariant.Number(Defaults.LearningRate(optimizer.Kind))));
        }

        bool adam = optimizer.Kind is OptimizerKind.Adam or OptimizerKind.AdamW;
        if (optimizer.Kind is OptimizerKind.Sgd or OptimizerKind.RmsProp)
        {
            CheckDecay("Momentum", optimizer.Momentum, index, problems);
        }

        if (adam)
        {
            CheckDecay("Beta1", optimizer.Beta1, index, problems);
            CheckDecay("Beta2", optimizer.Beta2, index, problems);
        }

        if (optimizer.Kind == OptimizerKind.RmsProp)
        {
            CheckDecay("Rho", optimizer.Rho, index, problems);
        }

        if ((adam || optimizer.Kind == OptimizerKind.RmsProp) && (!(optimizer.Epsilon > 0) || double.IsInfinity(optimizer.Epsilon)))
        {
            problems.Add(Named(Descriptors.NonPositiveEpsilon, index, "Epsilon", Invariant.Number(optimizer.Epsilon)));
        }

        if (optimizer.Kind == OptimizerKind.Lbfgs && optimizer.HistorySize < 1)
        {
            problems.Add(Named(Descriptors.NonPositiveSize, index, "HistorySize", "L-BFGS HistorySize", Invariant.Number(optimizer.HistorySize)));
        }

        if (optimizer.Kind == OptimizerKind.AdamW && (!(optimizer.WeightDecay >= 0) || double.IsInfinity(optimizer.WeightDecay)))
        {
            problems.Add(Named(Descriptors.NegativePenalty, index, "WeightDecay", "WeightDecay", Invariant.Number(optimizer.WeightDecay)));
        }
    }

    private static void CheckDecay(string name, double value, int index, List<SpecProblem> problems)
    {
        if (!(value >= 0 && value < 1))
        {
            problems.Add(Named(Descriptors.DecayOutOfRange, index, name, name, Invariant.Number(value)));
        }
    }

    private static SpecProblem Problem(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int attributeIndex, int argumentPosition, params string[] arguments) =>
        new(descriptor.Id, arguments.ToEquatableArray(), attributeIndex, null, argumentPosition);

    private static SpecProblem Named(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int attributeIndex, string argumentName, params string[] arguments) =>
        new(descriptor.Id, arguments.ToEquatableArray(), attributeIndex, argumentName);

}
