using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;

namespace Engram.Memories;

internal sealed partial class MemoryStoreService
{
    /// <summary>Most items in one batch write: a request a server answers in seconds, and a response a client holds easily.</summary>
    public const int MaxBatchItems = 1_000;

    /// <summary>Items of one batch in flight at once: enough to fill a group commit, few enough not to drain the read pool.</summary>
    private const int BatchParallelism = 32;

    /// <summary>
    /// Extension: writes many memories by path in one call. Each item is its own single write (create, update or
    /// delete), with that write's rules, permission checks, proposals and preconditions, and its own unit of work, so
    /// an item that fails changes nothing and leaves the others alone. Items run concurrently (their commits are
    /// grouped) in no promised order; a path may appear once per batch. A store the caller cannot see, or a batch
    /// that is empty or too long, is refused whole.
    /// </summary>
    public async Task<IReadOnlyList<BatchItemOutcome>> WriteBatchAsync(Caller caller, string storeId, IReadOnlyList<BatchWriteItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            throw new InvalidRequestException("items", "must hold at least one item");
        }

        if (items.Count > MaxBatchItems)
        {
            throw new InvalidRequestException("items", $"must hold at most {MaxBatchItems:N0} items (got {items.Count:N0}); split the batch");
        }

        var (rules, _) = await ReadAccessAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var firstAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var outcomes = new BatchItemOutcome[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Path is { } path && !firstAt.TryAdd(path, i))
            {
                outcomes[i] = new BatchItemOutcome(i, path, BatchItemStatus.Refused, Error: new InvalidRequestException(
                    "path", $"is already item {firstAt[path]} of this batch; a path may be written once per batch"));
            }
        }

        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count).Where(i => outcomes[i] is null).ToList(),
            new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken },
            async (index, ct) => outcomes[index] = await WriteItemAsync(caller, rules, storeId, index, items[index], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return outcomes;
    }

    private async Task<BatchItemOutcome> WriteItemAsync(Caller caller, PolicySet rules, string storeId, int index, BatchWriteItem item, CancellationToken cancellationToken)
    {
        try
        {
            var path = MemoryPath.Parse(item.Path);
            var expected = item.ExpectedContentSha256 is null ? null : MemoryContent.ValidateSha256(item.ExpectedContentSha256, "precondition.content_sha256");
            if (item.Operation == BatchOperation.Delete)
            {
                if (item.Content is not null)
                {
                    throw new InvalidRequestException("content", "must be left out of a delete");
                }
            }
            else
            {
                MemoryContent.Validate(item.Content);
            }

            if (item.Operation == BatchOperation.Create)
            {
                if (expected is not null)
                {
                    throw new InvalidRequestException("precondition", "does not apply to a create, which needs the path free; use operation write or update");
                }

                return ItemOutcome(index, item, BatchItemStatus.Created, await CreateMemoryAsync(caller, storeId, new CreateMemoryRequest(item.Path, item.Content, item.Reason), cancellationToken).ConfigureAwait(false));
            }

            for (var attempt = 0; ; attempt++)
            {
                // Looked up only where the caller may read, as a single write by id would be: elsewhere the write goes
                // on as a create, whose refusal (or proposal) says nothing about what lies at the path.
                var existing = (rules.Evaluate(caller, storeId, path.Value) & Capability.Read) == 0
                    ? null
                    : await storage.GetMemoryByPathAsync(storeId, path.Value, withContent: false, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    if (item.Operation != BatchOperation.Write)
                    {
                        throw new NotFoundException("memory at path", path.Value);
                    }

                    if (expected is not null)
                    {
                        throw new PreconditionFailedException($"there is no memory at {path.Value}, so its content cannot have content_sha256 {expected}");
                    }

                    try
                    {
                        return ItemOutcome(index, item, BatchItemStatus.Created, await CreateMemoryAsync(caller, storeId, new CreateMemoryRequest(item.Path, item.Content, item.Reason), cancellationToken).ConfigureAwait(false));
                    }
                    catch (PathConflictException conflict) when (conflict.ConflictingPath == path.Value && attempt == 0)
                    {
                        continue; // created between the look and the create: update it instead
                    }
                }

                if (item.Operation == BatchOperation.Delete)
                {
                    var deleted = await DeleteMemoryAsync(caller, storeId, existing.Id, new DeleteMemoryRequest(expected, item.Reason), cancellationToken).ConfigureAwait(false);
                    return deleted.Proposal is { } proposal
                        ? Proposed(index, item, proposal)
                        : new BatchItemOutcome(index, path.Value, BatchItemStatus.Deleted, existing.Id);
                }

                var updated = await UpdateMemoryAsync(caller, storeId, existing.Id, new UpdateMemoryRequest(item.Content, ExpectedContentSha256: expected, Reason: item.Reason), cancellationToken).ConfigureAwait(false);
                return updated.Proposal is { } filed
                    ? Proposed(index, item, filed)
                    : Written(index, updated.Value.MemoryVersionId == existing.MemoryVersionId ? BatchItemStatus.Unchanged : BatchItemStatus.Updated, updated.Value);
            }
        }
        catch (EngramException failure)
        {
            return new BatchItemOutcome(index, item.Path, BatchItemStatus.Refused, Error: failure);
        }
    }

    private static BatchItemOutcome ItemOutcome(int index, BatchWriteItem item, BatchItemStatus status, WriteResult<Memory> result) =>
        result.Proposal is { } proposal ? Proposed(index, item, proposal) : Written(index, status, result.Value);

    private static BatchItemOutcome Proposed(int index, BatchWriteItem item, Review.Proposal proposal) =>
        new(index, item.Path, BatchItemStatus.Proposed, proposal.MemoryId, ProposalId: proposal.Id);

    private static BatchItemOutcome Written(int index, BatchItemStatus status, Memory memory) =>
        new(index, memory.Path, status, memory.Id, memory.MemoryVersionId, memory.ContentSha256);
}
