using Engram.Search;

namespace Engram.Semantic;

/// <summary>
/// all-MiniLM-L6 (384 dimensions) run locally: a <see cref="LocalEmbedder"/> of <see cref="LocalModel.MiniLm"/>, in
/// float, as the dream's similarity thresholds were measured.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    private readonly LocalEmbedder _embedder = new(LocalModel.MiniLm, new LocalEmbedderOptions { Int8 = false });

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
