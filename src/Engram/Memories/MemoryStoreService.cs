using Engram.Access;
using Engram.Errors;
using Engram.Identity;
using Engram.Storage;

namespace Engram.Memories;

/// <summary>
/// The memory store: stores, memories and their versions, with every rule of the compatible API
/// (paths, sizes, content-hash preconditions, overlap conflicts, archive rules, append-only history).
/// Each write is one storage unit of work that checks its precondition and appends its version, so a
/// refused write changes nothing.
/// </summary>
public sealed partial class MemoryStoreService(IMemoryStorage storage, TimeProvider time, IIdGenerator ids)
{
    /// <summary>Longest accepted <c>reason</c> (an extension field shown in history).</summary>
    public const int MaxReasonCharacters = 1_024;

    /// <summary>The storage this service writes to.</summary>
    internal IMemoryStorage Storage => storage;

    private DateTimeOffset Now() => time.UtcNowMicroseconds();

    private static Page<T> ToPage<T>(IReadOnlyList<T> rows, int limit, Func<T, string> tokenAfter) =>
        rows.Count > limit
            ? new Page<T>(rows.Take(limit).ToList(), tokenAfter(rows[limit - 1]))
            : new Page<T>(rows, null);

    private static string? ValidateReason(string? reason) =>
        reason is null ? null : UnicodeText.RequireBoundedText(reason, "reason", MaxReasonCharacters);

    private static string? ValidateId(string? id, string prefix, string field) =>
        id is null || IdPrefix.Matches(id, prefix)
            ? id
            : throw new InvalidRequestException(field, $"must be an id that starts with '{prefix}_' (got \"{id}\")");

    private static MemoryStore RequireStore(IStorageWriter tx, string storeId) =>
        tx.GetStore(storeId) ?? throw new NotFoundException("memory_store", storeId);

    private static MemoryStore RequireWritableStore(IStorageWriter tx, string storeId)
    {
        var store = RequireStore(tx, storeId);
        return store.IsArchived
            ? throw new InvalidStateException($"memory store {storeId} is archived: its memories can be read, deleted and redacted, but not created or updated")
            : store;
    }

    private async Task<MemoryStore> RequireStoreAsync(string storeId, CancellationToken cancellationToken) =>
        await storage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException("memory_store", storeId);

    /// <summary>Returns what was read, or reports it missing; an unknown store is reported as such, not as a missing object.</summary>
    private async Task<T> FoundAsync<T>(T? found, string storeId, string kind, string id, CancellationToken cancellationToken)
        where T : class
    {
        if (found is not null)
        {
            return found;
        }

        await RequireStoreAsync(storeId, cancellationToken).ConfigureAwait(false);
        throw new NotFoundException(kind, id);
    }

    private MemoryVersion NewVersion(Caller caller, Memory memory, VersionOperation operation, DateTimeOffset at, string? reason) =>
        new(
            ids.NewId(IdPrefix.MemoryVersion),
            memory.Id,
            memory.MemoryStoreId,
            operation,
            memory.Path,
            Content: null,
            operation == VersionOperation.Deleted ? null : memory.ContentSha256,
            operation == VersionOperation.Deleted ? null : memory.ContentSizeBytes,
            at,
            caller.Actor,
            RedactedAt: null,
            RedactedBy: null)
        {
            Reason = reason,
            ApiKeyId = caller.ApiKeyId,
        };
}
