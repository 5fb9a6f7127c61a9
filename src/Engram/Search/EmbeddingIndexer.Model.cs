namespace Engram.Search;

internal sealed partial class EmbeddingIndexer
{
    // Set once this process has made every store's vectors its model's; adoption runs once, under its own lock
    // (the drain and an index's first load both ask for it, each under its own lock).
    private readonly SemaphoreSlim _adopt = new(1, 1);
    private volatile bool _modelAdopted;

    /// <summary>What made a vector, as a store records it: the model, and the chunker's version of what is embedded.</summary>
    private string VectorSource => $"{embedder.Model}; chunks v{MarkdownChunker.Version}";

    /// <summary>
    /// Once per process, before the first batch is embedded or the first index loads: every store whose vectors another model or another version of
    /// the chunker made (or an unrecorded one) loses them and has all its memories queued, so a search never compares vectors of two models.
    /// Until the queue drains such a store has fewer vectors, as when semantic search was just turned on.
    /// </summary>
    private async Task AdoptModelAsync(CancellationToken cancellationToken)
    {
        if (_modelAdopted)
        {
            return;
        }

        await _adopt.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_modelAdopted)
            {
                await AdoptAsync(cancellationToken).ConfigureAwait(false);
                _modelAdopted = true;
            }
        }
        finally
        {
            _adopt.Release();
        }
    }

    private async Task AdoptAsync(CancellationToken cancellationToken)
    {
        var stale = await storage.StoresEmbeddedByOtherModelsAsync(VectorSource, cancellationToken).ConfigureAwait(false);
        if (stale.Count > 0)
        {
            var token = "model:" + VectorSource;
            await storage.WriteAsync(tx =>
            {
                foreach (var storeId in stale)
                {
                    tx.SetStoreEmbedding(storeId, on: false, token);
                    tx.SetStoreEmbedding(storeId, on: true, token);
                    tx.SetEmbeddingModel(storeId, VectorSource);
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
            foreach (var storeId in stale)
            {
                _indexes.TryRemove(storeId, out _);
            }
        }
    }
}
