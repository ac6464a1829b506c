using System;
using System.IO;
using System.Threading;

namespace ModelGen.Serving;

/// <summary>
/// The classifier an endpoint answers with. <see cref="Fixed"/> never changes; <see cref="Watch"/> reloads a classifier
/// file when it changes: the new file is loaded whole into a fresh model first and swapped in with one reference write,
/// so a request sees the old classifier or the new one, never half of one; a file that fails to load leaves the old
/// classifier serving and is reported in <see cref="LastReloadError"/>.
/// </summary>
public sealed class ClassifierSource : IDisposable
{
    private readonly string? _path;
    private readonly Func<IModel>? _createModel;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer? _debounce;
    private Classifier _current;

    private ClassifierSource(Classifier classifier, string? path, Func<IModel>? createModel)
    {
        _current = classifier;
        LoadedAt = DateTimeOffset.UtcNow;
        _path = path;
        _createModel = createModel;
        if (path is not null)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            // Writers replace the file (Save writes a temporary file and renames it): settle for 200 ms, then load.
            _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
            _watcher = new FileSystemWatcher(directory, Path.GetFileName(path)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            _watcher.Changed += (_, _) => _debounce.Change(200, Timeout.Infinite);
            _watcher.Created += (_, _) => _debounce.Change(200, Timeout.Infinite);
            _watcher.Renamed += (_, _) => _debounce.Change(200, Timeout.Infinite);
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>The classifier answering now.</summary>
    public Classifier Current => Volatile.Read(ref _current);

    /// <summary>When <see cref="Current"/> was loaded.</summary>
    public DateTimeOffset LoadedAt { get; private set; }

    /// <summary>Successful reloads since the source was created.</summary>
    public int Reloads { get; private set; }

    /// <summary>Why the last reload failed, or <see langword="null"/> when it did not.</summary>
    public string? LastReloadError { get; private set; }

    /// <summary>A source that always answers with <paramref name="classifier"/>.</summary>
    public static ClassifierSource Fixed(Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        return new ClassifierSource(classifier, null, null);
    }

    /// <summary>Loads the classifier file at <paramref name="path"/> into <paramref name="createModel"/>'s model and reloads it whenever the file changes.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="Persistence.ModelFileException">The file is not a classifier of that model.</exception>
    public static ClassifierSource Watch(string path, Func<IModel> createModel)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(createModel);
        return new ClassifierSource(Classifier.Load(path, createModel()), path, createModel);
    }

    /// <summary>Loads the watched file now (the watcher calls this); true when the new classifier is serving.</summary>
    public bool Reload()
    {
        if (_path is null)
        {
            return false;
        }

        try
        {
            Classifier loaded = Classifier.Load(_path, _createModel!());
            Volatile.Write(ref _current, loaded);
            LoadedAt = DateTimeOffset.UtcNow;
            Reloads++;
            LastReloadError = null;
            return true;
        }
        catch (Exception error) when (error is IOException or Persistence.ModelFileException or UnauthorizedAccessException)
        {
            LastReloadError = $"{DateTimeOffset.UtcNow:O}: {error.Message} (still serving the classifier loaded at {LoadedAt:O})";
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}
