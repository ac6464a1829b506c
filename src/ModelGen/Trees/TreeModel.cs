using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Training;

namespace ModelGen.Trees;

/// <summary>Trees compiled into code: one sample's score, bit for bit what the ensemble's arrays give.</summary>
public delegate float CompiledTrees(ReadOnlySpan<float> features);

/// <summary>
/// A tree model — decision tree, random forest, balanced random forest, gradient-boosted trees or isolation forest —
/// behind the contract every ModelGen classifier has (<see cref="IModel"/>), so it is evaluated, cross-validated,
/// searched, calibrated, sealed in a <see cref="Classifier"/> and reported like a network. The generator derives a model
/// class from it with the options of its attribute; training is this shared runtime code, prediction walks the flat
/// arrays of <see cref="Ensemble"/> (or code compiled from a saved file).
/// </summary>
/// <remarks>
/// Missing values (NaN) are allowed in features and go down the branch training chose for them; infinities are
/// refused. Training is deterministic: the same seed and data give the same trees, bit for bit. Prediction only reads
/// the ensemble: one instance serves many threads.
/// </remarks>
public class TreeModel : IModel
{
    private readonly int _seed;
    private float _threshold;
    private CompiledTrees? _compiled;

    /// <summary>Creates an untrained model of <paramref name="inputSize"/> features; <paramref name="seed"/> drives bootstraps and feature draws.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public TreeModel(int inputSize, TreeOptions options, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(inputSize);
        InputSize = inputSize;
        Options = options;
        _seed = seed;
        Ensemble = TreeEnsemble.Untrained(inputSize);
        _threshold = 0.5f; // training sets the isolation forest's from its contamination
    }

    /// <summary>The options it trains with.</summary>
    public TreeOptions Options { get; }

    /// <summary>The trained trees, as flat arrays.</summary>
    public TreeEnsemble Ensemble { get; private set; }

    /// <inheritdoc />
    public int InputSize { get; }

    /// <inheritdoc />
    public int OutputSize => 1;

    /// <inheritdoc />
    public string Architecture => Options.Describe(InputSize);

    /// <summary>0.5 on probabilities; for an isolation forest, the score above which <see cref="TreeOptions.Contamination"/> of the training rows lie.</summary>
    public float DecisionThreshold => _threshold;

    /// <inheritdoc />
    public bool OutputsProbabilities => Options.Algorithm != TreeAlgorithm.IsolationForest;

    /// <summary>
    /// Impurity-based importance of each feature: its share of the total gain of the splits that test it, normalized to
    /// sum to 1 (scikit-learn's <c>feature_importances_</c>; for boosting, XGBoost's <c>total_gain</c> normalized).
    /// </summary>
    public IReadOnlyList<double> FeatureImportances
    {
        get
        {
            float[] gains = Ensemble.Gains;
            double total = gains.Sum(g => (double)g);
            return gains.Select(g => total > 0 ? g / total : 0).ToArray();
        }
    }

    /// <inheritdoc />
    public float Predict(ReadOnlySpan<float> features)
    {
        RequireFeatures(features);
        return _compiled is { } compiled ? compiled(features) : Ensemble.Predict(features);
    }

    /// <summary>
    /// For generated classes with a baked tree file: makes this model the file's trained ensemble and lets
    /// <see cref="Predict(ReadOnlySpan{float})"/> run <paramref name="compiled"/>, the same trees compiled into code, until
    /// the model is trained or loaded again.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    protected void InitializeTrained(ReadOnlySpan<int> roots, ReadOnlySpan<int> feature, ReadOnlySpan<float> threshold, ReadOnlySpan<int> left,
        ReadOnlySpan<int> right, ReadOnlySpan<bool> missingLeft, ReadOnlySpan<float> value, TreeCombination combination, float baseScore,
        float normalizer, float decisionThreshold, CompiledTrees compiled)
    {
        Ensemble = TreeEnsemble.FromArrays(InputSize, combination, baseScore, normalizer, roots, feature, threshold, left, right, missingLeft, value);
        _threshold = decisionThreshold;
        _compiled = compiled;
    }

    /// <summary>Whether <see cref="Predict(ReadOnlySpan{float})"/> runs code compiled from a baked tree file.</summary>
    public bool PredictsCompiled => _compiled is not null;

    /// <summary>The trained ensemble as a text tree file's contents, for <c>TreeModelFile</c>.</summary>
    internal TreeFile ToFile() => Ensemble.TreeCount == 0
        ? throw new InvalidOperationException("The tree model is not trained: there is nothing to save.")
        : Ensemble.ToFile(Architecture, _threshold);

    /// <summary>Replaces the ensemble with a tree file's (already checked against this model's architecture).</summary>
    internal void Load(TreeFile file)
    {
        if ((TreeCombination)file.Combination != TreeTraining.CombinationOf(Options.Algorithm))
        {
            throw new ArgumentException($"The file holds a {(TreeCombination)file.Combination} ensemble; this model is a {Options.Algorithm}.");
        }

        Ensemble = TreeEnsemble.FromArrays(InputSize, (TreeCombination)file.Combination, file.BaseScore, file.Normalizer, file.Roots, file.Feature,
            file.Threshold, file.Left, file.Right, file.MissingLeft, file.Value);
        _threshold = file.DecisionThreshold;
        _compiled = null;
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> features, Span<float> output)
    {
        ModelMath.RequireCapacity(output, 1, nameof(output));
        output[0] = Predict(features);
    }

    /// <inheritdoc />
    public void PredictBatch(ReadOnlySpan<float> features, Span<float> outputs)
    {
        ModelMath.PredictionCount(InputSize, 1, features, outputs);
        RequireNoInfinity(features);

        if (_compiled is { } compiled)
        {
            int count = features.Length / InputSize;
            for (int n = 0; n < count; n++)
            {
                outputs[n] = compiled(features.Slice(n * InputSize, InputSize));
            }

            return;
        }

        Ensemble.PredictBatch(features, outputs);
    }

    /// <summary>
    /// Trains on <paramref name="training"/>. From <paramref name="options"/> it reads the seed (added to the model's),
    /// class and sample weights, the resampler, and the validation data or split (boosting's early stopping); epochs,
    /// batch size and callbacks belong to networks and are refused when set.
    /// </summary>
    /// <exception cref="ArgumentException">The data's width differs from <see cref="InputSize"/>, holds an infinity, holds one class, or an option does not apply.</exception>
    public History Fit(Dataset training, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        if (training.FeatureCount != InputSize)
        {
            throw new ArgumentException($"The model reads {InputSize} features per sample but the data has {training.FeatureCount}.", nameof(training));
        }

        if (options.Callbacks.Count > 0)
        {
            throw new ArgumentException("Callbacks drive epoch training; a tree model trains in one call. Use TreeOptions.EarlyStoppingRounds for boosting.", nameof(options));
        }

        var history = new History();
        _compiled = null;
        Ensemble = TreeTraining.Train(this, training, options, _seed * 1_000_003L + options.Seed, history, out float threshold);
        _threshold = threshold;
        return history;
    }

    /// <summary>The algorithm, trees, leaves and depth, and the most important features.</summary>
    public string Summary(string? name = null)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("Model: \"").Append(name ?? GetType().Name).Append("\"\n");
        text.Append(Architecture).Append('\n');
        if (Ensemble.TreeCount == 0)
        {
            return text.Append("Not trained.\n").ToString();
        }

        text.Append(string.Create(c, $"Trees: {Ensemble.TreeCount:N0}, leaves: {Ensemble.LeafCount:N0}, nodes: {Ensemble.NodeCount:N0}, max depth: {Ensemble.MaxDepth}\n"));
        IReadOnlyList<double> importances = FeatureImportances;
        var top = importances.Select((v, i) => (Value: v, Index: i)).Where(p => p.Value > 0).OrderByDescending(p => p.Value).Take(5).ToArray();
        if (top.Length > 0)
        {
            text.Append("Top features by gain: ").Append(string.Join(", ", top.Select(p => string.Create(c, $"x{p.Index} {p.Value:P1}")))).Append('\n');
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public byte[] SaveState()
    {
        if (Ensemble.TreeCount == 0)
        {
            throw new InvalidOperationException("The tree model is not trained: there is no state to save.");
        }

        byte[] trees = Ensemble.ToBytes();
        var state = new byte[trees.Length + sizeof(float)];
        BitConverter.TryWriteBytes(state, _threshold);
        trees.CopyTo(state, sizeof(float));
        return state;
    }

    /// <inheritdoc />
    public void LoadState(ReadOnlySpan<byte> state)
    {
        if (state.Length < sizeof(float))
        {
            throw new ArgumentException("The state is too short to hold a tree model.", nameof(state));
        }

        float threshold = BitConverter.ToSingle(state);
        if (!float.IsFinite(threshold))
        {
            throw new ArgumentException("The state's decision threshold is not finite.", nameof(state));
        }

        TreeEnsemble ensemble = TreeEnsemble.FromBytes(state[sizeof(float)..], InputSize);
        if (ensemble.Combination != TreeTraining.CombinationOf(Options.Algorithm))
        {
            throw new ArgumentException($"The state holds a {ensemble.Combination} ensemble; this model is a {Options.Algorithm}.", nameof(state));
        }

        Ensemble = ensemble;
        _threshold = threshold;
        _compiled = null;
    }

    private void RequireFeatures(ReadOnlySpan<float> features)
    {
        ModelMath.RequireLength(features, InputSize, nameof(features));
        RequireNoInfinity(features);
    }

    /// <summary>Tree models take finite values or NaN (missing); an infinity is an error, not a value to route.</summary>
    private static void RequireNoInfinity(ReadOnlySpan<float> features)
    {
        foreach (float x in features)
        {
            if (float.IsInfinity(x))
            {
                throw new ArgumentException("A feature is infinite; a tree model takes finite values or NaN for a missing one.", nameof(features));
            }
        }
    }
}
