using Engram.Memories;

namespace Engram.Client;

public sealed partial class LocalEngramClient
{
    public Task<IReadOnlyList<BatchItemOutcome>> WriteBatchAsync(string storeId, IReadOnlyList<BatchWriteItem> items, CancellationToken cancellationToken = default) =>
        Memories.WriteBatchAsync(caller, storeId, items, cancellationToken);
}
