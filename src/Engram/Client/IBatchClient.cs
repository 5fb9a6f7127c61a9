using Engram.Memories;

namespace Engram.Client;

/// <summary>Many memory writes in one call.</summary>
public interface IBatchClient
{
    /// <summary>
    /// Writes many memories by path (at most <see cref="MemoryStoreService.MaxBatchItems"/>), each item atomic on its
    /// own, and reports every item's outcome in item order. Remotely this is one request.
    /// </summary>
    Task<IReadOnlyList<BatchItemOutcome>> WriteBatchAsync(string storeId, IReadOnlyList<BatchWriteItem> items, CancellationToken cancellationToken = default);
}
