namespace ModelGen;

/// <summary>Creates fresh instances of a generated model, so cross-validation and search can train one per fold without reflection.</summary>
/// <typeparam name="TSelf">The generated model class.</typeparam>
public interface IModelFactory<TSelf>
    where TSelf : IModel
{
    /// <summary>A new model whose initial weights are drawn from <paramref name="seed"/>.</summary>
    static abstract TSelf Create(int seed);
}
