using System;
using System.Collections.Generic;
using System.Globalization;
using ModelGen.Data;

namespace ModelGen.Training;

/// <summary>
/// Full-batch training with a strong-Wolfe line search. L-BFGS is PyTorch's <c>LBFGS(line_search_fn="strong_wolfe")</c>:
/// the two-loop recursion over the last <c>HistorySize</c> steps, a first step of <c>min(1, 1/‖g‖₁)·lr</c>, the
/// More–Thuente-style bracketing and zoom with cubic interpolation (c₁ = 1e-4, c₂ = 0.9, at most 25 evaluations a search),
/// and PyTorch's stopping rules: ‖g‖∞ at most the model's <c>GradientTolerance</c> (default 1e-7), a step or a loss change
/// below its <c>ChangeTolerance</c> (default 1e-9), or the iteration limit (the fit's epochs) and 1.25 evaluations an iteration. The loss and gradient are the model's own <c>ComputeGradients</c> on
/// every training row (L2 included); the search runs in double over the float parameters. Conjugate gradient takes the
/// Polak–Ribière+ direction <c>−g + max(0, gᵀ(g − g₋)/g₋ᵀg₋)·d₋</c>, restarted as steepest descent every n iterations
/// (n parameters) or when the direction does not descend, and starts each search from the previous step scaled by the
/// ratio of slopes (Nocedal and Wright, 3.60). Newton-CG searches from the full step along the truncated-Newton
/// direction (<see cref="NewtonDirection"/>); Newton solves logistic regression's exact Hessian system by Cholesky and
/// searches from the full step. With a declared <c>C</c>, the L2 strength is set to <c>1/(2·C·N)</c> first.
/// </summary>
public static class FullBatchTrainer
{
    private const double SufficientDecrease = 1e-4, Curvature = 0.9;
    private const int MaxLineSearch = 25;

    /// <summary>
    /// Trains <paramref name="model"/> on the prepared data. Each iteration is an epoch to the log and the callbacks
    /// (one batch of every row): its loss, line-search evaluations (<c>evaluations</c>), the gradients spent on Hessian
    /// products (<c>hessian_gradients</c>, Newton-CG), the metrics and validation loss asked for. A callback's
    /// <see cref="TrainingContext.Stop"/> ends the fit after the iteration; so does a NaN or infinite loss or gradient in a
    /// line search, keeping the last finite parameters and saying where in <see cref="History.StopReason"/>.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss or gradient is not finite at the starting parameters.</exception>
    internal static History Fit(IFullBatchModel model, Dataset train, Dataset? validation, float[]? weights, FitOptions options)
    {
        if (model.RegularizationC > 0)
        {
            // scikit-learn's C·Σ loss + ½‖w‖², divided by C·N, is the mean loss plus ‖w‖²/(2·C·N).
            model.L2Strengths.Fill((float)(1 / (2 * model.RegularizationC * train.Count)));
        }

        var objective = new Objective(model, train, weights);
        int n = model.ParameterCount;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = model.Parameters[i];
        }

        double gradientTolerance = model.GradientTolerance, changeTolerance = model.ChangeTolerance;
        int maxIterations = options.Epochs, maxEvaluations = (int)(maxIterations * 1.25);
        var history = new History();
        var reporter = new ProgressReporter(options.Log, options.Verbosity);
        var context = new TrainingContext(model, maxIterations, history, reporter);
        IReadOnlyList<Callback> callbacks = options.Callbacks;
        float[]? trainScores = options.Metrics.Count > 0 ? new float[train.Count] : null;
        float[]? validationScores = validation is null ? null : new float[validation.Count];
        (double loss, double[] gradient) = objective.Evaluate(x);
        int evaluations = 1;
        if (!double.IsFinite(loss) || !AllFinite(gradient))
        {
            throw new TrainingDivergedException(0, 1, (float)loss, restoredEpochStart: false, history);
        }

        reporter.TrainBegin(maxIterations, 1);
        foreach (Callback callback in callbacks)
        {
            callback.OnTrainBegin(context);
        }

