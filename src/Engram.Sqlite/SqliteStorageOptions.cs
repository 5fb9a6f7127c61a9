namespace Engram.Sqlite;

/// <summary>Options of the SQLite backend.</summary>
public sealed record SqliteStorageOptions(string DatabasePath)
{
    /// <summary>What an acknowledged write survives; <see cref="Durability.Full"/> unless chosen otherwise.</summary>
    public Durability Durability { get; init; } = Durability.Full;

    /// <summary>How long a writer waits for another process holding the write lock before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
