using System.Collections.Concurrent;
using Engram.Errors;
using Engram.Storage;
using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// The shared backend: every storage port on one PostgreSQL database, so any number of Engram nodes can serve
/// the same stores. A node's units of work are committed by one writer thread, the units waiting at the time in one
/// transaction, each in its own savepoint (group commit, as on SQLite), and acknowledged once PostgreSQL has committed
/// it (<c>synchronous_commit</c> decides how durable that is). Conflicts between nodes are resolved by the database:
/// a unit that writes a store's memories first locks that store's row (<see cref="PostgresStorageWriter.LockStore"/>),
/// and a round that fails with a serialization failure or a deadlock is run again from the start.
/// </summary>
public sealed partial class PostgresStorage : IEngramStorage
{
    /// <summary>Most units in one commit; bounds the wait of the first unit in a round and the work redone if a round is retried.</summary>
    private const int MaxUnitsPerCommit = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly BlockingCollection<WriteUnit> _queue = new(new ConcurrentQueue<WriteUnit>());
    private readonly Thread _writerThread;

    private PostgresStorage(PostgresStorageOptions options, NpgsqlDataSource dataSource)
    {
        Options = options;
        _dataSource = dataSource;
        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "engram-postgres-writer" };
        _writerThread.Start();
    }

    /// <summary>The options this storage was opened with.</summary>
    public PostgresStorageOptions Options { get; }

    /// <summary>Write counters: commits, and the units of work they carried (several per commit under concurrency).</summary>
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
    public Task<T> WriteAsync<T>(Func<IStorageWriter, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        var unit = new WriteUnit<T>(work, cancellationToken);
        try
        {
            _queue.Add(unit, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(PostgresStorage), "the storage is closed; the write was not made");
        }

        return unit.Task;
    }

    /// <summary>
    /// The writer thread: takes the units waiting (up to <see cref="MaxUnitsPerCommit"/>) and commits them as one
    /// transaction, each in a savepoint, so concurrent writes on this node share one commit and its WAL flush
    /// (group commit). A store's row lock is then held once per round, not once per write: one busy store's writes are
    /// no longer bounded by one commit each. Its own thread, because units are synchronous and may wait on a lock
    /// another node holds: on the thread pool, enough of them starve the requests that would release it.
    /// </summary>
    private void WriteLoop()
    {
        var round = new List<WriteUnit>(MaxUnitsPerCommit);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            round.Add(first);
            while (round.Count < MaxUnitsPerCommit && _queue.TryTake(out var next))
            {
                round.Add(next);
            }

            CommitRound(round);
            round.Clear();
        }
    }

    private void CommitRound(List<WriteUnit> round)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcomes = new List<(WriteUnit Unit, Exception? Error)>(round.Count);
            long erasing = 0;
            try
            {
                using var connection = _dataSource.OpenConnection();
                using var transaction = connection.BeginTransaction();
                foreach (var unit in round)
                {
                    if (unit.CancellationToken.IsCancellationRequested)
                    {
                        outcomes.Add((unit, new OperationCanceledException(unit.CancellationToken)));
                        continue;
                    }

                    // A writer per unit: what it remembers having locked must not outlive a rollback to its savepoint,
                    // which releases the locks taken after it.
                    var writer = new PostgresStorageWriter(connection, transaction);
                    writer.Execute("SAVEPOINT unit");
                    try
                    {
                        unit.Run(writer);
                        writer.Execute("RELEASE SAVEPOINT unit");
                        erasing = Math.Max(erasing, writer.ErasingTransaction ?? 0);
                        outcomes.Add((unit, null));
                    }
                    catch (PostgresException error) when (IsRetryable(error))
                    {
                        throw; // the whole round runs again
                    }
                    catch (Exception error) when (error is not NpgsqlException || error is PostgresException)
                    {
                        writer.Execute("ROLLBACK TO SAVEPOINT unit");
                        writer.Execute("RELEASE SAVEPOINT unit");
                        outcomes.Add((unit, error));
                    }
                }

                transaction.Commit();
            }
            catch (PostgresException error) when (IsRetryable(error) && attempt < Options.MaxAttempts)
            {
                Thread.Sleep(Backoff(attempt));
                continue;
            }
            catch (Exception error)
            {
                // The connection broke, or the database refused the commit: nothing of the round was made.
                var failure = new EngramException(ErrorType.Internal, "api_error", $"the write could not be committed and was not made: {error.Message}");
                foreach (var unit in round)
                {
                    unit.Fail(failure);
                }

                return;
            }

            Stats.RecordCommit(outcomes.Count(o => o.Error is not OperationCanceledException));
            if (erasing != 0)
            {
                // Before the erasure is acknowledged, its content leaves the database's files (PostgresStorage.Purge.cs).
                AfterCommitAsync(erasing).GetAwaiter().GetResult();
            }

            foreach (var (unit, error) in outcomes)
            {
                switch (error)
                {
                    case null:
                        unit.Succeed();
                        break;
                    case OperationCanceledException:
                        unit.Cancel();
                        break;
                    default:
                        unit.Fail(error is NpgsqlException and not PostgresException
                            ? new EngramException(ErrorType.Internal, "api_error", $"the write could not be made: {error.Message}")
                            : error);
                        break;
                }
            }

            return;
        }
    }

    /// <summary>Finishes every queued write, then closes the connection pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            _writerThread.Join();
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Serialization failure (40001) or deadlock detected (40P01): the whole unit of work runs again.</summary>
    private static bool IsRetryable(PostgresException error) =>
        error.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 6)));
}
