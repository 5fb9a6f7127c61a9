using Engram.Search;

namespace Engram.Semantic;

/// <summary>Snowflake Arctic-embed-xs (384 dimensions) run locally: a <see cref="LocalEmbedder"/> of <see cref="LocalModel.ArcticXs"/>.</summary>
public sealed class ArcticXsEmbedder : ITextEmbedder, IDisposable
{
    private readonly LocalEmbedder _embedder = new(LocalModel.ArcticXs);

    /// <inheritdoc />
    public int Dimensions => _embedder.Dimensions;

    /// <inheritdoc />
    public string Model => _embedder.Model;

    /// <inheritdoc />
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) => _embedder.Embed(texts, cancellationToken);

    /// <inheritdoc />
    public float[][] EmbedQueries(IReadOnlyList<string> queries, CancellationToken cancellationToken) => _embedder.EmbedQueries(queries, cancellationToken);

    public void Dispose() => _embedder.Dispose();
}
