using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Access.Audit;

/// <summary>
/// Writes and reads the audit log. Successful writes are recorded in the same unit of work as the change
/// (so the log never disagrees with the data); denials are recorded on their own.
/// </summary>
internal sealed class AuditTrail(IAuditStorage storage, TimeProvider time, IIdGenerator ids)
{
    /// <summary>Records a successful action inside the caller's unit of work.</summary>
    public void Record(IStorageWriter tx, Caller caller, string action, string? storeId, string? target, string? detail = null) =>
        tx.InsertAuditEvent(Event(caller, action, AuditOutcome.Ok, storeId, target, detail));

    /// <summary>Records a refusal the caller was told of.</summary>
    public Task DeniedAsync(Caller caller, string action, string? storeId, string? target, string detail, CancellationToken cancellationToken) =>
        Refused(caller, action, AuditOutcome.Denied, storeId, target, detail);

    /// <summary>Records a refusal answered as not found: kept for admins, never shown to the caller it concealed something from.</summary>
    public Task ConcealedAsync(Caller caller, string action, string? storeId, string? target, string detail, CancellationToken cancellationToken) =>
        Refused(caller, action, AuditOutcome.Concealed, storeId, target, detail);

    private Task<bool> Refused(Caller caller, string action, AuditOutcome outcome, string? storeId, string? target, string detail) =>
        storage.WriteAsync(tx =>
        {
            tx.InsertAuditEvent(Event(caller, action, outcome, storeId, target, detail));
            return true;
        }, CancellationToken.None);

    /// <summary>
    /// Events newest first: every event for admins, the caller's own for everyone else, less the refusals answered
    /// as not found (listing those would tell the caller what exists where it may not read).
    /// </summary>
    public async Task<Page<AuditEvent>> ListAsync(Caller caller, AuditQuery query, CancellationToken cancellationToken)
    {
        var limit = ListLimits.Resolve(query.Limit);
        var after = PageToken.ParseTimeId(query.Page);
        var filter = caller.IsAdmin ? query : query with { ActorId = caller.Actor.Id, IncludeConcealed = false };
        var rows = await storage.ListAuditEventsAsync(filter, after, limit + 1, cancellationToken).ConfigureAwait(false);
        return rows.Count > limit
            ? new Page<AuditEvent>(rows.Take(limit).ToList(), PageToken.For(new TimeIdCursor(rows[limit - 1].At, rows[limit - 1].Id)))
            : new Page<AuditEvent>(rows, null);
    }

    private AuditEvent Event(Caller caller, string action, AuditOutcome outcome, string? storeId, string? target, string? detail) =>
        new(ids.NewId("audit"), time.UtcNowMicroseconds(), caller.Actor, caller.ApiKeyId, action, outcome, storeId, target, detail);
}
