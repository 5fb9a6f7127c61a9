using Engram.Access.Audit;

namespace Engram.Storage;

/// <summary>The audit port: an append-only log of who did what. Events are never changed or removed.</summary>
public interface IAuditStorage : ITransactionalStorage
{
    /// <summary>Audit events matching <paramref name="filter"/>, newest first (created_at, then id), after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAuditEventsAsync(AuditQuery filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken);
}

/// <summary>The audit port's operation inside one write transaction: the event commits with the change it records, or not at all.</summary>
public interface IAuditWriter
{
    /// <summary>Appends an audit event.</summary>
    void InsertAuditEvent(AuditEvent auditEvent);
}
