using Engram.Access;
using Engram.Client;
using Engram.Sync;
using Engram.Testing;

namespace Engram.Tests.Sync;

/// <summary>An <see cref="EngramWorld"/> with a store, and its temporary directory for sync directories.</summary>
internal sealed class SyncWorld(EngramWorld world, string storeId) : IAsyncDisposable
{
    public EngramEngine Engine => world.Engine;

    public IEngramClient Admin => world.Admin;

    public string StoreId { get; } = storeId;

    /// <summary>Where this world's syncs keep their state (outside every sync directory, never the user's own).</summary>
    public string StateHome => Path.Combine(world.Directory, "sync-state");

    public static async Task<SyncWorld> StartAsync()
    {
        var world = await EngramWorld.StartAsync();
        return new SyncWorld(world, (await world.StoreAsync("team")).Id);
    }

    /// <summary>A directory path under the world's temporary directory (not created).</summary>
    public string Directory(string name) => Path.Combine(world.Directory, name);

    /// <summary>A sync of <paramref name="directory"/> with the store as <paramref name="client"/>, its state kept in <see cref="StateHome"/>.</summary>
    public StoreSync Sync(IEngramClient client, string directory) => new(client, StoreId, directory, stateHome: StateHome);

    /// <summary>The one state directory the syncs of this world made (fails when there is not exactly one).</summary>
    public string StateDirectory() => Assert.Single(System.IO.Directory.GetDirectories(StateHome));

    /// <summary>A client acting as a new member user (admins of nothing: the store's default policy decides).</summary>
    public async Task<(IEngramClient Client, string PrincipalId)> PersonAsync(string name)
    {
        var person = await world.PersonAsync(name);
        return (person.Client, person.Id);
    }

    /// <summary>A client acting as a new session of <paramref name="agent"/> attached to the store with <paramref name="access"/>.</summary>
    public async Task<(IEngramClient Client, string SessionId)> SessionAsync(string agent, AttachmentAccess access = AttachmentAccess.ReadWrite)
    {
        var session = await world.SessionAsync(agent, StoreId, access);
        return (session.Client, session.Id);
    }

    public ValueTask DisposeAsync() => world.DisposeAsync();
}
