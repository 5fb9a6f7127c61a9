namespace Engram.Search;

public sealed partial class EmbeddingIndexer
{
    // Set under the drain lock once this process has made every store's vectors its model's.
    private bool _modelAdopted;

    /// <summary>
    /// Once per process, under the drain lock: every store whose vectors another model made (or an unrecorded
    /// one) loses them and has all its memories queued, so a search never compares vectors of two models.
    /// Until the queue drains such a store has fewer vectors, as when semantic search was just turned on.
    /// </summary>
    private async Task AdoptModelAsync(CancellationToken cancellationToken)
    {
        if (_modelAdopted)
        {
            return;
        }

        var stale = await storage.StoresEmbeddedByOtherModelsAsync(embedder.Model, cancellationToken).ConfigureAwait(false);
        if (stale.Count > 0)
        {
            var token = "model:" + embedder.Model;
            await storage.WriteAsync(tx =>
            {
                foreach (var storeId in stale)
                {
                    tx.SetStoreEmbedding(storeId, on: false, token);
                    tx.SetStoreEmbedding(storeId, on: true, token);
                    tx.SetEmbeddingModel(storeId, embedder.Model);
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
            foreach (var storeId in stale)
            {
                _vectors.TryRemove(storeId, out _);
            }
        }

        _modelAdopted = true;
    }
}
