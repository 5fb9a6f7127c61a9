using Engram.Errors;
using Engram.Postgres;
using Engram.Sqlite;

namespace Engram.Cli;

/// <summary>A local data directory: <c>engram.db</c> (SQLite) and <c>engram.json</c>, which names the local operator.</summary>
internal sealed class DataDirectoryBackend(string path, Durability durability) : LocalBackend
{
    public override string Description => Path.GetFullPath(path);

    public override (string Name, string Value) JsonLocation => ("data_dir", Path.GetFullPath(path));

    public override string Initialized(bool created) => created
        ? $"Initialized an Engram data directory at {Description}"
        : $"{Description} is already an Engram data directory; nothing changed";

    public override Task<OpenedBackend> OpenAsync(bool migrate, CancellationToken cancellationToken)
    {
        // SQLite brings its schema up to date whenever it opens: one process owns the file.
        var directory = DataDirectory.Open(path, Invocation.Command);
        return Task.FromResult(new OpenedBackend(directory.OpenStorage(durability), directory.LocalCaller));
    }

    public override Task<InitializedBackend> InitializeAsync(string? operatorName, CancellationToken cancellationToken)
    {
        var (directory, created) = DataDirectory.Initialize(path, TimeProvider.System, operatorName);
        return Task.FromResult(new InitializedBackend(directory.OpenStorage(), directory.Manifest.LocalUserId, directory.Manifest.LocalUserName, created, Bootstrap: created));
    }

    public override Task<PostgresSchemaMigration> MigrateAsync(CancellationToken cancellationToken) =>
        throw new InvalidRequestException(
            "--postgres", "engram migrate applies a PostgreSQL database's migrations (--postgres CONNECTION or $ENGRAM_POSTGRES); a data directory's database is brought up to date whenever a command opens it");
}
