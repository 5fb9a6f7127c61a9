using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Memories;
using Engram.MemoryTool;
using Engram.Sqlite;

namespace Engram.MemoryTool.Tests;

/// <summary>A fresh engine over a temporary data file with an admin and one store, and handlers over it.</summary>
internal sealed class MemoryToolWorld : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;

    private MemoryToolWorld(TemporaryDirectory directory, EngramEngine engine, IEngramClient admin, string storeId)
    {
        _directory = directory;
        Engine = engine;
        Admin = admin;
        StoreId = storeId;
    }

    public EngramEngine Engine { get; }

    public IEngramClient Admin { get; }

    public string StoreId { get; }

    public static async Task<MemoryToolWorld> StartAsync()
    {
        var directory = new TemporaryDirectory();
        var engine = new EngramEngine(
            SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory.Path, "engram.db")) { Durability = Durability.Normal }));
        await engine.Access.BootstrapAsync("user_admin", "admin", CancellationToken.None);
        var admin = new LocalEngramClient(engine, Caller.LocalOperator("user_admin"));
        var store = await admin.CreateStoreAsync(new CreateStoreRequest("team", "", null));
        return new MemoryToolWorld(directory, engine, admin, store.Id);
    }

    /// <summary>A handler acting as the admin, with <c>/memories</c> at <paramref name="root"/>.</summary>
    public MemoryToolHandler Tool(string root = "/") => new(Admin, StoreId, root);

    /// <summary>Writes memories as the admin.</summary>
    public async Task WriteAsync(params (string Path, string Content)[] memories)
    {
        foreach (var (path, content) in memories)
        {
            await Admin.CreateMemoryAsync(StoreId, new CreateMemoryRequest(path, content));
        }
    }

    /// <summary>The content at a store path, or null when there is no memory there.</summary>
    public async Task<string?> ContentAsync(string path)
    {
        try
        {
            return (await Admin.GetMemoryByPathAsync(StoreId, path)).Content;
        }
        catch (Errors.NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every memory path in the store, in order.</summary>
    public async Task<List<string>> PathsAsync()
    {
        var page = await Admin.ListMemoriesAsync(StoreId, new MemoryListQuery(Limit: 100));
        return [.. page.Data.Select(item => item.Path)];
    }

    /// <summary>A client acting as a new session of <paramref name="agent"/> with the store attached read-write.</summary>
    public async Task<(IEngramClient Client, string SessionId)> SessionAsync(string agent)
    {
        var registered = await Admin.RegisterSessionAsync(new RegisterSessionRequest(
            agent, Stores: [new SessionAttachment(StoreId, AttachmentAccess.ReadWrite, "")]));
        var caller = await Engine.Access.AuthenticateAsync(registered.Token, CancellationToken.None);
        return (new LocalEngramClient(Engine, caller), registered.Session.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }
}
