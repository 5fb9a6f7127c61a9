namespace Engram.Postgres;

/// <summary>Options of the PostgreSQL backend.</summary>
/// <param name="ConnectionString">An Npgsql connection string (host, port, database, username, password, pool sizes).</param>
public sealed record PostgresStorageOptions(string ConnectionString)
{
    /// <summary>How often a unit of work is retried when the database reports a serialization failure or a deadlock.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Apply pending schema migrations when the storage opens (under an advisory lock); <c>engram migrate</c> does it ahead otherwise.</summary>
    public bool MigrateOnOpen { get; init; } = true;
}
