using Engram.Search;

namespace Engram.Storage;

public partial interface ISearchIndexStorage
{
    /// <summary>Queued embedding work, oldest first: of one store, or of every store when <paramref name="storeId"/> is null.</summary>
    Task<IReadOnlyList<IndexWork>> PendingEmbeddingWorkAsync(string? storeId, int limit, CancellationToken cancellationToken);

    /// <summary>How many memories of a store wait to be embedded, and (when <paramref name="countMemories"/>, else 0) how many it holds.</summary>
    Task<(int Memories, int Pending)> EmbeddingProgressAsync(string storeId, bool countMemories, CancellationToken cancellationToken);

    /// <summary>A store's section vectors in (memory id, chunk) order after <paramref name="after"/>: one page of a full load.</summary>
    Task<IReadOnlyList<ChunkVector>> LoadVectorsAsync(string storeId, (string MemoryId, int Chunk)? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// What changed in a store's vectors since change number <paramref name="since"/>: every replacement or removal of
    /// a memory's vectors takes the store's next change number in its own transaction, so a node holding the vectors
    /// in memory learns with one indexed read what other nodes changed. <see cref="VectorChanges.Seq"/> is the
    /// store's latest number (0 when it never changed); pass <see cref="long.MaxValue"/> to learn it alone.
    /// </summary>
    Task<VectorChanges> VectorChangesSinceAsync(string storeId, long since, CancellationToken cancellationToken);

    /// <summary>The section vectors of the memories named that have any, in (memory id, chunk) order.</summary>
    Task<IReadOnlyList<ChunkVector>> VectorsOfAsync(string storeId, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken);

    /// <summary>Stores holding vectors or queued embedding work whose recorded embedding model is not <paramref name="model"/> (or is unknown).</summary>
    Task<IReadOnlyList<string>> StoresEmbeddedByOtherModelsAsync(string model, CancellationToken cancellationToken);
}
