using Engram.Errors;
using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// The database schema, as numbered migrations recorded in <c>engram_schema</c>. Applying them takes a session
/// advisory lock, so two nodes starting at once apply each migration once, and the second waits for the first.
/// Migration 1 is every feature's tables (one part per feature, in <c>Schema.&lt;Feature&gt;.cs</c>).
///
/// Conventions every part follows: times are <c>bigint</c> UTC ticks (exactly what the library wrote, to the
/// 100 ns); every text that is ordered or compared as a key (ids, paths, names) is <c>COLLATE "C"</c>, so order is
/// by code point, as on SQLite; JSON kept opaque is <c>text</c>.
/// </summary>
internal static partial class Schema
{
    /// <summary>The advisory lock key migrations hold (an arbitrary constant: "engram" in ASCII).</summary>
    private const long MigrationLock = 0x656E6772616D;

    private static IReadOnlyList<string> Migrations =>
    [
        string.Join("\n", Memories, Access, Audit, Sessions, Search, Dreams, Proposals, Settings),
        DreamLeases,
        VectorChanges,
    ];

    /// <summary>The schema version this build writes and reads.</summary>
    public static int Current => Migrations.Count;

    /// <summary>Applies every migration not applied yet, each in its own transaction, under the migration lock; returns how many were applied.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS engram_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
            var version = await VersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (version > Current)
            {
                throw new EngramException(ErrorType.InvalidRequest, "schema_error", $"the database's schema is version {version}; this Engram reads up to {Current}: upgrade Engram");
            }

            var applied = 0;
            for (var next = version + 1; next <= Current; next++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, Migrations[next - 1], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, $"INSERT INTO engram_schema (version) VALUES ({next})", cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                applied++;
            }

            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Fails unless the schema is exactly this build's (when migrations are left to <c>engram migrate</c>).</summary>
    public static async Task RequireCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var version = await VersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (version == 0)
        {
            throw new EngramException(ErrorType.InvalidRequest, "schema_error", "the database has no Engram schema yet: set it up with `engram init --postgres ...` (or apply the schema alone with `engram migrate --postgres ...`)");
        }

        if (version != Current)
        {
            throw new EngramException(ErrorType.InvalidRequest, "schema_error", $"the database's schema is version {version}, this Engram needs {Current}: run `engram migrate --postgres ...`");
        }
    }

    /// <summary>The applied schema version (0 for an empty database).</summary>
    public static async Task<int> VersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Two statements: one that names engram_schema fails to plan (42P01) on a database without it, whatever CASE guards it.
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('engram_schema') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }
        }

        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM engram_schema", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
