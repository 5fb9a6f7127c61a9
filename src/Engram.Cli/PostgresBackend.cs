using Engram.Access;
using Engram.Errors;
using Engram.Identity;
using Engram.Postgres;
using Npgsql;

namespace Engram.Cli;

/// <summary>
/// A PostgreSQL database (an Npgsql connection string): the shared backend that several <c>engram serve</c> nodes
/// can serve at once. There is no data directory: <c>engram init --postgres</c> records the local operator in the
/// database itself, and local-mode commands act as that operator.
/// </summary>
internal sealed class PostgresBackend : LocalBackend
{
    private readonly string _connectionString;
    private readonly string _namedBy;
    private readonly string _database;

    public PostgresBackend(string connectionString, string namedBy)
    {
        _connectionString = connectionString;
        _namedBy = namedBy;
        try
        {
            _database = PostgresDatabase.Describe(connectionString);
        }
        catch (ArgumentException failure)
        {
            throw new InvalidRequestException(namedBy, $"is not a PostgreSQL connection string Npgsql reads (Host=...;Port=...;Database=...;Username=...): {failure.Message}");
        }
    }

    public override string Description => $"PostgreSQL {_database}";

    /// <summary>With <c>$ENGRAM_POSTGRES</c> set, the plain command; else one that names the database (its string elided: it may hold a password).</summary>
    public override string Command => _namedBy == "--postgres" ? $"{Invocation.Command} --postgres \"...\"" : Invocation.Command;

    public override (string Name, string Value) JsonLocation => ("postgres", _database);

    public override string Initialized(bool created) => created
        ? $"Initialized Engram in the PostgreSQL database {_database} (schema version {PostgresDatabase.SchemaVersion})"
        : $"The PostgreSQL database {_database} is initialized already; nothing changed";

    public override Task<OpenedBackend> OpenAsync(bool migrate, CancellationToken cancellationToken) => ReachAsync(async () =>
    {
        var applied = migrate ? (await PostgresDatabase.MigrateAsync(_connectionString, cancellationToken).ConfigureAwait(false)).Applied : 0;
        var storage = await OpenStorageAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var localOperator = await storage.GetLocalOperatorAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new DatabaseNotReadyException($"the PostgreSQL database {_database} has no local operator yet; run `{Invocation.Command} init --postgres ...` on it first (it makes the first admin and its API key)");
            return new OpenedBackend(storage, Caller.LocalOperator(localOperator.UserId), applied);
        }
        catch
        {
            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    });

    public override Task<InitializedBackend> InitializeAsync(string? operatorName, CancellationToken cancellationToken) => ReachAsync(async () =>
    {
        await PostgresDatabase.MigrateAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        var storage = await OpenStorageAsync(cancellationToken).ConfigureAwait(false);
        IAsyncDisposable? hold = null;
        try
        {
            // Inits take turns until the operator is bootstrapped (InitCommand releases the hold after): of several at
            // once, one records its operator and bootstraps it; the others then find both and change nothing.
            hold = await storage.LockInitializationAsync(cancellationToken).ConfigureAwait(false);
            var time = TimeProvider.System;
            var (localOperator, created) = await storage.GetLocalOperatorAsync(cancellationToken).ConfigureAwait(false) is { } existing
                ? (existing, false)
                : await storage.RecordLocalOperatorAsync(
                    new PostgresLocalOperator(new SortableIdGenerator(time).NewId(IdPrefix.User), operatorName ?? Environment.UserName, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);

            // An init that recorded the operator and then failed before bootstrapping it left no admin: this one bootstraps it.
            var bootstrap = created || !(await storage.ListPrincipalsAsync(cancellationToken).ConfigureAwait(false)).Any(p => p.Id == localOperator.UserId);
            return new InitializedBackend(storage, localOperator.UserId, localOperator.UserName, created, bootstrap, hold);
        }
        catch
        {
            if (hold is not null)
            {
                await hold.DisposeAsync().ConfigureAwait(false);
            }

            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    });

    public override Task<PostgresSchemaMigration> MigrateAsync(CancellationToken cancellationToken) =>
        ReachAsync(() => PostgresDatabase.MigrateAsync(_connectionString, cancellationToken));

    /// <summary>
    /// Copies <paramref name="source"/> (a data directory's tables) into this database, bringing its schema up to date
    /// first, and records <paramref name="localOperator"/> as its local operator unless it has one: the same user, so
    /// the data directory's local commands and keys act alike here. Returns the copy's report and the operator the
    /// database ends with.
    /// </summary>
    public Task<(MigrationReport Report, PostgresLocalOperator Operator)> CopyFromAsync(
        Storage.ITableSource source, PostgresLocalOperator localOperator, IProgress<string>? progress, CancellationToken cancellationToken) => ReachAsync(async () =>
    {
        await PostgresDatabase.MigrateAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        var report = await PostgresMigration.CopyAsync(source, new PostgresStorageOptions(_connectionString) { MigrateOnOpen = false }, progress, cancellationToken).ConfigureAwait(false);
        await using var storage = await OpenStorageAsync(cancellationToken).ConfigureAwait(false);
        var (recorded, _) = await storage.RecordLocalOperatorAsync(localOperator, cancellationToken).ConfigureAwait(false);
        return (report, recorded);
    });

    /// <summary>Opens the storage on a schema that must be this build's, saying what to run when it is not.</summary>
    private async Task<PostgresStorage> OpenStorageAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await PostgresStorage.OpenAsync(new PostgresStorageOptions(_connectionString) { MigrateOnOpen = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (EngramException failure) when (failure.Code == "schema_error")
        {
            throw new DatabaseNotReadyException($"PostgreSQL {_database}: {failure.Message}");
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>, turning the database's refusals into the CLI's failures: unreachable (exit 6),
    /// a refused login (exit 5), anything else it refuses (exit 2), each naming the database and never the password.
    /// </summary>
    private async Task<T> ReachAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (PostgresException failure) when (failure.SqlState.StartsWith("28", StringComparison.Ordinal))
        {
            throw new EngramException(ErrorType.Authentication, "postgres_error", $"PostgreSQL {_database} refused the login: {failure.MessageText}");
        }
        catch (PostgresException failure) when (failure.SqlState.StartsWith("08", StringComparison.Ordinal) || failure.SqlState.StartsWith("57P", StringComparison.Ordinal))
        {
            throw new EngramException(ErrorType.Unavailable, "postgres_unavailable", $"PostgreSQL {_database} is unavailable: {failure.MessageText}");
        }
        catch (PostgresException failure)
        {
            throw new EngramException(ErrorType.InvalidRequest, "postgres_error", $"PostgreSQL {_database}: {failure.MessageText} ({failure.SqlState}; given by {_namedBy})");
        }
        catch (NpgsqlException failure)
        {
            throw new EngramException(ErrorType.Unavailable, "postgres_unavailable", $"cannot reach PostgreSQL {_database}: {failure.InnerException?.Message ?? failure.Message}");
        }
    }

    /// <summary>The database is not (yet) what this build serves: as a missing data directory is, exit 2.</summary>
    private sealed class DatabaseNotReadyException(string message) : EngramException(ErrorType.InvalidRequest, "database_error", message);
}
