using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Memories;
using Engram.Search;
using Engram.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Testing;

/// <summary>
/// A fresh Engram for one test: an engine over SQLite in a temporary directory, a bootstrapped admin and its
/// client, and helpers that add stores and principals (people, service accounts, propose-only writers, agent
/// sessions), each with its key and its own <see cref="LocalEngramClient"/>. Start one with <see cref="Create"/>.
/// </summary>
public sealed partial class EngramWorld : IAsyncDisposable
{
    /// <summary>The admin's user id unless the builder or a data directory names another.</summary>
    public const string DefaultAdminId = "user_admin";

    private readonly TemporaryDirectory _directory;

    private EngramWorld(TemporaryDirectory directory, EngramWorldOptions options, DataDirectory? data, EngramEngine engine, CreatedApiKey adminKey)
    {
        _directory = directory;
        Options = options;
        Data = data;
        Engine = engine;
        AdminKey = adminKey;
        AdminCaller = Caller.LocalOperator(options.AdminId);
        Admin = new LocalEngramClient(engine, AdminCaller);
    }

    /// <summary>What the world was built from (as last reopened).</summary>
    public EngramWorldOptions Options { get; private set; }

    public EngramEngine Engine { get; private set; }

    /// <summary>The temporary directory the world lives in; deleted with it.</summary>
    public string Directory => _directory.Path;

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath => Data is null ? Path.Combine(Directory, "engram.db") : Data.DatabasePath;

    /// <summary>The data directory, when the world was built <see cref="EngramWorldBuilder.AsDataDirectory"/>.</summary>
    public DataDirectory? Data { get; }

    public TimeProvider Time => Engine.Time;

    /// <summary>The fake clock the world was built with (<see cref="EngramWorldBuilder.WithFakeClock"/>).</summary>
    public FakeTimeProvider Clock => Options.Time as FakeTimeProvider ?? throw new InvalidOperationException("this world runs on a real clock: build it WithFakeClock()");

    public ITextEmbedder? Embedder => Options.Embedder;

    public string AdminId => Options.AdminId;

    /// <summary>The admin as the local operator (no key), as the CLI on a data directory acts.</summary>
    public Caller AdminCaller { get; }

    public Actor AdminActor => AdminCaller.Actor;

    /// <summary>The admin's client.</summary>
    public IEngramClient Admin { get; private set; }

    /// <summary>The key bootstrapping made for the admin.</summary>
    public CreatedApiKey AdminKey { get; }

    /// <summary>A world over SQLite with the system clock and no embedder.</summary>
    public static Task<EngramWorld> StartAsync() => Create().StartAsync();

    /// <summary>A builder to choose the clock, the embedder and the options before starting.</summary>
    public static EngramWorldBuilder Create() => new();

    internal static async Task<EngramWorld> StartAsync(EngramWorldOptions options)
    {
        var directory = new TemporaryDirectory();
        DataDirectory? data = null;
        if (options.DataDirectory)
        {
            data = Sqlite.DataDirectory.Initialize(directory.Path, TimeProvider.System, "admin").Directory;
            options = options with { AdminId = data.Manifest.LocalUserId };
        }

        var engine = Open(directory.Path, data, options);
        var key = await engine.Access.BootstrapAsync(options.AdminId, "admin", CancellationToken.None);
        return new EngramWorld(directory, options, data, engine, key);
    }

    /// <summary>Closes the engine and opens the same data again, as a restarted process would, optionally with other options.</summary>
    public async Task ReopenAsync(Func<EngramWorldOptions, EngramWorldOptions>? change = null)
    {
        await Engine.DisposeAsync();
        Options = change?.Invoke(Options) ?? Options;
        Engine = Open(Directory, Data, Options);
        Admin = new LocalEngramClient(Engine, AdminCaller);
    }

    /// <summary>A client acting as <paramref name="caller"/>.</summary>
    public IEngramClient ClientFor(Caller caller) => new LocalEngramClient(Engine, caller);

    /// <summary>The caller an API key or session token authenticates as.</summary>
    public Task<Caller> AuthenticateAsync(string secret) => Engine.Access.AuthenticateAsync(secret, CancellationToken.None);

    /// <summary>A client acting as whoever <paramref name="secret"/> authenticates.</summary>
    public async Task<IEngramClient> ClientForAsync(string secret) => ClientFor(await AuthenticateAsync(secret));

    /// <summary>A new store made by the admin.</summary>
    public Task<MemoryStore> StoreAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        Admin.CreateStoreAsync(new CreateStoreRequest(name, description, metadata));

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }

    private static EngramEngine Open(string directory, DataDirectory? data, EngramWorldOptions options) => new(
        data?.OpenStorage(options.Durability) ?? SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory, "engram.db")) { Durability = options.Durability }),
        options.Time, embedder: options.Embedder, sessions: options.Sessions, dreams: options.Dreams);
}
