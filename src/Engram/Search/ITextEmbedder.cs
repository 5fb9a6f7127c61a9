namespace Engram.Search;

/// <summary>
/// Turns text into vectors whose cosine similarity measures closeness of meaning. Injected: the default is
/// the local all-MiniLM-L6 model shipped in a NuGet package (Engram.Semantic), so nothing is downloaded.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>The length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>The model's name, for status reports.</summary>
    string Name => GetType().Name;

    /// <summary>One unit-length vector per text.</summary>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
