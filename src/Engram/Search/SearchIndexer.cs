using Engram.Storage;

namespace Engram.Search;

/// <summary>
/// Keeps the search index in step with the store. Writes only queue their memory (a small row in the same
/// unit of work); the indexer drains the queue off the write's critical path, in batches, and every search
/// drains its store first, so results always reflect acknowledged writes.
/// </summary>
internal sealed class SearchIndexer(ISearchIndexStorage storage, IMemoryStorage memoryStorage, StoreSettingsCache settings)
{
    /// <summary>Memories indexed per unit of work.</summary>
    private const int Batch = 256;

    /// <summary>Indexes everything queued (for one store, or all); returns how many memories it indexed.</summary>
    public async Task<int> DrainAsync(string? storeId, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var work = await storage.PendingIndexWorkAsync(storeId, Batch, cancellationToken).ConfigureAwait(false);
            if (work.Count == 0)
            {
                return total;
            }

            var documents = new List<(IndexWork Work, SearchDocument? Document, bool Semantic)>(work.Count);
            var semanticStores = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var item in work)
            {
                var memory = await memoryStorage.GetMemoryAsync(item.StoreId, item.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false);
                if (!semanticStores.TryGetValue(item.StoreId, out var semantic))
                {
                    semantic = semanticStores[item.StoreId] = (await settings.GetAsync(item.StoreId, cancellationToken).ConfigureAwait(false)).Semantic;
                }

                documents.Add((item, memory is null ? null : Document(memory.Path, memory.ContentSha256, memory.Content!), semantic && memory is not null));
            }

            await storage.WriteAsync(tx =>
            {
                foreach (var (item, document, semantic) in documents)
                {
                    if (document is null)
                    {
                        tx.RemoveDocument(item.StoreId, item.MemoryId);
                    }
                    else
                    {
                        tx.UpsertDocument(item.StoreId, item.MemoryId, document);
                        if (semantic)
                        {
                            tx.QueueEmbedding(item.StoreId, item.MemoryId, item.Token);
                        }
                    }

                    tx.CompleteIndex(item);
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
            total += work.Count;
            if (work.Count < Batch)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// The document of a memory. Content is never trusted to be well formed: should reading it fail in a way
    /// the parsers did not foresee, the memory is indexed as plain text with the problem named, rather than
    /// leaving the queue stuck behind it.
    /// </summary>
    private static SearchDocument Document(string path, string sha256, string content)
    {
        try
        {
            return SearchDocument.Of(path, sha256, content);
        }
#pragma warning disable CA1031 // any failure of the parsers on user content must not stop indexing
        catch (Exception error)
#pragma warning restore CA1031
        {
            return new SearchDocument(path, sha256, null, null, null, [], content, null, null, false, null, null, $"could not be read: {error.GetType().Name}");
        }
    }
}
