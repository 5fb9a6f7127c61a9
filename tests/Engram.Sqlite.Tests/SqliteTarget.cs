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

    public override Task<Writer?> NewWriterAsync(ActorType kind)
    {
        var actor = kind switch
        {
            ActorType.Session => Actor.Session(Engine.Ids.NewId(IdPrefix.Session)),
            ActorType.ServiceAccount => Actor.ServiceAccount(Engine.Ids.NewId(IdPrefix.ServiceAccount)),
            ActorType.ApiKey => Actor.ApiKey(Engine.Ids.NewId(IdPrefix.ApiKey)),
            _ => Actor.User(Engine.Ids.NewId(IdPrefix.User)),
        };
        var apiKey = kind == ActorType.User ? Engine.Ids.NewId(IdPrefix.ApiKey) : null;
        return Task.FromResult<Writer?>(new Writer(new LocalEngramClient(Engine, new Caller(actor, apiKey)), actor, apiKey));
    }

    public override async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }
}
