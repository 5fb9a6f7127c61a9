using Engram.Access.Audit;
using Engram.Storage;

namespace Engram.Postgres;

/// <summary>The audit port inside a unit of work: the event is a row of the unit's transaction, so it commits with the change it records or not at all.</summary>
internal sealed partial class PostgresStorageWriter : IAuditWriter
{
    public void InsertAuditEvent(AuditEvent auditEvent) => Execute(
        """
        INSERT INTO audit_events (id, at, actor_type, actor_id, api_key_id, action, outcome, store_id, target, detail)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """,
        auditEvent.Id, auditEvent.At.UtcTicks, MemoryRows.Type(auditEvent.Actor), auditEvent.Actor?.Id, auditEvent.ApiKeyId, auditEvent.Action,
        (int)auditEvent.Outcome, auditEvent.StoreId, auditEvent.Target, auditEvent.Detail);
}
