using Engram.Access.Audit;
using Engram.Storage;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : IAuditStorage
{
    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEvent>> ListAuditEventsAsync(AuditQuery filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        MemoryReads.ManyAsync(
            _dataSource,
            $"""
            SELECT {AuditRows.Columns} FROM audit_events
            WHERE ($1::text IS NULL OR store_id = $1) AND ($2::text IS NULL OR actor_id = $2) AND ($3::text IS NULL OR action = $3)
              AND ($4::integer IS NULL OR outcome = $4 OR ($4 = 2 AND outcome = 3)) AND ($5 OR outcome <> 3)
              AND ($6::bigint IS NULL OR at >= $6)
              AND ($7::bigint IS NULL OR (at, id) < ($7, $8::text))
            ORDER BY at DESC, id DESC LIMIT $9
            """,
            AuditRows.ReadAuditEvent, cancellationToken,
            filter.StoreId, filter.ActorId, filter.Action, filter.Outcome is { } outcome ? (int)outcome : null, filter.IncludeConcealed,
            MemoryRows.Ticks(filter.Since), MemoryRows.Ticks(after?.CreatedAt), after?.Id, limit);
}
