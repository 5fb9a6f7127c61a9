using Engram.Memories;
using Engram.Wire;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    public async Task<IReadOnlyList<BatchItemOutcome>> WriteBatchAsync(string storeId, IReadOnlyList<BatchWriteItem> items, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<BatchResultJson>(HttpMethod.Post, $"v1/memory_stores/{Escape(storeId)}/memory_batch", items.ToJson(), cancellationToken).ConfigureAwait(false)).ToModel();
}
