using Engram.Access;
using Engram.Client;
using Engram.Conformance;

namespace Engram.Server.Tests;

/// <summary>
/// The store conformance suite through the real HTTP server and the remote client (the official SDK for
/// the compatible endpoints), so the HTTP API misses no rule the library enforces.
/// </summary>
public sealed class RemoteConformanceTests : StoreConformanceTests
{
    protected override async Task<ConformanceTarget> StartAsync() => new RemoteTarget(await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 }));

    private sealed class RemoteTarget(TestServer server) : ConformanceTarget
    {
        private readonly List<IEngramClient> _clients = [];

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
}
