namespace Engram.Sqlite;

/// <summary>What an acknowledged write survives. Both settings survive a crash of the process (kill -9).</summary>
public enum Durability
{
    /// <summary>
    /// Every commit is fsynced before it is acknowledged (SQLite <c>synchronous=FULL</c> in WAL mode): an
    /// acknowledged write also survives power loss or an OS crash. The default.
    /// </summary>
    Full,

    /// <summary>
    /// Commits are written to the OS but fsynced only at checkpoints (SQLite <c>synchronous=NORMAL</c> in
    /// WAL mode): an acknowledged write survives a process crash, but a power loss or OS crash may lose the
    /// last writes acknowledged before it. The database is never corrupted either way.
    /// </summary>
    Normal,
}
