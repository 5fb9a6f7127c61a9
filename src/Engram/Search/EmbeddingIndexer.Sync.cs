namespace Engram.Search;

internal sealed partial class EmbeddingIndexer
{
    /// <summary>Memories whose vectors are read again per read while an index catches up with changes made elsewhere.</summary>
    private const int ReloadPage = 1_000;

    // The store's vector change number (ISearchIndexStorage.VectorChangesSinceAsync) each held index reflects.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// Brings the store's held index up to date with the vectors stored or removed since it was loaded or last brought
    /// up to date, by any process sharing the database (other nodes, or this one): one indexed read when nothing
    /// changed; otherwise the changed memories' vectors are read again, or all of them after a reset. Nothing to do
    /// while the index is not held: its load reads everything.
    /// </summary>
    internal async Task SyncAsync(string storeId, CancellationToken cancellationToken)
    {
        if (!_indexes.ContainsKey(storeId) || !_seen.TryGetValue(storeId, out var seen))
        {
            return;
        }

        var changes = await storage.VectorChangesSinceAsync(storeId, seen, cancellationToken).ConfigureAwait(false);
        if (changes.Seq == seen && !changes.Reset)
        {
            return;
        }

        await _install.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_indexes.TryGetValue(storeId, out var index) || !_seen.TryGetValue(storeId, out var current))
            {
                return; // forgotten meanwhile: the next use loads it
            }

            if (current != seen)
            {
                changes = await storage.VectorChangesSinceAsync(storeId, current, cancellationToken).ConfigureAwait(false); // another search caught up meanwhile
            }

            if (changes.Reset || changes.Seq < current)
            {
                // Every vector dropped (semantic search turned off, another model adopted), or a clock that went back
                // (a restored database): load them all again.
                await LoadAsync(storeId, cancellationToken).ConfigureAwait(false);
                return;
            }

            foreach (var memoryIds in changes.MemoryIds.Chunk(ReloadPage))
            {
                var vectors = (await storage.VectorsOfAsync(storeId, memoryIds, cancellationToken).ConfigureAwait(false))
                    .GroupBy(v => v.MemoryId, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                foreach (var memoryId in memoryIds)
                {
                    index.Replace(memoryId, vectors.TryGetValue(memoryId, out var chunks) ? chunks : []);
                }
            }

            _seen[storeId] = changes.Seq;
        }
        finally
        {
            _install.Release();
        }
    }
}
