using Engram.Access;
using Engram.Client;
using Engram.Memories;
using Engram.MemoryTool;
using Engram.Testing;

namespace Engram.MemoryTool.Tests;

/// <summary>An <see cref="EngramWorld"/> with one store, and memory tool handlers over it.</summary>
internal sealed class MemoryToolWorld(EngramWorld world, string storeId) : IAsyncDisposable
{
    public EngramEngine Engine => world.Engine;

    public IEngramClient Admin => world.Admin;

    public string StoreId { get; } = storeId;

    public static async Task<MemoryToolWorld> StartAsync()
    {
        var world = await EngramWorld.StartAsync();
        return new MemoryToolWorld(world, (await world.StoreAsync("team", "")).Id);
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
        var session = await world.SessionAsync(agent, StoreId, AttachmentAccess.ReadWrite);
        return (session.Client, session.Id);
    }

    public ValueTask DisposeAsync() => world.DisposeAsync();
}
