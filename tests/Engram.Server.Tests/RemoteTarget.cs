using Engram.Access;
using Engram.Client;
using Engram.Conformance;

namespace Engram.Server.Tests;

/// <summary>A fresh server on a loopback port, reached through the remote client (the official SDK for the compatible endpoints).</summary>
internal sealed class RemoteTarget(TestServer server) : ConformanceTarget
{
    private readonly List<IEngramClient> _clients = [];

    /// <summary>
    /// Starts a server on <paramref name="backend"/>; with <paramref name="runDreams"/> off, its worker runs no dream,
    /// so a pending dream stays pending.
    /// </summary>
    public static async Task<ConformanceTarget> StartAsync(bool runDreams = true, ServerBackend backend = ServerBackend.Sqlite) =>
        new RemoteTarget(await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0, RunDreams = runDreams }, backend));

    public override IEngramClient Admin { get; } = server.Remote();

    public override Actor AdminActor => Actor.User(server.AdminUserId);

    public override async Task<Writer?> NewWriterAsync(ActorType kind, string storeId)
    {
        if (kind == ActorType.Session)
        {
            var registered = await Admin.RegisterSessionAsync(
                new RegisterSessionRequest("conformance-agent", Stores: [new SessionAttachment(storeId, AttachmentAccess.ReadWrite, "")]));
            var sessionClient = server.Remote(registered.Token);
            _clients.Add(sessionClient);
            return new Writer(sessionClient, Actor.Session(registered.Session.Id), null, "/agents/conformance-agent/");
        }

        var (principal, key) = await server.NewPrincipalAsync(kind == ActorType.User ? PrincipalKind.User : PrincipalKind.ServiceAccount);
        var client = server.Remote(key.Secret);
        _clients.Add(client);
        return new Writer(client, principal.Actor, key.Key.Id);
    }

    public override Task<IEngramClient> ConnectAsync(string secret)
    {
        var client = server.Remote(secret);
        _clients.Add(client);
        return Task.FromResult<IEngramClient>(client);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Admin.DisposeAsync();
        await server.DisposeAsync();
    }
}
