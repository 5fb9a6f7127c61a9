using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engram.Memories;

namespace Engram.Server.Tests;

/// <summary>POST /v1/engram/memory_stores/{store_id}/memory_tool over the real server.</summary>
public sealed class MemoryToolEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _http = null!;
    private string _storeId = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });
        _http = _server.Http();
        await using var remote = _server.Remote();
        _storeId = (await remote.CreateStoreAsync(new CreateStoreRequest("tool"))).Id;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Commands_run_against_the_store_and_tool_errors_are_results()
    {
        var created = await ExecuteAsync(new { command = "create", path = "/memories/notes.md", file_text = "Hello World\n" }, "?root=/agents/deployer/");
        var viewed = await ExecuteAsync(new { command = "view", path = "/memories/notes.md" }, "?root=/agents/deployer/");
        var missing = await ExecuteAsync(new { command = "view", path = "/memories/none.md" });

        Assert.Equal("""{"type":"memory_tool_result","content":"File created successfully at: /memories/notes.md","is_error":false}""", created);
        Assert.Equal("""{"type":"memory_tool_result","content":"Here's the content of /memories/notes.md with line numbers:\n     1\tHello World","is_error":false}""", viewed);
        Assert.Equal("""{"type":"memory_tool_result","content":"The path /memories/none.md does not exist. Please provide a valid path.","is_error":true}""", missing);
        await using var remote = _server.Remote();
        Assert.Equal("Hello World\n", (await remote.GetMemoryByPathAsync(_storeId, "/agents/deployer/notes.md")).Content);
    }

    [Fact]
    public async Task Without_a_key_the_request_is_refused_and_an_unknown_store_is_not_found()
    {
        using var anonymous = _server.Http(authenticated: false);
        using var unauthenticated = await anonymous.PostAsJsonAsync($"/v1/engram/memory_stores/{_storeId}/memory_tool", new { command = "view", path = "/memories" });
        using var unknown = await _http.PostAsJsonAsync("/v1/engram/memory_stores/memstore_missing/memory_tool", new { command = "view", path = "/memories" });

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var error = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        Assert.Equal("not_found_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_handler_works_the_same_over_the_remote_client()
    {
        await using var remote = _server.Remote();
        var tool = new MemoryTool.MemoryToolHandler(remote, _storeId, "/agents/deployer/");

        var created = await tool.CreateAsync("/memories/a.md", "one\ntwo\n", CancellationToken.None);
        var edited = await tool.StrReplaceAsync("/memories/a.md", "two", "2", CancellationToken.None);
        var view = await tool.ViewAsync("/memories", null, CancellationToken.None);
        var missing = await tool.DeleteAsync("/memories/none.md", CancellationToken.None);

        Assert.Equal(new MemoryTool.MemoryToolResult("File created successfully at: /memories/a.md", false), created);
        Assert.Equal(new MemoryTool.MemoryToolResult("The memory file has been edited.\n     1\tone\n     2\t2", false), edited);
        Assert.Equal("Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:\n4.0K\t/memories\n6\t/memories/a.md", view.Text);
        Assert.Equal(new MemoryTool.MemoryToolResult("Error: The path /memories/none.md does not exist", true), missing);
    }

    private async Task<string> ExecuteAsync(object input, string query = "")
    {
        using var response = await _http.PostAsJsonAsync($"/v1/engram/memory_stores/{_storeId}/memory_tool{query}", input);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
