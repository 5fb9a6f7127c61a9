using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Identity;

namespace Engram.Postgres.Tests;

/// <summary>A fresh PostgreSQL database on the test cluster, reached in-process.</summary>
internal sealed class PostgresTarget : ConformanceTarget
{
    private readonly PostgresTestDatabase _database;

    private PostgresTarget(PostgresTestDatabase database, PostgresStorage storage)
    {
        _database = database;
        Storage = storage;
        Engine = new EngramEngine(Storage);
        AdminActor = Actor.User(Engine.Ids.NewId(IdPrefix.User));
        Engine.BootstrapAsync(AdminActor.Id, "admin", CancellationToken.None).GetAwaiter().GetResult();
        Admin = new LocalEngramClient(Engine, Caller.LocalOperator(AdminActor.Id));
    }

    public PostgresStorage Storage { get; }

    public override EngramEngine Engine { get; }

    public string ConnectionString => _database.ConnectionString;

    public override IEngramClient Admin { get; }

    public override Actor AdminActor { get; }

    public static async Task<ConformanceTarget> StartAsync()
    {
        var database = PostgresTestDatabase.Create();
        return new PostgresTarget(database, await PostgresStorage.OpenAsync(new PostgresStorageOptions(database.ConnectionString)));
    }

    public override async Task<Writer?> NewWriterAsync(ActorType kind, string storeId)
    {
        var admin = Caller.LocalOperator(AdminActor.Id);
        if (kind == ActorType.Session)
        {
            var registered = await Engine.Access.RegisterSessionAsync(
                admin, new RegisterSessionRequest("conformance-agent", Stores: [new SessionAttachment(storeId, AttachmentAccess.ReadWrite, "")]), CancellationToken.None);
            var caller = await Engine.Access.AuthenticateAsync(registered.Token, CancellationToken.None);
            return new Writer(new LocalEngramClient(Engine, caller), caller.Actor, null, "/agents/conformance-agent/");
        }

        var principalKind = kind == ActorType.ServiceAccount ? PrincipalKind.ServiceAccount : PrincipalKind.User;
        var principal = await Engine.Access.CreatePrincipalAsync(admin, new CreatePrincipalRequest(principalKind, "writer"), CancellationToken.None);
        var key = await Engine.Access.CreateApiKeyAsync(admin, new CreateApiKeyRequest("conformance", principal.Id), CancellationToken.None);
        var authenticated = await Engine.Access.AuthenticateAsync(key.Secret, CancellationToken.None);
        return new Writer(new LocalEngramClient(Engine, authenticated), authenticated.Actor, key.Key.Id);
    }

    public override async Task<IEngramClient> ConnectAsync(string secret) =>
        new LocalEngramClient(Engine, await Engine.Access.AuthenticateAsync(secret, CancellationToken.None));

    public override async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await _database.DisposeAsync();
    }
}
