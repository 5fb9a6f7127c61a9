using Engram.Access;
using Engram.Conformance;
using Engram.Memories;

namespace Engram.Server.Tests;

/// <summary>
/// The MCP server at <c>/mcp</c> driven over loopback by the official TypeScript SDK's client (<see cref="NodeMcpClient"/>);
/// one sealed subclass per backend the server runs on.
/// </summary>
public abstract class McpTypeScriptClientTests : IAsyncLifetime
{
    private TestServer _server = null!;

    /// <summary>The storage the server's engine runs on.</summary>
    private protected abstract ServerBackend Backend { get; }

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 }, Backend);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_typescript_sdk_client_lists_calls_reads_and_gets_the_prompt_over_streamable_http_and_its_stream_request_is_405()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var store = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("team"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, store.Id, new CreateMemoryRequest("/notes/welcome.md", McpScenario.WelcomeText), CancellationToken.None);

        var report = await NodeMcpClient.OverHttpAsync($"{_server.Url}/mcp", _server.Admin.Secret);

        report.AssertScenario();

        // The client opens a stream with GET after initializing; 405 tells it the server has none, and it carries on.
        var opened = Assert.Single(report.Json.GetProperty("httpExchanges").EnumerateArray());
        Assert.Equal(("GET", 405, "POST"), (opened.GetProperty("method").GetString(), opened.GetProperty("status").GetInt32(), opened.GetProperty("allow").GetString()));
        var get = report.Value("GET endpoint");
        Assert.Equal((405, "POST"), (get.GetProperty("status").GetInt32(), get.GetProperty("allow").GetString()));
    }

    [Fact]
    public async Task With_two_stores_and_none_chosen_the_typescript_sdk_client_connects_lists_both_stores_page_by_page_and_reads_one()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var team = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("team"), CancellationToken.None);
        var zoo = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("zoo"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, team.Id, new CreateMemoryRequest("/notes/welcome.md", McpScenario.WelcomeText), CancellationToken.None);
        for (var i = 0; i < 120; i++)
        {
            await _server.Engine.Memories.CreateMemoryAsync(admin, zoo.Id, new CreateMemoryRequest($"/zoo/{i:000}.md", "x\n"), CancellationToken.None);
        }

        var report = await NodeMcpClient.OverHttpAsync($"{_server.Url}/mcp", _server.Admin.Secret);

        Assert.Empty(report.Json.GetProperty("clientErrors").EnumerateArray());
        Assert.Equal(100, report.Value("resources/list").GetArrayLength());
        var pages = report.Value("resources/list pages").EnumerateArray().Select(p => p.EnumerateArray().Select(r => r.GetProperty("uri").GetString()!).ToList()).ToList();
        Assert.Equal([100, 21], pages.Select(p => p.Count));
        Assert.Equal(120, pages.SelectMany(p => p).Count(u => u.StartsWith($"engram://{zoo.Id}/zoo/", StringComparison.Ordinal)));
        Assert.Equal($"engram://{team.Id}/notes/welcome.md", pages[0][0]); // stores by name: team, then zoo
        Assert.Equal(McpScenario.WelcomeText, Assert.Single(report.Value("resources/read").EnumerateArray()).GetProperty("text").GetString());
    }
}
