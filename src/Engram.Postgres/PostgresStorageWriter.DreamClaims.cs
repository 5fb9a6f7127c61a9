using Engram.Dreaming.Dreams;
using Engram.Storage;

namespace Engram.Postgres;

/// <summary>
/// Dream leases across nodes. The claim picks and updates its dream in one statement: the subquery locks the row it
/// picks (<c>FOR UPDATE SKIP LOCKED</c>), so a concurrent claim on another node passes over it to the next claimable
/// dream instead of waiting and taking the same one. A renewal updates the row only while its holder is the one
/// named: under READ COMMITTED a renewal that waited for a claim's commit re-reads the row, finds another holder,
/// and updates nothing; a claim that waited for a renewal's commit re-reads a lease that no longer has ended.
/// </summary>
internal sealed partial class PostgresStorageWriter
{
    public Dream? ClaimNextDream(string workerId, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        var id = Scalar(
            """
            UPDATE dreams SET lease_holder = $1, lease_until = $2
            WHERE id = (SELECT id FROM dreams
                        WHERE status IN (1, 2) AND (lease_until IS NULL OR lease_until <= $3)
                        ORDER BY created_at, id LIMIT 1
                        FOR UPDATE SKIP LOCKED)
              AND status IN (1, 2) AND (lease_until IS NULL OR lease_until <= $3)
            RETURNING id
            """,
            workerId, leaseUntil.UtcTicks, now.UtcTicks) as string;
        return id is null ? null : GetDream(id);
    }

    public Dream? ClaimDream(string dreamId, string workerId, DateTimeOffset now, DateTimeOffset leaseUntil) =>
        Execute(
            "UPDATE dreams SET lease_holder = $2, lease_until = $3 WHERE id = $1 AND status IN (1, 2) AND (lease_until IS NULL OR lease_until <= $4)",
            dreamId, workerId, leaseUntil.UtcTicks, now.UtcTicks) == 1
            ? GetDream(dreamId)
            : null;

    public bool RenewDreamLease(string dreamId, string workerId, DateTimeOffset leaseUntil) =>
        Execute("UPDATE dreams SET lease_until = $3 WHERE id = $1 AND lease_holder = $2", dreamId, workerId, leaseUntil.UtcTicks) == 1;

    public bool ReleaseDreamLease(string dreamId, string workerId) =>
        Execute("UPDATE dreams SET lease_holder = NULL, lease_until = NULL WHERE id = $1 AND lease_holder = $2", dreamId, workerId) == 1;

    public DreamLease? GetDreamLease(string dreamId)
    {
        using var reader = Query("SELECT lease_holder, lease_until FROM dreams WHERE id = $1 AND lease_holder IS NOT NULL", dreamId);
        return reader.Read() ? new DreamLease(reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero)) : null;
    }
}
