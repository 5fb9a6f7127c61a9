using Engram.Access;
using Engram.Client;
using Engram.Conformance;
using Engram.Sessions;
using Engram.Sqlite;

namespace Engram.Sessions.Tests;

/// <summary>A fresh engine over a temporary data file with an admin, and a directory for transcript files.</summary>
internal sealed class SessionWorld : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;

    private SessionWorld(TemporaryDirectory directory, EngramEngine engine)
    {
        _directory = directory;
        Engine = engine;
        Admin = new LocalEngramClient(engine, Caller.LocalOperator("user_admin"));
        Files = Directory.CreateDirectory(Path.Combine(directory.Path, "transcripts")).FullName;
    }

    public EngramEngine Engine { get; }

    public IEngramClient Admin { get; }

    /// <summary>Where tests write transcript files.</summary>
    public string Files { get; }

    public static async Task<SessionWorld> StartAsync(SessionOptions? options = null, TimeProvider? time = null)
    {
        var directory = new TemporaryDirectory();
        var engine = new EngramEngine(
            SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory.Path, "engram.db")) { Durability = Durability.Normal }), time, sessions: options);
        await engine.Access.BootstrapAsync("user_admin", "admin", CancellationToken.None);
        return new SessionWorld(directory, engine);
    }

    /// <summary>A client acting as a new member user.</summary>
    public async Task<IEngramClient> MemberAsync(string name)
    {
        var principal = await Admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, name));
        var key = await Admin.CreateApiKeyAsync(new CreateApiKeyRequest(name, principal.Id));
        return new LocalEngramClient(Engine, await Engine.Access.AuthenticateAsync(key.Secret, CancellationToken.None));
    }

    /// <summary>Writes a transcript file under <see cref="Files"/> and returns its path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Files, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Every event of a session, page by page.</summary>
    public static async Task<List<StoredEvent>> AllEventsAsync(IEngramClient client, string sessionId, int pageSize = 7)
    {
        var all = new List<StoredEvent>();
        string? page = null;
        do
        {
            var result = await client.ListEventsAsync(sessionId, pageSize, page, withRaw: true);
            all.AddRange(result.Data);
            page = result.NextPage;
        }
        while (page is not null);
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }
}
