using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Memories;
using Engram.Semantic;
using Engram.Sqlite;

namespace Engram.Search.Tests;

/// <summary>A fresh engine over a temporary data file, with the local embedding model and an admin.</summary>
internal sealed class SearchWorld : IAsyncDisposable
{
    // One model for every test in the process: loading it takes about a second.
    private static readonly MiniLmEmbedder Model = new();

    private readonly TemporaryDirectory _directory;
    private readonly ITextEmbedder _embedder;

    private SearchWorld(TemporaryDirectory directory, ITextEmbedder embedder, EngramEngine engine, IEngramClient admin)
    {
        _directory = directory;
        _embedder = embedder;
        Engine = engine;
        Admin = admin;
    }

    public EngramEngine Engine { get; private set; }

    public IEngramClient Admin { get; private set; }

    public string DatabasePath => Path.Combine(_directory.Path, "engram.db");

    /// <summary>A fresh world; with <paramref name="embedder"/> in place of the local model.</summary>
    public static async Task<SearchWorld> StartAsync(TimeProvider? time = null, ITextEmbedder? embedder = null)
    {
        var directory = new TemporaryDirectory();
        embedder ??= Model;
        var engine = Open(directory.Path, time, embedder);
        await engine.Access.BootstrapAsync("user_admin", "admin", CancellationToken.None);
        return new SearchWorld(directory, embedder, engine, new LocalEngramClient(engine, Caller.LocalOperator("user_admin")));
    }

    /// <summary>Closes the engine and opens the same data again, as a restart would.</summary>
    public async Task ReopenAsync(TimeProvider? time = null)
    {
        await Engine.DisposeAsync();
        Engine = Open(_directory.Path, time, _embedder);
        Admin = new LocalEngramClient(Engine, Caller.LocalOperator("user_admin"));
    }

    public async Task<string> StoreAsync(string name, string description = "", bool semantic = true, int? staleAfterDays = null)
    {
        var metadata = new Dictionary<string, string>();
        if (semantic)
        {
            metadata["engram.semantic"] = "on";
        }

        if (staleAfterDays is { } days)
        {
            metadata["engram.stale_after_days"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return (await Admin.CreateStoreAsync(new CreateStoreRequest(name, description, metadata))).Id;
    }

    public async Task WriteAsync(string storeId, params (string Path, string Content)[] memories)
    {
        foreach (var (path, content) in memories)
        {
            await Admin.CreateMemoryAsync(storeId, new CreateMemoryRequest(path, content));
        }

        await Engine.Indexer.DrainAsync(null, CancellationToken.None);
        await Engine.Embeddings!.DrainAsync(CancellationToken.None);
    }

    /// <summary>A client acting as a new session of <paramref name="agent"/> attached to the stores given.</summary>
    public async Task<(IEngramClient Client, string SessionId)> SessionAsync(string agent, params SessionAttachment[] stores)
    {
        var registered = await Admin.RegisterSessionAsync(new RegisterSessionRequest(agent, Stores: stores));
        var caller = await Engine.Access.AuthenticateAsync(registered.Token, CancellationToken.None);
        return (new LocalEngramClient(Engine, caller), registered.Session.Id);
    }

    /// <summary>A client acting as a new member user in <paramref name="groups"/>.</summary>
    public async Task<IEngramClient> MemberAsync(string name, params string[] groups)
    {
        var principal = await Admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, name, Groups: groups));
        var key = await Admin.CreateApiKeyAsync(new CreateApiKeyRequest(name, principal.Id));
        return new LocalEngramClient(Engine, await Engine.Access.AuthenticateAsync(key.Secret, CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }

    private static EngramEngine Open(string directory, TimeProvider? time, ITextEmbedder embedder) => new(
        SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory, "engram.db")) { Durability = Durability.Normal }), time, embedder: embedder);
}
