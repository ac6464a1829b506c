using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ModelGen.Data;
using ModelGen.Training;

namespace ModelGen.Svm;

/// <summary>
/// What the kernel machines share: support vectors with their coefficients and ρ, the kernel, the decision function
/// <c>Σ cᵢK(xᵢ, x) − ρ</c>, γ resolved from the training data as scikit-learn resolves it, and the saved state.
/// <see cref="SvmModel"/> and <see cref="OneClassSvmModel"/> train it.
/// </summary>
public abstract class KernelModel : IModel
{
    private float[] _supportVectors = Array.Empty<float>();
    private double[] _squares = Array.Empty<double>();
    private double[] _coefficients = Array.Empty<double>();
    private double _rho;
    private SvmKernelFunction _kernel;

    /// <summary>An untrained machine of <paramref name="inputSize"/> features.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    protected KernelModel(int inputSize, SvmOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        InputSize = inputSize;
        Options = options;
    }

    /// <summary>The settings it trains with.</summary>
    public SvmOptions Options { get; }

    /// <summary>The support vectors of the last training.</summary>
    public int SupportVectorCount => _coefficients.Length;

    /// <summary>The support vectors, row after row (scikit-learn's <c>support_vectors_</c>).</summary>
    public ReadOnlySpan<float> SupportVectors => _supportVectors;

    /// <summary>Each support vector's coefficient <c>yᵢαᵢ</c> (scikit-learn's <c>dual_coef_</c>).</summary>
    public ReadOnlySpan<double> DualCoefficients => _coefficients;

    /// <summary>
    /// The sigmoid from decision values to probabilities when the model was trained with
    /// <see cref="SvmOptions.Probability"/> (or loaded from a file that holds one), otherwise <see langword="null"/>.
    /// It is an <see cref="Calibration.ICalibrator"/>: pass it to <c>Classifier</c> as the calibrator.
    /// </summary>
    public Calibration.PlattScaling? Probability { get; private protected set; }

    /// <summary>The positive class's probability from <see cref="Probability"/> (scikit-learn's <c>predict_proba(x)[:, 1]</c>).</summary>
    /// <exception cref="InvalidOperationException">The model has no probability sigmoid.</exception>
    /// <exception cref="ArgumentException">The row has another width or a missing or infinite value.</exception>
    public float PredictProbability(ReadOnlySpan<float> features) =>
        (Probability ?? throw new InvalidOperationException("The model was trained without SvmOptions.Probability = true; train with it, or fit ModelGen.Calibration.PlattScaling on held-out decision values."))
            .Calibrate((float)DecisionFunction(features));

    /// <summary>The γ the kernel uses (resolved from <see cref="SvmOptions.Gamma"/> at training).</summary>
    public double Gamma => _kernel.Gamma;

    /// <summary>The decision function's constant term, <c>−ρ</c> (scikit-learn's <c>intercept_</c>).</summary>
    public double Intercept => -_rho;

    /// <summary>SMO iterations of the last training.</summary>
    public int Iterations { get; private protected set; }

    /// <inheritdoc />
    public int InputSize { get; }

    /// <inheritdoc />
    public int OutputSize => 1;

    /// <inheritdoc />
    public abstract string Architecture { get; }

    /// <inheritdoc />
    public float DecisionThreshold => 0f;

    /// <inheritdoc />
    public bool OutputsProbabilities => false;

    /// <summary>scikit-learn's <c>decision_function</c>: <c>Σ cᵢK(xᵢ, x) − ρ</c>.</summary>
    /// <exception cref="ArgumentException">The row has another width, or a missing or infinite value (a kernel has no branch for it).</exception>
    public double DecisionFunction(ReadOnlySpan<float> features)
    {
        if (features.Length != InputSize)
        {
            throw new ArgumentException($"The model reads {InputSize} features but {features.Length} were given.", nameof(features));
        }

        if (Numerics.ModelMath.IndexOfNonFinite(features) is int bad and >= 0)
        {
            throw new ArgumentException($"Feature {bad} is {features[bad]}; a kernel machine needs finite values (impute missing ones first).", nameof(features));
        }

        return Decide(features);
    }

    /// <summary>
    /// <c>Σ cᵢK(xᵢ, x) − ρ</c> for a checked row. A declared model's generated class overrides it with the kernel evaluated
    /// for its input size (unrolled, vectorized, no bounds checks) in the same operations, so the same bits.
    /// </summary>
    protected virtual double Decide(ReadOnlySpan<float> features)
    {
        double square = SvmKernelFunction.Dot(features, features);
        double sum = 0;
        for (int s = 0; s < _coefficients.Length; s++)
        {
            sum += _coefficients[s] * _kernel.Evaluate(_supportVectors.AsSpan(s * InputSize, InputSize), features, _squares[s], square);
        }

        return sum - _rho;
    }

    /// <summary>Each support vector's squared norm ‖xᵢ‖², which the RBF kernel uses.</summary>
    protected ReadOnlySpan<double> SupportVectorSquares => _squares;

    /// <summary>ρ, the decision function's offset (<see cref="Intercept"/> is −ρ).</summary>
    protected double Rho => _rho;

    /// <inheritdoc />
    public abstract float Predict(ReadOnlySpan<float> features);

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> features, Span<float> output)
    {
        if (output.Length < 1)
        {
            throw new ArgumentException("The output needs room for one score.", nameof(output));
        }

        output[0] = Predict(features);
    }

    /// <inheritdoc />
    public void PredictBatch(ReadOnlySpan<float> features, Span<float> outputs)
    {
        if (features.Length % InputSize != 0 || outputs.Length < features.Length / InputSize)
        {
            throw new ArgumentException($"The features must be whole rows of {InputSize} and the outputs hold one score per row.", nameof(features));
        }

        for (int n = 0; n < features.Length / InputSize; n++)
        {
            outputs[n] = Predict(features.Slice(n * InputSize, InputSize));
        }
    }

    /// <inheritdoc />
    public abstract History Fit(Dataset training, FitOptions options);

    /// <summary>Checks what every kernel machine refuses: another width, and epoch callbacks.</summary>
    private protected void RequireFit(Dataset training, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        if (training.FeatureCount != InputSize)
        {
            throw new ArgumentException($"The model reads {InputSize} features per sample but the data has {training.FeatureCount}.", nameof(training));
        }

        if (options.Callbacks.Count > 0)
        {
            throw new ArgumentException("Callbacks drive epoch training; a kernel machine trains in one call.", nameof(options));
        }

        Trainer.Validate(options, training);
        if (Numerics.ModelMath.IndexOfNonFinite(training.Features) is int bad and >= 0)
        {
            throw new ArgumentException(
                $"Row {bad / InputSize}, feature {bad % InputSize} is {training.Features[bad]}: a kernel machine cannot train on missing or infinite values; impute them first (TabularPipeline's NumericImputation).",
                nameof(training));
        }
    }

    /// <summary>
    /// Solves the dual from <paramref name="alpha"/> and keeps the rows with αᵢ &gt; 0, coefficient yᵢαᵢ; with
    /// <paramref name="negate"/> the decision function's sign is turned (coefficients and ρ), for labels solved as their
    /// opposite. An iteration limit reached before the tolerance is a warning in the history and the fit's log.
    /// </summary>
    /// <exception cref="ArgumentException">The kernel cache cannot hold one column of the data.</exception>
    private protected History Train(float[] x, sbyte[] y, double[] bounds, double[] alpha, double[] linear, FitOptions options, bool negate = false)
    {
        double columnMegabytes = SmoSolver.ColumnBytes(y.Length) / (1024 * 1024);
        if (Options.CacheMegabytes < columnMegabytes)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"CacheMegabytes = {Options.CacheMegabytes:G4} cannot hold one kernel column of these {y.Length:N0} rows ({columnMegabytes:G3} MB); give at least {2 * columnMegabytes:G3} MB (two columns, the least SMO works with; scikit-learn's default is 200)."),
                nameof(options));
        }

        _kernel = new SvmKernelFunction(Options.Kernel, ResolveGamma(x), Options.Degree, Options.Coef0);
        var solver = new SmoSolver(x, InputSize, y, bounds, _kernel, Options.CacheMegabytes, Options.Shrinking);
        double rho = solver.Solve(alpha, linear, Options.Tolerance, Options.MaxIterations);
        var vectors = new List<int>();
        for (int i = 0; i < alpha.Length; i++)
        {
            if (alpha[i] > 0)
            {
                vectors.Add(i);
            }
        }

        _supportVectors = new float[vectors.Count * InputSize];
        _coefficients = new double[vectors.Count];
        _squares = new double[vectors.Count];
        for (int s = 0; s < vectors.Count; s++)
        {
            int i = vectors[s];
            x.AsSpan(i * InputSize, InputSize).CopyTo(_supportVectors.AsSpan(s * InputSize));
            _coefficients[s] = (negate ? -y[i] : y[i]) * alpha[i];
            _squares[s] = SvmKernelFunction.Dot(_supportVectors.AsSpan(s * InputSize, InputSize), _supportVectors.AsSpan(s * InputSize, InputSize));
        }

        _rho = negate ? -rho : rho;
        Iterations = solver.Iterations;
        var history = new History();
        if (solver.HitIterationLimit)
        {
            string warning = string.Create(CultureInfo.InvariantCulture,
                $"SMO stopped at its iteration limit ({solver.Iterations:N0}) before the KKT violation fell below the tolerance {Options.Tolerance}: the machine is usable but not optimal; raise MaxIterations or the tolerance, or scale the features");
            history.StopReason = warning;
            history.Warn(warning);
            new ProgressReporter(options.Log, options.Verbosity).Message("Warning: " + warning);
        }

        return history;
    }

    /// <summary>The trained machine as a support-vector file holds it.</summary>
    internal SvmFile ToFile() => new(Architecture, _kernel.Gamma, _rho, (double[])_coefficients.Clone(), (float[])_supportVectors.Clone(),
        Probability is { } sigmoid ? (sigmoid.A, sigmoid.B) : null);

    /// <summary>
    /// Sets the trained machine: γ, ρ, each support vector's coefficient and its row (row after row), and the probability
    /// sigmoid if it has one. Generated <c>CreateTrained()</c> calls it with the values baked in from a support-vector
    /// file; <c>SvmModelFile.Load</c> too.
    /// </summary>
    /// <exception cref="ArgumentException">The rows do not match the coefficients, or a value is not finite.</exception>
    protected internal void InitializeTrained(double gamma, double rho, double[] coefficients, float[] vectors, Calibration.PlattScaling? probability = null)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Length != coefficients.Length * InputSize || !double.IsFinite(gamma) || !double.IsFinite(rho))
        {
            throw new ArgumentException($"{coefficients.Length} support vectors of {InputSize} features need {coefficients.Length * InputSize} values, and γ and ρ must be finite.", nameof(vectors));
        }

        var squares = new double[coefficients.Length];
        for (int s = 0; s < squares.Length; s++)
        {
            squares[s] = SvmKernelFunction.Dot(vectors.AsSpan(s * InputSize, InputSize), vectors.AsSpan(s * InputSize, InputSize));
        }

        (_kernel, _rho, _coefficients, _supportVectors, _squares) = (new SvmKernelFunction(Options.Kernel, gamma, Options.Degree, Options.Coef0), rho, (double[])coefficients.Clone(), (float[])vectors.Clone(), squares);
        Probability = probability;
    }

    /// <summary>γ as <see cref="SvmOptions.Gamma"/> says: scikit-learn's "scale" is <c>1 / (features · Var(X))</c>.</summary>
    private protected double ResolveGamma(ReadOnlySpan<float> x)
    {
        if (Options.Gamma == SvmGamma.Value)
        {
            return Options.GammaValue;
        }

        if (Options.Gamma == SvmGamma.Auto)
        {
            return 1.0 / InputSize;
        }

        double mean = 0;
        foreach (float v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        double variance = 0;
        foreach (float v in x)
        {
            variance += (v - mean) * (v - mean);
        }

        variance /= x.Length;
        return variance > 0 ? 1.0 / (InputSize * variance) : 1.0;
    }

    /// <inheritdoc />
    public string Summary(string? name = null) => string.Create(CultureInfo.InvariantCulture,
        $"Model: \"{name ?? GetType().Name}\"\n{Architecture}\n{(SupportVectorCount == 0 ? "Not trained." : $"Support vectors: {SupportVectorCount:N0}, gamma: {Gamma:G6}, intercept: {Intercept:G6}")}\n");

    /// <inheritdoc />
    public byte[] SaveState()
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Architecture);
        writer.Write(_kernel.Gamma);
        writer.Write(_rho);
        writer.Write(Probability is not null);
        writer.Write(Probability?.A ?? 0);
        writer.Write(Probability?.B ?? 0);
        writer.Write(_coefficients.Length);
        foreach (double c in _coefficients)
        {
            writer.Write(c);
        }

        foreach (float v in _supportVectors)
        {
            writer.Write(v);
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        using var reader = new BinaryReader(new MemoryStream(state.ToArray()));
        try
        {
            string architecture = reader.ReadString();
            if (architecture != Architecture)
            {
                throw new InvalidDataException($"The state is of '{architecture}', not of this model's '{Architecture}'.");
            }

            double gamma = reader.ReadDouble(), rho = reader.ReadDouble();
            bool sigmoid = reader.ReadBoolean();
            double a = reader.ReadDouble(), b = reader.ReadDouble();
            int count = reader.ReadInt32();
            if (count < 0 || (long)count * (8 + 4L * InputSize) != reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw new InvalidDataException("The state's length does not match its support vectors.");
            }

            var coefficients = new double[count];
            for (int s = 0; s < count; s++)
            {
                coefficients[s] = reader.ReadDouble();
            }

            var vectors = new float[count * InputSize];
            for (int i = 0; i < vectors.Length; i++)
            {
                vectors[i] = reader.ReadSingle();
            }

            InitializeTrained(gamma, rho, coefficients, vectors, sigmoid ? Calibration.PlattScaling.FromParameters(a, b) : null);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("The state is truncated.");
        }
        catch (ArgumentException problem)
        {
            throw new InvalidDataException("The state is damaged: " + problem.Message);
        }
    }
}
