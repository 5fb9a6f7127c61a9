namespace Engram.Postgres;

internal static partial class Schema
{
    /// <summary>
    /// Migration 2: a worker's lease on the dream it runs (<c>DreamWorker</c>), who holds it and until when (ticks), as
    /// SQLite's migration of the same name. A pending or running dream with no lease, or one that ended, may be claimed
    /// by a worker on any node; the claim skips rows another node's transaction is claiming (<c>SKIP LOCKED</c>).
    /// </summary>
    private const string DreamLeases = """
        ALTER TABLE dreams ADD COLUMN lease_holder text COLLATE "C";
        ALTER TABLE dreams ADD COLUMN lease_until bigint;
        """;
}
