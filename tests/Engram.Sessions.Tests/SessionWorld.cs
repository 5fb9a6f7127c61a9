using Engram.Client;
using Engram.Sessions;
using Engram.Testing;

namespace Engram.Sessions.Tests;

/// <summary>An <see cref="EngramWorld"/> with a directory for transcript files.</summary>
internal sealed class SessionWorld(EngramWorld world) : IAsyncDisposable
{
    public EngramEngine Engine => world.Engine;

    public IEngramClient Admin => world.Admin;

    /// <summary>Where tests write transcript files.</summary>
    public string Files { get; } = Directory.CreateDirectory(Path.Combine(world.Directory, "transcripts")).FullName;

    public static async Task<SessionWorld> StartAsync(SessionOptions? options = null, TimeProvider? time = null) =>
        new(await EngramWorld.Create().WithSessions(options).WithClock(time).StartAsync());

    /// <summary>A client acting as a new member user.</summary>
    public async Task<IEngramClient> MemberAsync(string name) => (await world.PersonAsync(name)).Client;

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

    public ValueTask DisposeAsync() => world.DisposeAsync();
}
