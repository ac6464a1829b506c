using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Parsing;

namespace ModelGen.Generators.Analyzers;

/// <summary>
/// MG0050: a batch size written into a <c>Fit</c> call of a model declared with a full-batch optimizer (L-BFGS,
/// conjugate gradient, Newton-CG, Newton), which computes every iteration on the whole training set and ignores it —
/// the <c>batchSize</c> argument of the convenience <c>Fit</c>, or <c>BatchSize = …</c> in the <c>FitOptions</c> built
/// in the call. The model is the call's receiver or, for <c>Trainer.Fit</c> and the extension, its first argument.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FitCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BatchSizeOnFullBatch);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(Analyze, OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var call = (IInvocationOperation)context.Operation;
        if (call.TargetMethod.Name != "Fit")
        {
            return;
        }

        IOperation? receiver = call.Instance ?? call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
        ITypeSymbol? modelType = receiver is null ? null : Unconverted(receiver).Type;
        if (modelType is not INamedTypeSymbol model || FullBatchOptimizer(model) is not string optimizer)
        {
            return;
        }

        foreach (IArgumentOperation argument in call.Arguments)
        {
            if (argument.Parameter?.Name == "batchSize" && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                Report(context, argument.Syntax.GetLocation(), model, optimizer);
            }
            else if (argument.Parameter?.Type.ToDisplayString() == "ModelGen.Training.FitOptions"
                && Initializer(Unconverted(argument.Value)) is { } initializer)
            {
                foreach (IOperation assignment in initializer.Initializers)
                {
                    if (assignment is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "BatchSize" } })
                    {
                        Report(context, assignment.Syntax.GetLocation(), model, optimizer);
                    }
                }
            }
        }
    }

    private static IOperation Unconverted(IOperation value) => value is IConversionOperation conversion ? Unconverted(conversion.Operand) : value;

    private static IObjectOrCollectionInitializerOperation? Initializer(IOperation value) => value switch
    {
        IObjectCreationOperation creation => creation.Initializer,
        IWithOperation with => with.Initializer,
        _ => null,
    };

    /// <summary>The full-batch optimizer <c>[Optimizer]</c> declares on <paramref name="model"/>, or null.</summary>
    private static string? FullBatchOptimizer(INamedTypeSymbol model)
    {
        AttributeData? attribute = model.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ModelSpecParser.OptimizerAttribute);
        if (attribute is null || attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not int kind)
        {
            return null;
        }

        var optimizer = (OptimizerKind)kind;
        return optimizer is OptimizerKind.Lbfgs or OptimizerKind.ConjugateGradient or OptimizerKind.NewtonCg or OptimizerKind.Newton
            ? optimizer.ToString()
            : null;
    }

    private static void Report(OperationAnalysisContext context, Location location, INamedTypeSymbol model, string optimizer) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.BatchSizeOnFullBatch, location, model.Name, optimizer));
}
