namespace Engram.Search;

/// <summary>
/// Turns text into vectors whose cosine similarity measures closeness of meaning. Injected: the default is a
/// local model shipped in a NuGet package (Engram.Semantic), so nothing is downloaded. Documents and queries
/// are embedded apart, because retrieval-trained models expect an instruction in front of a query only.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>The length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>
    /// Names the model and everything else that shapes its vectors. Vectors made under different names are never
    /// compared: a store embedded by another model is embedded again (equal <see cref="Dimensions"/> prove nothing).
    /// </summary>
    string Model => GetType().Name;

    /// <summary>One unit-length vector per text, each embedded as a document (a passage to be found).</summary>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>One unit-length vector per search query; models without a query form embed them as documents.</summary>
    float[][] EmbedQueries(IReadOnlyList<string> queries, CancellationToken cancellationToken) => Embed(queries, cancellationToken);
}