        if (MaxAbs(gradient) <= gradientTolerance)
        {
            history.StopReason = string.Create(CultureInfo.InvariantCulture, $"converged before the first iteration: the gradient is already below {gradientTolerance:G3}");
        }

        var steps = new List<double[]>();
        var changes = new List<double[]>();
        var inverseCurvatures = new List<double>();
        double hessianScale = 1;
        double[] direction = Negate(gradient), previousGradient = gradient;
        double t = 0, previousSlope = 0;
        bool conjugate = model.FullBatchOptimizer == OptimizerKind.ConjugateGradient;
        bool newton = model.FullBatchOptimizer == OptimizerKind.NewtonCg, exact = model.FullBatchOptimizer == OptimizerKind.Newton;
        for (int iteration = 1; iteration <= maxIterations && history.StopReason is null && !context.StopTraining; iteration++)
        {
            int products = 0;
            string? regularized = null;
            if (exact)
            {
                (direction, double ridge) = Solve(objective.LogisticHessian(x, model.L2Strengths[0]), Negate(gradient));
                if (ridge > 0)
                {
                    regularized = string.Create(CultureInfo.InvariantCulture, $"iteration {iteration}: the Hessian is singular or indefinite (separable data without L2?); ") +
                        (double.IsFinite(ridge) ? string.Create(CultureInfo.InvariantCulture, $"solved with {ridge:G2} × (1 + |Hᵢᵢ|) added to its diagonal") : "no ridge made it factor, so the step is steepest descent");
                    reporter.Message(regularized);
                }
            }
            else if (newton)
            {
                (direction, products) = NewtonDirection(objective, x, gradient, model.IsLogisticRegression ? model.L2Strengths[0] : null);
            }
            else if (iteration > 1 && conjugate)
            {
                double beta = Math.Max(0, Dot(gradient, Subtract(gradient, previousGradient)) / Dot(previousGradient, previousGradient));
                double[] next = Negate(gradient);
                Axpy(beta, direction, next);
                direction = (iteration - 1) % n == 0 || Dot(next, gradient) >= 0 ? Negate(gradient) : next;
            }
            else if (iteration > 1)
            {
                double[] y = Subtract(gradient, previousGradient), s = Scale(direction, t);
                double ys = Dot(y, s);
                if (ys > 1e-10)
                {
                    if (steps.Count == model.HistorySize)
                    {
                        steps.RemoveAt(0);
                        changes.RemoveAt(0);
                        inverseCurvatures.RemoveAt(0);
                    }

                    changes.Add(y);
                    steps.Add(s);
                    inverseCurvatures.Add(1 / ys);
                    hessianScale = ys / Dot(y, y);
                }

                direction = TwoLoop(gradient, steps, changes, inverseCurvatures, hessianScale);
            }

            previousGradient = gradient;
            double previousLoss = loss;
            double slope = Dot(gradient, direction);
            if (!(slope <= -changeTolerance))
            {
                history.StopReason = double.IsFinite(slope)
                    ? string.Create(CultureInfo.InvariantCulture, $"converged: the loss no longer falls along the search direction (slope above -{changeTolerance:G3})")
                    : string.Create(CultureInfo.InvariantCulture, $"stopped at iteration {iteration}: the search direction is not finite; the parameters are those of iteration {iteration - 1}");
                break;
            }

            context.Epoch = iteration;
            foreach (Callback callback in callbacks)
            {
                callback.OnEpochBegin(context);
            }

            reporter.EpochBegin(iteration);
            foreach (Callback callback in callbacks)
            {
                callback.OnBatchBegin(context);
            }

            double lr = model.LearningRate; // a callback may have scheduled it
            t = newton || exact ? lr
                : iteration == 1 ? Math.Min(1.0, 1.0 / SumAbs(gradient)) * lr
                : conjugate ? t * previousSlope / slope
                : lr;
            previousSlope = slope;

            LineSearch search = StrongWolfe(objective, x, t, direction, loss, gradient, slope, changeTolerance);
            evaluations += search.Evaluations;
            if (search.NonFiniteAt is double bad)
            {
                history.StopReason = string.Create(CultureInfo.InvariantCulture,
                    $"stopped at iteration {iteration}: the loss or gradient is not finite at line-search step {bad:G6} (evaluation {search.Evaluations}); the parameters are those of iteration {iteration - 1}, the last finite ones");
                reporter.Message(history.StopReason);
                break;
            }

            (loss, gradient, t) = (search.Loss, search.Gradient, search.Step);
            for (int i = 0; i < n; i++)
            {
                x[i] += t * direction[i];
            }

            objective.Write(x);
            foreach (Callback callback in callbacks)
            {
                callback.OnBatchEnd(context, (float)loss);
            }

            var logs = new Dictionary<string, double> { ["loss"] = loss, ["evaluations"] = search.Evaluations };
            if (newton)
            {
                logs["hessian_gradients"] = products;
            }

            if (trainScores is not null)
            {
                if (!objective.TryCopyProbabilities(x, trainScores))
                {
                    model.PredictBatch(train.Features, trainScores);
                }

                Trainer.AddMetrics(logs, "", options.Metrics, trainScores, train.Labels, model.DecisionThreshold);
            }

            if (validation is not null)
            {
                logs["val_loss"] = Trainer.Loss(model, validation, validation.Count, validationScores);
                Trainer.AddMetrics(logs, "val_", options.Metrics, validationScores, validation.Labels, model.DecisionThreshold);
            }

            var result = new EpochResult(iteration, logs);
            history.Add(result);
            if (regularized is not null)
            {
                history.Warn(regularized);
            }

            reporter.EpochEnd(result);
            foreach (Callback callback in callbacks)
            {
                callback.OnEpochEnd(context, result);
            }

            history.StopReason ??= context.StopTraining ? null
                : MaxAbs(gradient) <= gradientTolerance ? string.Create(CultureInfo.InvariantCulture, $"converged: the largest gradient is below {gradientTolerance:G3}")
                : MaxAbs(direction) * Math.Abs(t) <= changeTolerance ? string.Create(CultureInfo.InvariantCulture, $"converged: the step is below {changeTolerance:G3}")
                : Math.Abs(loss - previousLoss) < changeTolerance ? string.Create(CultureInfo.InvariantCulture, $"converged: the loss changed by less than {changeTolerance:G3}")
                : evaluations >= maxEvaluations ? string.Create(CultureInfo.InvariantCulture, $"stopped after {evaluations} loss evaluations (1.25 an iteration)")
                : null;
        }

