using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace ModelGen.Persistence;

/// <summary>
/// A model's parameters in a small versioned binary file (magic <c>MGW1</c>): the architecture string and the parameters
/// as little-endian floats in the <see cref="IGradientModel.Parameters"/> layout, in ModelGen's checksummed section container.
/// Writes are atomic (temporary file, flush to disk, rename), so a crash never leaves a half-written file; reads reject
/// anything else with a <see cref="ModelFileException"/> saying what is wrong.
/// </summary>
public static class WeightsFile
{
    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "MGW1"u8;

    /// <summary>Writes <paramref name="model"/>'s parameters to <paramref name="path"/>, replacing any file atomically.</summary>
    public static void Save(IGradientModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireFinite(model, path);
        SectionFile.Write(path, Magic, FormatVersion, new[] { ("architecture", Encoding.UTF8.GetBytes(model.Architecture)), ("parameters", Encode(model.Parameters)) });
    }

    /// <summary>Reads <paramref name="path"/> into <paramref name="model"/>'s parameters; the model is untouched when the file is rejected.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="ModelFileException">The file is not a weights file, is truncated or corrupt, is of a newer format, or holds another architecture.</exception>
    public static void Load(IGradientModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var sections = SectionFile.Read(path, Magic, FormatVersion, "weights file");
        Decode(model, SectionFile.Require(sections, "architecture", path), SectionFile.Require(sections, "parameters", path), path);
    }

    /// <summary>
    /// Refuses to save a model with a NaN or infinite parameter, the rule the build applies to baked weights (MG0027):
    /// such a file would load without complaint and answer one class for every row.
    /// </summary>
    /// <exception cref="InvalidOperationException">A parameter is not finite; nothing is written.</exception>
    internal static void RequireFinite(IGradientModel model, string path)
    {
        ReadOnlySpan<float> parameters = model.Parameters;
        int bad = Numerics.ModelMath.IndexOfNonFinite(parameters);
        if (bad < 0)
        {
            return;
        }

        string where = $"parameter {bad}";
        foreach (LayerSummary layer in model.Layers)
        {
            foreach (TensorSummary tensor in layer.Tensors)
            {
                if (bad >= tensor.Offset && bad < tensor.Offset + tensor.Length)
                {
                    where += $" ({layer.Name}.{tensor.Name}[{bad - tensor.Offset}])";
                }
            }
        }

        throw new InvalidOperationException(
            $"Not saving '{path}': {where} is {parameters[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)}. " +
            "The model's weights are not finite (training diverged, or they were set so); a file of them would predict one class for every row. " +
            "Retrain with a lower learning rate or scaled features, or restore finite weights; nothing was written.");
    }

    /// <summary>Parameters as little-endian floats.</summary>
    internal static byte[] Encode(ReadOnlySpan<float> parameters)
    {
        var bytes = new byte[parameters.Length * sizeof(float)];
        for (int i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), parameters[i]);
        }

        return bytes;
    }

    /// <summary>Rejects saved parameters of another architecture or count than <paramref name="model"/>'s.</summary>
    internal static void RequireSameArchitecture(IGradientModel model, byte[] architectureBytes, byte[] parameters, string path) =>
        RequireSameArchitecture(model, Encoding.UTF8.GetString(architectureBytes), parameters.Length / sizeof(float), path);

    /// <summary>Rejects <paramref name="parameterCount"/> saved parameters of <paramref name="architecture"/> unless they are <paramref name="model"/>'s.</summary>
    internal static void RequireSameArchitecture(IGradientModel model, string architecture, int parameterCount, string path)
    {
        if (architecture != model.Architecture || parameterCount != model.ParameterCount)
        {
            throw new ModelFileException(Path.GetFileName(path),
                $"it holds {parameterCount} parameters of '{architecture}', but the model is '{model.Architecture}' with {model.ParameterCount}.");
        }
    }

    /// <summary>Checks the architecture and count, then copies the parameters into <paramref name="model"/>; non-finite ones are refused.</summary>
    internal static void Decode(IGradientModel model, byte[] architectureBytes, byte[] parameters, string path)
    {
        RequireSameArchitecture(model, architectureBytes, parameters, path);
        try
        {
            ParameterState.Load(model, parameters);
        }
        catch (ArgumentException problem)
        {
            // A checksum-valid file of non-finite weights was written by something other than ModelGen, which refuses to.
            throw new ModelFileException(Path.GetFileName(path), problem.Message);
        }
    }
}

/// <summary>
/// A gradient-trained model's state for <see cref="IModel.SaveState"/> and <see cref="IModel.LoadState"/>: its
/// parameters as little-endian floats, the layout of <see cref="WeightsFile"/>. Generated models call it; user code has
/// <see cref="Classifier"/> and the weights files.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ParameterState
{
    /// <summary>The parameters as bytes.</summary>
    public static byte[] Save(IGradientModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return WeightsFile.Encode(model.Parameters);
    }

    /// <summary>Replaces the parameters with <paramref name="state"/>; a state of another length or with a non-finite value leaves them unchanged.</summary>
    /// <exception cref="ArgumentException">The state does not hold <see cref="IGradientModel.ParameterCount"/> finite floats.</exception>
    public static void Load(IGradientModel model, ReadOnlySpan<byte> state)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (state.Length != model.ParameterCount * sizeof(float))
        {
            throw new ArgumentException($"The state holds {state.Length} bytes; '{model.Architecture}' needs {model.ParameterCount} parameters ({model.ParameterCount * sizeof(float)} bytes).", nameof(state));
        }

        var values = new float[model.ParameterCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(state.Slice(i * sizeof(float)));
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"Parameter {i} of the state is {values[i]}; a model's parameters must be finite.", nameof(state));
            }
        }

        values.CopyTo(model.Parameters);
    }
}

/// <summary>A model or weights file that cannot be loaded; the message names the file and what is wrong with it.</summary>
public sealed class ModelFileException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ModelFileException(string file, string problem)
        : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file's name.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
