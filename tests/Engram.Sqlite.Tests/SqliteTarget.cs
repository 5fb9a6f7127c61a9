using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Identity;

namespace Engram.Sqlite.Tests;

/// <summary>A fresh SQLite database in a temporary directory, reached in-process.</summary>
internal sealed class SqliteTarget : ConformanceTarget
{
    private readonly TemporaryDirectory _directory = new();

    public SqliteTarget(Durability durability = Durability.Full)
    {
        Storage = SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(_directory.Path, "engram.db")) { Durability = durability });
        Engine = new EngramEngine(Storage);
        AdminActor = Actor.User(Engine.Ids.NewId(IdPrefix.User));
        Admin = new LocalEngramClient(Engine, new Caller(AdminActor));
    }

    public SqliteMemoryStorage Storage { get; }

    public EngramEngine Engine { get; }

    public string DatabasePath => Storage.Options.DatabasePath;

    public override IEngramClient Admin { get; }

    public override Actor AdminActor { get; }

    public override Task<Writer> NewWriterAsync(ActorType kind)
    {
        var actor = kind switch
        {
            ActorType.Session => Actor.Session(Engine.Ids.NewId(IdPrefix.Session)),
            ActorType.ServiceAccount => Actor.ServiceAccount(Engine.Ids.NewId(IdPrefix.ServiceAccount)),
            ActorType.ApiKey => Actor.ApiKey(Engine.Ids.NewId(IdPrefix.ApiKey)),
            _ => Actor.User(Engine.Ids.NewId(IdPrefix.User)),
        };
        var apiKey = kind == ActorType.User ? Engine.Ids.NewId(IdPrefix.ApiKey) : null;
        return Task.FromResult(new Writer(new LocalEngramClient(Engine, new Caller(actor, apiKey)), actor, apiKey));
    }

    public override async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>A directory that is deleted when the test ends.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "engram-test-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a killed child process; the OS temp cleaner takes it later.
        }
    }
}
