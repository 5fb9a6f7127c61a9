using System.Diagnostics;
using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// Erased content leaves the database's files, as the SQLite backend checkpoints its WAL after a redaction. After a
/// unit of work that erased content (a redaction, a store's deletion) commits, and before it is acknowledged, the
/// contents table (with its TOAST table) is rewritten by VACUUM FULL, which copies only rows no snapshot can see:
/// a plain VACUUM frees a deleted row's space but leaves its bytes in the page until something overwrites them, and
/// a rewrite while a snapshot older than the erasure is still held (a read in progress on any node, or the rewrite's
/// own, when a transaction of any database older than the erasure is still running) copies the row along. So the
/// purge first waits until none is. The rewrite locks the contents table for its duration, on every node: redaction
/// is rare and deliberate. The versions table, where a redacted version's path was, is vacuumed in place. Not covered:
/// the WAL (pg_wal, archives, replicas) keeps the inserted row until its segments are recycled.
/// </summary>
public sealed partial class PostgresStorage
{
    /// <summary>
    /// The longest a purge waits for older snapshots to end (a long read, an idle open transaction); it then rewrites
    /// anyway, and the erasure stays pending, so the purge runs again after this node's next commit.
    /// </summary>
    private static readonly TimeSpan MaxSnapshotWait = TimeSpan.FromSeconds(30);

    /// <summary>How often the purge looks again at the sessions holding older snapshots.</summary>
    private static readonly TimeSpan SnapshotPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How many things could still make the rewrite keep what transaction $1 (64-bit) deleted: a session of this
    /// database whose snapshot or transaction is as old as it, and (counted as one) any transaction of the cluster
    /// still running that began before it: the rewrite's own snapshot would then start below it. pg_stat_activity
    /// gives 32-bit ids; each is widened against the next id (live ids lie within 2^32 of it).
    /// </summary>
    private const string OlderSnapshots = """
        SELECT count(a.pid) + CASE WHEN min(next.oldest) <= $1 THEN 1 ELSE 0 END
        FROM (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS n, pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS oldest) next
        LEFT JOIN pg_stat_activity a ON a.datname = current_database() AND a.pid <> pg_backend_pid()
          AND EXISTS (SELECT 1 FROM (VALUES (a.backend_xmin), (a.backend_xid)) x (id)
                      WHERE x.id IS NOT NULL AND next.n - ((next.n % 4294967296 - x.id::text::bigint + 4294967296) % 4294967296) <= $1)
        """;

    /// <summary>The newest erasing transaction whose purge has not completed on this node (0 when none).</summary>
    private long _pendingErasure;

    private async Task AfterCommitAsync(long erasingTransaction)
    {
        var erasure = RecordErasure(erasingTransaction);
        if (erasure == 0)
        {
            return;
        }

        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            var clear = await WaitForOlderSnapshotsAsync(connection, erasure).ConfigureAwait(false);
            foreach (var sql in (string[])["VACUUM (FULL) contents", "VACUUM versions"])
            {
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (clear)
            {
                // Unless a newer erasure arrived meanwhile: its own purge (or the next commit's) covers it.
                Interlocked.CompareExchange(ref _pendingErasure, 0, erasure);
            }
        }
        catch (NpgsqlException)
        {
            // The write is committed and stays acknowledged; the erasure stays pending, so the next commit purges again.
        }
    }

    /// <summary>Makes <paramref name="erasure"/> pending if it is newer than the pending one; returns the newest pending.</summary>
    private long RecordErasure(long erasure)
    {
        while (true)
        {
            var pending = Interlocked.Read(ref _pendingErasure);
            if (erasure <= pending || Interlocked.CompareExchange(ref _pendingErasure, erasure, pending) == pending)
            {
                return Math.Max(erasure, pending);
            }
        }
    }

    /// <summary>Waits until no session holds a snapshot that could see what <paramref name="erasure"/> deleted; false on timeout.</summary>
    private static async Task<bool> WaitForOlderSnapshotsAsync(NpgsqlConnection connection, long erasure)
    {
        var waiting = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(OlderSnapshots, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = erasure });
        while (Convert.ToInt64(await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            if (waiting.Elapsed >= MaxSnapshotWait)
            {
                return false;
            }

            await Task.Delay(SnapshotPoll).ConfigureAwait(false);
        }

        return true;
    }
}
