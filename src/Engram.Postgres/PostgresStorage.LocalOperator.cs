using Npgsql;

namespace Engram.Postgres;

public sealed partial class PostgresStorage
{
    /// <summary>The advisory lock key inits hold (an arbitrary constant, beside the migrations' one: "engram-i").</summary>
    private const long InitializationLock = 0x656E6772616D2D69;

    /// <summary>
    /// Holds the database's initialization lock (a PostgreSQL session advisory lock, on a connection of its own) until
    /// the result is disposed: <c>engram init --postgres</c> records and bootstraps the local operator under it, so a
    /// second init waits, then finds the operator bootstrapped. The lock goes with its session: an init that dies
    /// leaves nothing held.
    /// </summary>
    public async Task<IAsyncDisposable> LockInitializationAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({InitializationLock})", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new AdvisoryLock(connection, InitializationLock);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The database's local operator, or null before <c>engram init --postgres</c> recorded one.</summary>
    public async Task<PostgresLocalOperator?> GetLocalOperatorAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT user_id, user_name, created_at FROM engram_local_operator", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new PostgresLocalOperator(reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero))
            : null;
    }

    /// <summary>
    /// Records <paramref name="candidate"/> as the local operator unless the database has one already. Returns the
    /// operator the database holds afterwards, and whether it is <paramref name="candidate"/>: of several nodes
    /// initializing at once exactly one records its own.
    /// </summary>
    public async Task<(PostgresLocalOperator Operator, bool Recorded)> RecordLocalOperatorAsync(PostgresLocalOperator candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO engram_local_operator (user_id, user_name, created_at) VALUES ($1, $2, $3) ON CONFLICT (singleton) DO NOTHING", connection)
            {
                Parameters = { new() { Value = candidate.UserId }, new() { Value = candidate.UserName }, new() { Value = candidate.CreatedAt.UtcTicks } },
            };
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return (candidate, true);
            }
        }

        return (await GetLocalOperatorAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("engram_local_operator refused a row yet holds none"), false);
    }
}

/// <summary>A session advisory lock held on its own connection; disposing it unlocks and returns the connection.</summary>
internal sealed class AdvisoryLock(NpgsqlConnection connection, long key) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The user local-mode commands act as on a PostgreSQL database (as a data directory's <c>engram.json</c> names
/// one): an admin, recorded once by <c>engram init --postgres</c>.
/// </summary>
/// <param name="UserId">The user's id (<c>user_...</c>).</param>
/// <param name="UserName">The user's name.</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record PostgresLocalOperator(string UserId, string UserName, DateTimeOffset CreatedAt);
