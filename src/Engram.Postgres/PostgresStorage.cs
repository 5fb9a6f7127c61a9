using Engram.Errors;
using Engram.Storage;
using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// The shared backend: every storage port on one PostgreSQL database, so any number of Engram nodes can serve
/// the same stores. Each unit of work runs in its own transaction on a pooled connection and is acknowledged
/// once PostgreSQL has committed it (<c>synchronous_commit</c> decides how durable that is; the default waits
/// for the WAL flush, and concurrent commits share flushes). Conflicts between writers, on this node or another,
/// are resolved by the database: a unit that writes a store's memories first locks that store's row
/// (<see cref="PostgresStorageWriter.LockStore"/>), and a unit that fails with a serialization failure or a
/// deadlock is run again from the start.
/// </summary>
public sealed partial class PostgresStorage : IEngramStorage
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresStorage(PostgresStorageOptions options, NpgsqlDataSource dataSource)
    {
        Options = options;
        _dataSource = dataSource;
    }

    /// <summary>The options this storage was opened with.</summary>
    public PostgresStorageOptions Options { get; }

    /// <summary>Write counters (each unit of work is one commit here; PostgreSQL groups concurrent commits' WAL flushes itself).</summary>
    public StorageStats Stats { get; } = new();

    /// <summary>The pooled connections, for readers of this backend and for metrics.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Opens the database, and unless <see cref="PostgresStorageOptions.MigrateOnOpen"/> is off, brings its schema up to date.</summary>
    public static async Task<PostgresStorage> OpenAsync(PostgresStorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();
        try
        {
            if (options.MigrateOnOpen)
            {
                await Schema.MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Schema.RequireCurrentAsync(dataSource, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PostgresStorage(options, dataSource);
    }

    /// <summary>Opens the database synchronously (for callers that cannot await, such as a command's client factory).</summary>
    public static PostgresStorage Open(PostgresStorageOptions options) => OpenAsync(options).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<IStorageWriter, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        for (var attempt = 1; ; attempt++)
        {
            // A unit's operations are synchronous (IStorageWriter) and may wait on a row lock another node holds: run each
            // on a thread of its own, not a thread-pool thread, so units waiting for one store cannot starve the pool that
            // the unit holding the lock (and every request) needs to finish. Measured: 16 writers on one memory over two
            // engines stalled for seconds at a time on the pool, and do not here.
            var (done, result, writer) = await Task.Factory.StartNew(
                () => RunUnit(work, attempt, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            if (!done)
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            Stats.RecordCommit(1);
            await AfterCommitAsync(writer!).ConfigureAwait(false);
            return result!;
        }
    }

    /// <summary>
    /// Runs one attempt of a unit in its own transaction and commits it: done, or not done when the database asks for the
    /// whole unit again (a serialization failure or a deadlock, while attempts remain).
    /// </summary>
    private (bool Done, T? Result, PostgresStorageWriter? Writer) RunUnit<T>(Func<IStorageWriter, T> work, int attempt, CancellationToken cancellationToken)
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var writer = new PostgresStorageWriter(connection, transaction);
        T result;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            result = work(writer);
        }
        catch (PostgresException error) when (IsRetryable(error) && attempt < Options.MaxAttempts)
        {
            transaction.Rollback();
            return (false, default, null);
        }
        catch (Exception error) when (error is NpgsqlException and not PostgresException)
        {
            throw new EngramException(ErrorType.Internal, "api_error", $"the write could not be made: {error.Message}");
        }

        try
        {
            transaction.Commit();
        }
        catch (PostgresException error) when (IsRetryable(error) && attempt < Options.MaxAttempts)
        {
            return (false, default, null);
        }
        catch (NpgsqlException error)
        {
            // The commit's outcome is unknown only if the connection broke; PostgreSQL reports a failed commit otherwise.
            throw new EngramException(ErrorType.Internal, "api_error", $"the write could not be committed: {error.Message}");
        }

        return (true, result, writer);
    }

    /// <summary>Closes the connection pool.</summary>
    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync().ConfigureAwait(false);

    /// <summary>Serialization failure (40001) or deadlock detected (40P01): the whole unit of work runs again.</summary>
    private static bool IsRetryable(PostgresException error) =>
        error.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 6)));
}
