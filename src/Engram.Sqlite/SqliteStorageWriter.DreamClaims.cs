using Engram.Dreaming.Dreams;
using Engram.Storage;

namespace Engram.Sqlite;

/// <summary>
/// Dream leases. Every write runs on the one writer thread, in one transaction per unit, so the claim's choice and its
/// update cannot interleave with another claim, from this process or (through SQLite's file lock) any other.
/// </summary>
internal sealed partial class SqliteStorageWriter
{
    public Dream? ClaimNextDream(string workerId, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        string? id;
        using (var reader = Query(
            """
            UPDATE dreams SET lease_holder = $worker, lease_until = $until
            WHERE id = (SELECT id FROM dreams
                        WHERE status IN (1, 2) AND (lease_until IS NULL OR lease_until <= $now)
                        ORDER BY created_at, id LIMIT 1)
            RETURNING id
            """,
            ("$worker", workerId), ("$until", leaseUntil.UtcTicks), ("$now", now.UtcTicks)))
        {
            id = reader.Read() ? reader.GetString(0) : null;
        }

        return id is null ? null : GetDream(id);
    }

    public Dream? ClaimDream(string dreamId, string workerId, DateTimeOffset now, DateTimeOffset leaseUntil) =>
        Execute(
            "UPDATE dreams SET lease_holder = $worker, lease_until = $until WHERE id = $id AND status IN (1, 2) AND (lease_until IS NULL OR lease_until <= $now)",
            ("$id", dreamId), ("$worker", workerId), ("$until", leaseUntil.UtcTicks), ("$now", now.UtcTicks)) == 1
            ? GetDream(dreamId)
            : null;

    public bool RenewDreamLease(string dreamId, string workerId, DateTimeOffset leaseUntil) =>
        Execute("UPDATE dreams SET lease_until = $until WHERE id = $id AND lease_holder = $worker",
            ("$id", dreamId), ("$worker", workerId), ("$until", leaseUntil.UtcTicks)) == 1;

    public bool ReleaseDreamLease(string dreamId, string workerId) =>
        Execute("UPDATE dreams SET lease_holder = NULL, lease_until = NULL WHERE id = $id AND lease_holder = $worker",
            ("$id", dreamId), ("$worker", workerId)) == 1;

    public DreamLease? GetDreamLease(string dreamId)
    {
        using var reader = Query("SELECT lease_holder, lease_until FROM dreams WHERE id = $id AND lease_holder IS NOT NULL", ("$id", dreamId));
        return reader.Read() ? new DreamLease(reader.GetString(0), Rows.Time(reader.GetInt64(1))) : null;
    }
}
