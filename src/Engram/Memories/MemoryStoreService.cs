using Engram.Access;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Review;
using Engram.Storage;

namespace Engram.Memories;

/// <summary>
/// The memory store: stores, memories and their versions, with every rule of the compatible API (paths,
/// sizes, content-hash preconditions, overlap conflicts, archive rules, append-only history) and every
/// path policy. Each write is one storage unit of work that checks its permission and precondition and
/// appends its version and audit event, so a refused write changes nothing.
/// </summary>
internal sealed partial class MemoryStoreService(IMemoryStorage storage, TimeProvider time, IIdGenerator ids, PolicyStore policies, AuditTrail audit)
{
    /// <summary>Longest accepted <c>reason</c> (an extension field shown in history).</summary>
    public const int MaxReasonCharacters = 1_024;

    /// <summary>The storage this service writes to.</summary>
    internal IMemoryStorage Storage => storage;

    /// <summary>The time a write records (microseconds, as storage keeps it).</summary>
    internal DateTimeOffset Now() => time.UtcNowMicroseconds();

    /// <summary>A new memory id, for another feature's write inside a unit of work (a proposal that creates a memory).</summary>
    internal string NewMemoryId() => ids.NewId(IdPrefix.Memory);

    /// <summary>The audit trail writes record to, inside their unit of work.</summary>
    internal AuditTrail Audit => audit;

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

    /// <summary>The version a write of <paramref name="memory"/> appends (not yet stored: see <see cref="AppendVersion"/>).</summary>
    internal MemoryVersion NewVersion(Caller caller, Memory memory, VersionOperation operation, DateTimeOffset at, string? reason) =>
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

    /// <summary>Appends a version and queues its memory for the search index, in the same unit of work.</summary>
    internal static void AppendVersion(IStorageWriter tx, MemoryVersion version)
    {
        tx.InsertVersion(version);
        tx.QueueIndex(version.MemoryStoreId, version.MemoryId, version.Id);
    }

    /// <summary>
    /// Runs a unit of work whose outcome may be a proposal or a denial instead of a result. A denial cannot be
    /// thrown inside the unit (its savepoint would roll back the audit of a proposal or the proposal itself), so it
    /// is raised here, after the commit, with the denial recorded in the audit log; a proposal is returned as one.
    /// </summary>
    private async Task<WriteResult<T>> WriteAsync<T>(Func<IStorageWriter, Outcome<T>> work, CancellationToken cancellationToken)
    {
        var outcome = await storage.WriteAsync(work, cancellationToken).ConfigureAwait(false);
        if (outcome.Proposal is { } proposal)
        {
            return WriteResult<T>.Proposed(proposal);
        }

        if (outcome.Denial is { } denial)
        {
            await (denial.Error is NotFoundException
                ? audit.ConcealedAsync(denial.Caller, denial.Action, denial.StoreId, denial.Target, $"{denial.Error.Message}; answered as not found", cancellationToken)
                : audit.DeniedAsync(denial.Caller, denial.Action, denial.StoreId, denial.Target, denial.Error.Message, cancellationToken)).ConfigureAwait(false);
            throw denial.Error;
        }

        return WriteResult<T>.Written(outcome.Value!);
    }

    /// <summary>
    /// Runs a unit of work that never files a proposal (store, version and review operations); Review runs its writes
    /// through it, so a refusal decided inside is recorded in the audit log the same way.
    /// </summary>
    internal async Task<T> RunAsync<T>(Func<IStorageWriter, Outcome<T>> work, CancellationToken cancellationToken) =>
        (await WriteAsync(work, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>What a unit of work ended with: a result, a filed proposal, or a refusal to record.</summary>
    internal sealed record Outcome<T>(T? Value, Proposal? Proposal = null, Denial? Denial = null)
    {
        public static implicit operator Outcome<T>(T value) => new(value);

        public static implicit operator Outcome<T>(Proposal proposal) => new(default(T), proposal);

        public static implicit operator Outcome<T>(Denial denial) => new(default(T), Denial: denial);
    }

    /// <summary>A refusal decided inside a unit of work.</summary>
    internal sealed record Denial(Caller Caller, string Action, string StoreId, string Target, EngramException Error);
}
