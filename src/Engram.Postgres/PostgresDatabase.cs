using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// A PostgreSQL database as a whole, for the tools that prepare one before any node serves it: its schema's
/// version, and the migrations that bring it up to date (<c>engram migrate --postgres ...</c>).
/// </summary>
public static class PostgresDatabase
{
    /// <summary>The schema version this build writes and reads.</summary>
    public static int SchemaVersion => Schema.Current;

    /// <summary>
    /// Applies every migration the database lacks, under the migration advisory lock (a second caller waits for
    /// the first, then finds nothing to apply). Fails, changing nothing, when the database is newer than this build.
    /// </summary>
    public static async Task<PostgresSchemaMigration> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var applied = await Schema.MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
        return new PostgresSchemaMigration(applied, Schema.Current);
    }

    /// <summary>
    /// The database a connection string names, for messages and logs: <c>host:port/database</c> (the default port
    /// and database when it names none), never its user or password. A string Npgsql cannot read throws <see cref="ArgumentException"/>.
    /// </summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "postgres"}";
    }
}

/// <summary>What <see cref="PostgresDatabase.MigrateAsync"/> did.</summary>
/// <param name="Applied">How many migrations it applied (0 when the schema was already current).</param>
/// <param name="Version">The schema version the database now has.</param>
public sealed record PostgresSchemaMigration(int Applied, int Version);
