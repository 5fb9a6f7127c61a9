namespace Engram.Search;

internal sealed partial class EmbeddingIndexer
{
    /// <summary>
    /// At most this many queued memories a search embeds itself before answering, when no drain is running: a
    /// few fresh writes (well under a second of model time) are then found by meaning at once even where no
    /// background worker runs (the command line on a local data directory). More wait for the worker.
    /// </summary>
    internal const int CatchUpLimit = 8;

    /// <summary>
    /// Embeds the store's queue in the caller's time when it is short and no drain holds the model (where one
    /// does, the background worker is on it), and returns how many memories the store holds (counted only
    /// while some wait) and how many still wait. Never waits for a drain.
    /// </summary>
    internal async Task<(int Memories, int Pending)> CatchUpAsync(string storeId, CancellationToken cancellationToken)
    {
        var (_, pending) = await storage.EmbeddingProgressAsync(storeId, countMemories: false, cancellationToken).ConfigureAwait(false);
        if (pending is > 0 and <= CatchUpLimit && _drain.Wait(0))
        {
            try
            {
                await EmbedBatchAsync(storeId, CatchUpLimit, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _drain.Release();
            }

            (_, pending) = await storage.EmbeddingProgressAsync(storeId, countMemories: false, cancellationToken).ConfigureAwait(false);
        }

        return pending == 0 ? (0, 0) : await storage.EmbeddingProgressAsync(storeId, countMemories: true, cancellationToken).ConfigureAwait(false);
    }
}
