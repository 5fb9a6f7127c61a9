using Engram.Search;

namespace Engram.Storage;

/// <summary>
/// The search index port: each memory's search document, its section vectors, and the queues that keep them in
/// step with writes. The index is eventually consistent with memories: a write queues index work in its own
/// transaction (so no acknowledged write is forgotten by a crash) and the indexer applies it later; a queued item
/// completes only if it was not queued again since. Everything is per store: one store's documents never change
/// another's results or scores.
/// </summary>
public partial interface ISearchIndexStorage : ITransactionalStorage
{
    /// <summary>
    /// Ranked full-text hits (BM25 with field weights), <paramref name="offset"/> into the ranking. BM25's statistics
    /// (document count, average field lengths, document frequencies) are the store's own: what other stores hold
    /// never changes a store's results or scores, so the same memories rank the same in a shared database or alone.
    /// </summary>
    Task<IReadOnlyList<TextHit>> SearchTextAsync(string storeId, TextQuery query, TextFilter filter, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The highlighted snippet of each memory named that the query's words match, as <see cref="SearchTextAsync"/>
    /// gives its hits; memories the words do not match are left out.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> SnippetsAsync(string storeId, TextQuery query, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken);

    /// <summary>Indexed documents under a prefix, in path order after <paramref name="afterPath"/>.</summary>
    Task<IReadOnlyList<(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt)>> ListDocumentsAsync(
        string storeId, string prefix, string? afterPath, int limit, CancellationToken cancellationToken);

    /// <summary>What the memory section needs of each indexed memory under a prefix, in path order after <paramref name="afterPath"/>.</summary>
    Task<IReadOnlyList<DocumentOutline>> ListOutlinesAsync(string storeId, string prefix, string? afterPath, int limit, CancellationToken cancellationToken);

    /// <summary>The indexed document of one memory, or null.</summary>
    Task<SearchDocument?> GetDocumentAsync(string storeId, string memoryId, CancellationToken cancellationToken);

    /// <summary>The indexed documents of the memories named that have one, with when each memory was last updated, in no particular order.</summary>
    Task<IReadOnlyList<(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt)>> GetDocumentsAsync(
        string storeId, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken);

    /// <summary>Queued index work, oldest first: of one store, or of every store when <paramref name="storeId"/> is null.</summary>
    Task<IReadOnlyList<IndexWork>> PendingIndexWorkAsync(string? storeId, int limit, CancellationToken cancellationToken);
}

/// <summary>The search index port's operations inside one write transaction.</summary>
public interface ISearchIndexWriter
{
    /// <summary>Queues a memory for (re)indexing after a write; cheap, so it can ride along with every write.</summary>
    void QueueIndex(string storeId, string memoryId, string token);

    /// <summary>Stores a memory's search document (replacing any earlier one).</summary>
    void UpsertDocument(string storeId, string memoryId, SearchDocument document);

    /// <summary>Removes a memory's search document and vectors.</summary>
    void RemoveDocument(string storeId, string memoryId);

    /// <summary>Marks index work done, unless the memory was queued again since.</summary>
    void CompleteIndex(IndexWork work);

    /// <summary>Queues a memory for embedding.</summary>
    void QueueEmbedding(string storeId, string memoryId, string token);

    /// <summary>Replaces a memory's section vectors.</summary>
    void ReplaceVectors(string storeId, string memoryId, IReadOnlyList<ChunkVector> vectors);

    /// <summary>Queues every memory of a store for embedding (semantic search was turned on), or drops its vectors (turned off).</summary>
    void SetStoreEmbedding(string storeId, bool on, string token);

    /// <summary>Marks embedding work done, unless queued again since.</summary>
    void CompleteEmbedding(IndexWork work);

    /// <summary>Records that <paramref name="model"/> (<see cref="ITextEmbedder.Model"/>) made the store's vectors.</summary>
    void SetEmbeddingModel(string storeId, string model);
}
