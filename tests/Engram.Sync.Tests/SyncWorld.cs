using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Memories;
using Engram.Sqlite;

namespace Engram.Sync.Tests;

/// <summary>A fresh engine with an admin and a store, and a temporary directory for sync directories.</summary>
internal sealed class SyncWorld : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;

    private SyncWorld(TemporaryDirectory directory, EngramEngine engine, string storeId)
    {
        _directory = directory;
        Engine = engine;
        StoreId = storeId;
    }

    public EngramEngine Engine { get; }

    public IEngramClient Admin => new LocalEngramClient(Engine, Caller.LocalOperator("user_admin"));

    public string StoreId { get; }

    public static async Task<SyncWorld> StartAsync()
    {
        var directory = new TemporaryDirectory();
        var engine = new EngramEngine(SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory.Path, "engram.db")) { Durability = Durability.Normal }));
        await engine.Access.BootstrapAsync("user_admin", "admin", CancellationToken.None);
        var store = await new LocalEngramClient(engine, Caller.LocalOperator("user_admin")).CreateStoreAsync(new CreateStoreRequest("team"));
        return new SyncWorld(directory, engine, store.Id);
    }

    /// <summary>A directory path under the world's temporary directory (not created).</summary>
    public string Directory(string name) => Path.Combine(_directory.Path, name);

    /// <summary>Where this world's syncs keep their state (outside every sync directory, never the user's own).</summary>
    public string StateHome => Path.Combine(_directory.Path, "sync-state");

    /// <summary>A sync of <paramref name="directory"/> with the store as <paramref name="client"/>, its state kept in <see cref="StateHome"/>.</summary>
    public StoreSync Sync(IEngramClient client, string directory) => new(client, StoreId, directory, stateHome: StateHome);

    /// <summary>The one state directory the syncs of this world made (fails when there is not exactly one).</summary>
    public string StateDirectory() => Assert.Single(System.IO.Directory.GetDirectories(StateHome));

    /// <summary>A client acting as a new member user (admins of nothing: the store's default policy decides).</summary>
    public async Task<(IEngramClient Client, string PrincipalId)> PersonAsync(string name)
    {
        var principal = await Admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, name));
        var key = await Admin.CreateApiKeyAsync(new CreateApiKeyRequest(name, principal.Id));
        return (new LocalEngramClient(Engine, await Engine.Access.AuthenticateAsync(key.Secret, CancellationToken.None)), principal.Id);
    }

    /// <summary>A client acting as a new session of <paramref name="agent"/> attached to the store with <paramref name="access"/>.</summary>
    public async Task<(IEngramClient Client, string SessionId)> SessionAsync(string agent, AttachmentAccess access = AttachmentAccess.ReadWrite)
    {
        var registered = await Admin.RegisterSessionAsync(new RegisterSessionRequest(agent, Stores: [new SessionAttachment(StoreId, access, "")]));
        return (new LocalEngramClient(Engine, await Engine.Access.AuthenticateAsync(registered.Token, CancellationToken.None)), registered.Session.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }
}
