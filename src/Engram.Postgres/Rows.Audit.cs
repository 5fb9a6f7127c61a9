using System.Data.Common;
using Engram.Access.Audit;

namespace Engram.Postgres;

/// <summary>The audit port's columns and how a row maps to an event (as the SQLite backend's).</summary>
internal static class AuditRows
{
    public const string Columns = "id, at, actor_type, actor_id, api_key_id, action, outcome, store_id, target, detail";

    public static AuditEvent ReadAuditEvent(DbDataReader r) => new(
        r.GetString(0), MemoryRows.Time(r.GetInt64(1)), MemoryRows.ReadActor(r, 2), MemoryRows.Text(r, 4), r.GetString(5), (AuditOutcome)r.GetInt32(6),
        MemoryRows.Text(r, 7), MemoryRows.Text(r, 8), MemoryRows.Text(r, 9));
}
