using Engram.Access;
using Engram.Client;
using Engram.Memories;
using Engram.Semantic;
using Engram.Testing;

namespace Engram.Search.Tests;

/// <summary>An <see cref="EngramWorld"/> with the local embedding model, and helpers to make stores and index what is written.</summary>
internal sealed class SearchWorld(EngramWorld world) : IAsyncDisposable
{
    // One model for every test in the process: loading it takes about a second.
    private static readonly MiniLmEmbedder Model = new();

    public EngramEngine Engine => world.Engine;

    public IEngramClient Admin => world.Admin;

    public string DatabasePath => world.DatabasePath;

    /// <summary>A fresh world; with <paramref name="embedder"/> in place of the local model.</summary>
    public static async Task<SearchWorld> StartAsync(TimeProvider? time = null, ITextEmbedder? embedder = null) =>
        new(await EngramWorld.Create().WithClock(time).WithEmbedder(embedder ?? Model).StartAsync());

    /// <summary>Closes the engine and opens the same data again, as a restart would.</summary>
    public Task ReopenAsync(TimeProvider? time = null) => world.ReopenAsync(options => options with { Time = time });

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

        return (await world.StoreAsync(name, description, metadata)).Id;
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
        var session = await world.SessionAsync(agent, stores);
        return (session.Client, session.Id);
    }

    /// <summary>A client acting as a new member user in <paramref name="groups"/>.</summary>
    public async Task<IEngramClient> MemberAsync(string name, params string[] groups) => (await world.PersonAsync(name, groups)).Client;

    public ValueTask DisposeAsync() => world.DisposeAsync();
}
