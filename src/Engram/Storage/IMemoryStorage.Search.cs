using Engram.Search;

namespace Engram.Storage;

public partial interface IMemoryStorage
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

    /// <summary>Queued index work, oldest first.</summary>
    Task<IReadOnlyList<IndexWork>> PendingIndexWorkAsync(string? storeId, int limit, CancellationToken cancellationToken);

    /// <summary>Stores holding vectors or queued embedding work whose recorded embedding model is not <paramref name="model"/> (or is unknown).</summary>
    Task<IReadOnlyList<string>> StoresEmbeddedByOtherModelsAsync(string model, CancellationToken cancellationToken);
}

public partial interface IStorageWriter
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
