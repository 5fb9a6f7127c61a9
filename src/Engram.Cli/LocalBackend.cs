using Engram.Access;
using Engram.Errors;
using Engram.Postgres;
using Engram.Storage;

namespace Engram.Cli;

/// <summary>
/// What a local-mode command opens: a data directory (SQLite; <c>--data</c>, the default) or a PostgreSQL database
/// (<c>--postgres</c> or <c>$ENGRAM_POSTGRES</c>). Each knows its local operator, the admin that local commands act
/// as: a data directory's <c>engram.json</c> names it, a database's <c>engram_local_operator</c> table does. Commands
/// ask it for storage and the operator, and otherwise see no difference.
/// </summary>
internal abstract class LocalBackend
{
    /// <summary>What it is, for people: the data directory's full path, or <c>PostgreSQL host:port/database</c>.</summary>
    public abstract string Description { get; }

    /// <summary>The name and value <c>init --json</c> reports it by (<c>data_dir</c>, or <c>postgres</c>).</summary>
    public abstract (string Name, string Value) JsonLocation { get; }

    /// <summary>How the commands <c>init</c> suggests next are run on this backend (<c>engram</c>, or <c>engram --postgres "..."</c>).</summary>
    public virtual string Command => Invocation.Command;

    /// <summary>The line <c>init</c> prints: what it initialized, or that it found it initialized already.</summary>
    public abstract string Initialized(bool created);

    /// <summary>
    /// Opens the storage of an initialized backend, with its local operator, or explains how to initialize it. With
    /// <paramref name="migrate"/> (<c>serve</c>) a database's schema is brought up to date first; without it, a
    /// database whose schema is not this build's is refused (a data directory's is brought up to date either way).
    /// </summary>
    public abstract Task<OpenedBackend> OpenAsync(bool migrate, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the backend's local operator unless it has one, and opens it. <see cref="InitializedBackend.Bootstrap"/>
    /// says the operator is then to get the first admin key (<see cref="EngramEngine.BootstrapAsync"/>).
    /// </summary>
    public abstract Task<InitializedBackend> InitializeAsync(string? operatorName, CancellationToken cancellationToken);

    /// <summary>Brings a database's schema up to date (<c>engram migrate</c>).</summary>
    public abstract Task<PostgresSchemaMigration> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The backend the options of <paramref name="run"/> name: <c>--postgres</c> or <c>$ENGRAM_POSTGRES</c>, else the data directory.</summary>
    public static LocalBackend Of(CliRun run)
    {
        var parse = run.Parse;
        if (parse.GetValue(GlobalOptions.Postgres) is not { } connectionString)
        {
            return new DataDirectoryBackend(run.DataPath, parse.GetValue(GlobalOptions.DurabilityOption));
        }

        var namedBy = parse.GetResult(GlobalOptions.Postgres) is { Implicit: false } ? "--postgres" : "$ENGRAM_POSTGRES";
        if (parse.GetResult(GlobalOptions.Data) is { Implicit: false })
        {
            throw new InvalidRequestException("--data", $"names a data directory and {namedBy} a PostgreSQL database; give one of them");
        }

        if (parse.GetResult(GlobalOptions.DurabilityOption) is { Implicit: false })
        {
            throw new InvalidRequestException("--durability", "is the data directory's; on PostgreSQL the server's synchronous_commit decides what an acknowledged write survives");
        }

        return new PostgresBackend(connectionString, namedBy);
    }
}

/// <summary>An opened backend: its storage (the engine built on it owns it) and the local operator.</summary>
internal sealed record OpenedBackend(IEngramStorage Storage, Caller LocalCaller, int MigrationsApplied = 0);

/// <summary>What <see cref="LocalBackend.InitializeAsync"/> found or made.</summary>
/// <param name="Storage">The opened storage (the engine built on it owns it).</param>
/// <param name="LocalUserId">The local operator's user id.</param>
/// <param name="LocalUserName">The local operator's name.</param>
/// <param name="Created">True when this call made the operator.</param>
/// <param name="Bootstrap">
/// True when the operator is to be bootstrapped as the first admin, with a key: when this call made it, or when an
/// earlier init made it and failed before bootstrapping it (a database that went away in between).
/// </param>
/// <param name="Hold">What keeps other inits waiting until this one has bootstrapped the operator (a database's lock), disposed after; null for a data directory.</param>
internal sealed record InitializedBackend(IEngramStorage Storage, string LocalUserId, string LocalUserName, bool Created, bool Bootstrap, IAsyncDisposable? Hold = null);
