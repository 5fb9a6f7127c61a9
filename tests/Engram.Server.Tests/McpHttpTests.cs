using Engram.Access;
using Engram.Conformance;
using Engram.Memories;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Engram.Server.Tests;

/// <summary>The MCP server at <c>/mcp</c> (streamable HTTP) driven by the MCP SDK's own client, with Engram's keys and session tokens.</summary>
public sealed class McpHttpTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<McpClient> ConnectAsync(string? secret) => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
    {
        Endpoint = new Uri($"{_server.Url}/mcp"),
        TransportMode = HttpTransportMode.StreamableHttp,
        AdditionalHeaders = secret is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["x-api-key"] = secret },
    }));

    [Fact]
    public async Task Every_tool_a_resource_and_the_prompt_work_over_http_with_an_api_key()
    {
        var store = await _server.Engine.Memories.CreateStoreAsync(Caller.LocalOperator(_server.AdminUserId), new CreateStoreRequest("team"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(Caller.LocalOperator(_server.AdminUserId), store.Id, new CreateMemoryRequest("/notes/welcome.md", McpScenario.WelcomeText), CancellationToken.None);

        await using var client = await ConnectAsync(_server.Admin.Secret);

        await McpScenario.RunAsync(client);
    }

    [Fact]
    public async Task Without_a_key_the_server_refuses_the_connection()
    {
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ConnectAsync(null));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ConnectAsync("engram_sk_wrong"));
    }

    [Fact]
    public async Task A_session_token_acts_as_its_session_and_a_write_outside_its_scope_becomes_a_proposal()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var store = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("team"), CancellationToken.None);
        var registered = await _server.Engine.Access.RegisterSessionAsync(admin, new RegisterSessionRequest("deployer", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadWrite, "")]), CancellationToken.None);
        await using var client = await ConnectAsync(registered.Token);

        var own = await client.CallToolAsync("memory_create", new Dictionary<string, object?> { ["path"] = "/memories/agents/deployer/notes.md", ["file_text"] = "use python -m pytest\n" });
        var org = await client.CallToolAsync("memory_create", new Dictionary<string, object?> { ["path"] = "/memories/org/conventions.md", ["file_text"] = "always squash\n" });

        Assert.False(own.IsError ?? false, ((TextContentBlock)own.Content[0]).Text);
        var written = await _server.Engine.Memories.GetMemoryByPathAsync(admin, store.Id, "/agents/deployer/notes.md", MemoryView.Basic, CancellationToken.None);
        var version = await _server.Engine.Memories.GetVersionAsync(admin, store.Id, written.MemoryVersionId, MemoryView.Basic, CancellationToken.None);
        Assert.Equal(new Actor(ActorType.Session, registered.Session.Id), version.CreatedBy);
        Assert.Contains("proposal", ((TextContentBlock)org.Content[0]).Text, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<Errors.NotFoundException>(() => _server.Engine.Memories.GetMemoryByPathAsync(admin, store.Id, "/org/conventions.md", MemoryView.Basic, CancellationToken.None));
    }
}