        history.StopReason ??= string.Create(CultureInfo.InvariantCulture, $"stopped at the iteration limit ({maxIterations}, the fit's epochs)");
        objective.Write(x);
        foreach (Callback callback in callbacks)
        {
            callback.OnTrainEnd(context);
        }

        return history;
    }

    /// <summary>
    /// The solution of <c>H·d = b</c> for the symmetric positive definite <paramref name="h"/> by Cholesky factorization,
    /// with a ridge of 1e-10 relative to the diagonal (then 100 times more, until it factors) added when the factorization
    /// meets a non-positive pivot (logistic regression without L2 on separable data); returns the ridge used, 0 for none.
    /// </summary>
    private static (double[] Direction, double Ridge) Solve(double[,] h, double[] b)
    {
        int n = b.Length;
        var lower = new double[n * n];
        for (double ridge = 0; ridge <= 1e10; ridge = ridge == 0 ? 1e-10 : ridge * 100)
        {
            double added = ridge;
            if (Numerics.Cholesky.TryFactor((i, j) => h[i, j] + (i == j ? added * (1 + Math.Abs(h[i, i])) : 0), n, lower))
            {
                return (Numerics.Cholesky.SolveUpper(lower, n, Numerics.Cholesky.SolveLower(lower, n, b)), ridge);
            }
        }

        // Not even a ridge of 1e10 × the diagonal factors it (a NaN in the Hessian): steepest descent.
        return (b, double.PositiveInfinity);
    }

    /// <summary>
    /// The truncated-Newton direction: conjugate gradient on <c>H·d = −g</c> until the residual falls below
    /// <c>min(0.5, √‖g‖₁)·‖g‖₁</c> (SciPy's <c>newton-cg</c> rule), at most 200 products; a direction of non-positive
    /// curvature ends it (steepest descent if it is the first). For logistic regression (<paramref name="logisticL2"/>
    /// given) the Hessian-vector products are exact, <c>X̃ᵀ·diag(sᵢpᵢ(1 − pᵢ)/N)·X̃·v + 2λv</c>; for any other network
    /// they are central differences of the model's own gradient, two gradients a product (counted in the result).
    /// </summary>
    private static (double[] Direction, int Products) NewtonDirection(Objective objective, double[] x, double[] gradient, double? logisticL2)
    {
        double[]? curvatures = logisticL2 is null ? null : objective.LogisticCurvatures(x);
        double magnitude = SumAbs(gradient);
        double termination = Math.Min(0.5, Math.Sqrt(magnitude)) * magnitude;
        var d = new double[x.Length];
        double[] residual = Negate(gradient), p = Negate(gradient);
        double rr = Dot(residual, residual);
        int products = 0;
        for (int k = 0; k < 200 && SumAbs(residual) > termination; k++)
        {
            double[] hp = curvatures is null ? objective.HessianTimes(x, p) : objective.LogisticHessianTimes(curvatures, logisticL2!.Value, p);
            products += curvatures is null ? 2 : 0;
            double curvature = Dot(p, hp);
            if (curvature <= 0)
            {
                return (k == 0 ? Negate(gradient) : d, products);
            }

            double alpha = rr / curvature;
            Axpy(alpha, p, d);
            Axpy(-alpha, hp, residual);
            double next = Dot(residual, residual);
            double[] updated = Scale(p, next / rr);
            Axpy(1, residual, updated);
            (p, rr) = (updated, next);
        }

        return (d.AsSpan().IndexOfAnyExcept(0.0) < 0 ? Negate(gradient) : d, products);
    }

    /// <summary>The quasi-Newton direction <c>−H·g</c> from the stored steps (Nocedal and Wright, algorithm 7.4).</summary>
    private static double[] TwoLoop(double[] gradient, List<double[]> steps, List<double[]> changes, List<double> inverseCurvatures, double scale)
    {
        double[] q = Negate(gradient);
        var alphas = new double[steps.Count];
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            alphas[i] = Dot(steps[i], q) * inverseCurvatures[i];
            Axpy(-alphas[i], changes[i], q);
        }

        double[] r = Scale(q, scale);
        for (int i = 0; i < steps.Count; i++)
        {
            double beta = Dot(changes[i], r) * inverseCurvatures[i];
            Axpy(alphas[i] - beta, steps[i], r);
        }

        return r;
    }

    /// <summary>A step along <paramref name="d"/> from <paramref name="x"/> meeting the strong Wolfe conditions: PyTorch's <c>_strong_wolfe</c>.</summary>
    private static LineSearch StrongWolfe(Objective objective, double[] x, double t, double[] d, double f, double[] g, double slope, double changeTolerance)
    {
        double dNorm = MaxAbs(d);
        (double fNew, double[] gNew) = objective.Evaluate(x, t, d);
        int evaluations = 1;
        if (!double.IsFinite(fNew) || !AllFinite(gNew))
        {
            return new LineSearch(f, g, 0, evaluations, t);
        }

        double slopeNew = Dot(gNew, d);
        double tPrevious = 0, fPrevious = f, slopePrevious = slope;
        double[] gPrevious = g;
        bool done = false;
        int iteration = 0;
        double[] bracket, bracketF, bracketSlope;
        double[][] bracketG;
        while (true)
        {
            if (iteration >= MaxLineSearch)
            {
                (bracket, bracketF, bracketG, bracketSlope) = (new[] { 0, t }, new[] { f, fNew }, new[] { g, gNew }, new[] { slope, slopeNew });
                break;
            }

            if (fNew > f + SufficientDecrease * t * slope || (iteration > 1 && fNew >= fPrevious) || slopeNew >= 0)
            {
                (bracket, bracketF, bracketG, bracketSlope) = (new[] { tPrevious, t }, new[] { fPrevious, fNew }, new[] { gPrevious, gNew }, new[] { slopePrevious, slopeNew });
                break;
            }

            if (Math.Abs(slopeNew) <= -Curvature * slope)
            {
                (bracket, bracketF, bracketG, bracketSlope) = (new[] { t }, new[] { fNew }, new[] { gNew }, new[] { slopeNew });
                done = true;
                break;
            }

            double low = t + 0.01 * (t - tPrevious), high = t * 10, current = t;
            t = Cubic(tPrevious, fPrevious, slopePrevious, t, fNew, slopeNew, low, high);
            (tPrevious, fPrevious, gPrevious, slopePrevious) = (current, fNew, gNew, slopeNew);
            (fNew, gNew) = objective.Evaluate(x, t, d);
            evaluations++;
            if (!double.IsFinite(fNew) || !AllFinite(gNew))
            {
                return new LineSearch(f, g, 0, evaluations, t);
            }

            slopeNew = Dot(gNew, d);
            iteration++;
        }

        bool insufficientProgress = false;
        (int lowIndex, int highIndex) = bracket.Length == 1 || bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);

        while (!done && iteration < MaxLineSearch && bracket.Length > 1)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < changeTolerance)
            {
                break;
            }

            double lower = Math.Min(bracket[0], bracket[1]), upper = Math.Max(bracket[0], bracket[1]);
            t = Cubic(bracket[0], bracketF[0], bracketSlope[0], bracket[1], bracketF[1], bracketSlope[1], lower, upper);
            double margin = 0.1 * (upper - lower);
            if (Math.Min(upper - t, t - lower) < margin)
            {
                if (insufficientProgress || t >= upper || t <= lower)
                {
                    t = Math.Abs(t - upper) < Math.Abs(t - lower) ? upper - margin : lower + margin;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            (fNew, gNew) = objective.Evaluate(x, t, d);
            evaluations++;
            if (!double.IsFinite(fNew) || !AllFinite(gNew))
            {
                return new LineSearch(f, g, 0, evaluations, t);
            }

            slopeNew = Dot(gNew, d);
            iteration++;
            if (fNew > f + SufficientDecrease * t * slope || fNew >= bracketF[lowIndex])
            {
                (bracket[highIndex], bracketF[highIndex], bracketG[highIndex], bracketSlope[highIndex]) = (t, fNew, gNew, slopeNew);
                (lowIndex, highIndex) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(slopeNew) <= -Curvature * slope)
                {
                    done = true;
                }
                else if (slopeNew * (bracket[highIndex] - bracket[lowIndex]) >= 0)
                {
                    (bracket[highIndex], bracketF[highIndex], bracketG[highIndex], bracketSlope[highIndex]) =
                        (bracket[lowIndex], bracketF[lowIndex], bracketG[lowIndex], bracketSlope[lowIndex]);
                }

                (bracket[lowIndex], bracketF[lowIndex], bracketG[lowIndex], bracketSlope[lowIndex]) = (t, fNew, gNew, slopeNew);
            }
        }

        return new LineSearch(bracketF[lowIndex], bracketG[lowIndex], bracket[lowIndex], evaluations, null);
    }

    /// <summary>Where a line search ended: the accepted step with its loss and gradient, or the step whose loss or gradient was not finite.</summary>
    private readonly record struct LineSearch(double Loss, double[] Gradient, double Step, int Evaluations, double? NonFiniteAt);

    private static bool AllFinite(double[] x)
    {
        foreach (double v in x)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The minimizer of the cubic through two points with their values and slopes, kept within [low, high].</summary>
    private static double Cubic(double x1, double f1, double g1, double x2, double f2, double g2, double low, double high)
    {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double square = d1 * d1 - g1 * g2;
        if (square < 0)
        {
            return (low + high) / 2;
        }

        double d2 = Math.Sqrt(square);
        double minimum = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.Min(Math.Max(minimum, low), high);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double[] Scale(double[] x, double a)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = a * x[i];
        }

        return result;
    }

    private static double[] Negate(double[] x) => Scale(x, -1);

    private static double[] Subtract(double[] a, double[] b)
    {
        var result = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = a[i] - b[i];
        }

        return result;
    }

    private static double MaxAbs(double[] x)
    {
        double max = 0;
        foreach (double v in x)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    private static double SumAbs(double[] x)
    {
        double sum = 0;
        foreach (double v in x)
        {
            sum += Math.Abs(v);
        }

        return sum;
    }

    /// <summary>
    /// The model's mean loss (L2 included) and gradient on every training row at given parameters: the generated
    /// <c>ComputeGradients</c>, whose float loss and gradient bound how closely a line search can resolve the optimum
    /// (about 1e-4 of the weights at scikit-learn's C = 1); for logistic regression, the same objective evaluated here
    /// in double, as scikit-learn and SciPy evaluate it, so every method reaches the optimum to double precision.
    /// </summary>
    private sealed class Objective(IFullBatchModel model, Dataset train, float[]? weights)
    {
        private readonly double[] _point = new double[model.ParameterCount];
        private readonly LogisticRegressionObjective? _logistic = model.IsLogisticRegression ? new LogisticRegressionObjective(train, weights) : null;

        public void Write(double[] x)
        {
            Span<float> parameters = model.Parameters;
            for (int i = 0; i < x.Length; i++)
            {
                parameters[i] = (float)x[i];
            }
        }

        /// <summary>The training rows' scores at <paramref name="x"/> from logistic regression's last evaluation, when it was there.</summary>
        public bool TryCopyProbabilities(double[] x, float[] scores) => _logistic?.TryCopyProbabilities(x, scores) ?? false;

        /// <summary>Logistic regression's exact Hessian at <paramref name="x"/>.</summary>
        public double[,] LogisticHessian(double[] x, double l2) => Logistic.Hessian(x, l2);

        /// <summary>Each row's weight in logistic regression's Hessian at <paramref name="x"/>.</summary>
        public double[] LogisticCurvatures(double[] x) => Logistic.Curvatures(x);

        /// <summary>Logistic regression's exact <c>H·v</c> from the rows' <paramref name="curvatures"/>.</summary>
        public double[] LogisticHessianTimes(double[] curvatures, double l2, double[] v) => Logistic.HessianTimes(curvatures, l2, v);

        private LogisticRegressionObjective Logistic => _logistic ?? throw new InvalidOperationException("The model is not logistic regression.");

        /// <summary>
        /// <c>H·v</c> by central differences of the gradient, <c>(∇f(x + εv) − ∇f(x − εv)) / 2ε</c>, with ε scaled to the
        /// parameters and to ‖v‖ (the float gradient carries about 1e-7 relative noise, so ε stays around 1e-3).
        /// </summary>
        public double[] HessianTimes(double[] x, double[] v)
        {
            double epsilon = 1e-3 * (1 + MaxAbs(x)) / Math.Max(MaxAbs(v), 1e-12);
            double[] plus = Evaluate(x, epsilon, v).Gradient, minus = Evaluate(x, -epsilon, v).Gradient;
            var product = new double[x.Length];
            for (int i = 0; i < product.Length; i++)
            {
                product[i] = (plus[i] - minus[i]) / (2 * epsilon);
            }

            return product;
        }

        public (double Loss, double[] Gradient) Evaluate(double[] x, double t = 0, double[]? d = null)
        {
            for (int i = 0; i < x.Length; i++)
            {
                _point[i] = d is null ? x[i] : x[i] + t * d[i];
            }

            if (_logistic is not null)
            {
                return _logistic.Evaluate(_point, model.L2Strengths[0]);
            }

            Write(_point);
            double loss = model.ComputeGradients(train.Features, train.Labels, weights);
            ReadOnlySpan<float> g = model.Gradients;
            var gradient = new double[g.Length];
            for (int i = 0; i < g.Length; i++)
            {
                gradient[i] = g[i];
            }

            return (loss, gradient);
        }
    }
}
