using System.Net;
using System.Text.Json;
using Engram.Access;
using Engram.Conformance;
using Engram.Memories;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Engram.Server.Tests;

/// <summary>The MCP server at <c>/mcp</c> (streamable HTTP) driven by the MCP SDK's own client, with Engram's keys and session tokens.</summary>
public sealed class McpHttpTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<McpClient> ConnectAsync(string? secret, string query = "") => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
    {
        Endpoint = new Uri($"{_server.Url}/mcp{query}"),
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
    public async Task With_two_stores_a_tool_asks_for_its_store_argument_or_the_store_query_and_the_memory_section_keeps_each_store_apart()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var team = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("team"), CancellationToken.None);
        var org = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("org"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, team.Id, new CreateMemoryRequest("/team/deploy.md", "Deploy on Tuesdays.\n"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, org.Id, new CreateMemoryRequest("/org/handbook.md", "Be kind.\n"), CancellationToken.None);

        await using var client = await ConnectAsync(_server.Admin.Secret);
        await using var teamClient = await ConnectAsync(_server.Admin.Secret, "?store=team");

        var toolError = await McpScenario.TwoStoresAsync(client, teamClient);
        Assert.EndsWith("pass the tool's `store` argument (a store name or id), or add ?store=NAME|ID to the /mcp URL", toolError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_with_two_attached_stores_gets_both_in_its_memory_section_each_with_its_instructions()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var team = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("team"), CancellationToken.None);
        var org = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("org"), CancellationToken.None);
        await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("other"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, team.Id, new CreateMemoryRequest("/team/deploy.md", "Deploy on Tuesdays.\n"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, org.Id, new CreateMemoryRequest("/org/handbook.md", "Be kind.\n"), CancellationToken.None);
        var registered = await _server.Engine.Access.RegisterSessionAsync(admin, new RegisterSessionRequest("deployer", Stores:
            [new SessionAttachment(team.Id, AttachmentAccess.ReadWrite, "Write under /team/."), new SessionAttachment(org.Id, AttachmentAccess.ReadOnly, "Read the handbook.")]), CancellationToken.None);
        await using var client = await ConnectAsync(registered.Token);

        var result = await client.CallToolAsync("memory_context", new Dictionary<string, object?> { ["budget"] = 1_000 });
        var text = ((TextContentBlock)result.Content[0]).Text;

        var teamAt = text.IndexOf($"## Store team ({team.Id})\nInstructions: Write under /team/.\n", StringComparison.Ordinal);
        var orgAt = text.IndexOf($"## Store org ({org.Id})\nInstructions: Read the handbook.\n", StringComparison.Ordinal);
        Assert.InRange(teamAt, 0, orgAt - 1);
        Assert.InRange(text.IndexOf("- /memories/team/deploy.md", StringComparison.Ordinal), teamAt, orgAt);
        Assert.True(text.IndexOf("- /memories/org/handbook.md", StringComparison.Ordinal) > orgAt, text);
        Assert.DoesNotContain("## Store other", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_missing_memory_is_invalid_params_naming_the_uri_and_its_path_is_not_logged_above_debug()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var store = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("team"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, store.Id, new CreateMemoryRequest("/notes/welcome.md", McpScenario.WelcomeText), CancellationToken.None);
        await using var client = await ConnectAsync(_server.Admin.Secret);

        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync($"engram://{store.Id}/secret/launch-plans.md").AsTask());
        var malformed = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("https://example.com/secret/launch-plans.md").AsTask());
        var budget = await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("memory_section", new Dictionary<string, object?> { ["budget"] = "lots" }).AsTask());
        await McpScenario.RunAsync(client);

        // The client puts "Request failed (remote): " before the server's message.
        Assert.Equal(McpErrorCode.InvalidParams, missing.ErrorCode);
        Assert.EndsWith(": uri: no memory you can read is at this URI", missing.Message, StringComparison.Ordinal);
        Assert.Equal(McpErrorCode.InvalidParams, malformed.ErrorCode);
        Assert.Contains(": uri: must be an Engram memory", malformed.Message, StringComparison.Ordinal);
        Assert.Equal(McpErrorCode.InvalidParams, budget.ErrorCode);
        Assert.Contains(": budget: must be a whole number", budget.Message, StringComparison.Ordinal);
        var loud = _server.Logs.Entries.Where(e => e.Level > LogLevel.Debug).Select(e => e.Text).ToList();
        Assert.DoesNotContain(loud, line => line.Contains("launch-plans", StringComparison.Ordinal) || line.Contains("/notes/", StringComparison.Ordinal));

        // The caller's mistakes (every tool without its arguments in the scenario, the reads above) are no error of the server's.
        Assert.DoesNotContain(_server.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Text.StartsWith("ModelContextProtocol", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_and_delete_on_the_endpoint_are_405_allowing_post_as_the_server_offers_no_stream()
    {
        using var http = _server.Http();
        using var stream = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        stream.Headers.Accept.ParseAdd("text/event-stream");

        using var get = await http.SendAsync(stream);
        using var delete = await http.DeleteAsync("/mcp");
        using var anonymous = await _server.Http(authenticated: false).GetAsync("/mcp");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(["POST"], get.Content.Headers.Allow);
        var body = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", body.GetProperty("type").GetString());
        Assert.StartsWith("method: GET is not allowed on /mcp", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal(["POST"], delete.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task With_two_stores_and_no_default_resources_list_both_and_a_tool_asks_for_its_store()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var team = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("team"), CancellationToken.None);
        await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("ops"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, team.Id, new CreateMemoryRequest("/notes/welcome.md", McpScenario.WelcomeText), CancellationToken.None);
        await using var client = await ConnectAsync(_server.Admin.Secret);
        await using var teamClient = await ConnectAsync(_server.Admin.Secret, "?store=team");

        var listed = await client.ListResourcesAsync();
        var view = await client.CallToolAsync("memory_view", new Dictionary<string, object?> { ["path"] = "/memories" });
        var named = await client.CallToolAsync("memory_view", new Dictionary<string, object?> { ["path"] = "/memories", ["store"] = "team" });

        Assert.Equal([$"engram://{team.Id}/notes/welcome.md"], listed.Select(r => r.Uri)); // ops holds nothing
        Assert.Equal("team:/notes/welcome.md", listed[0].Name);
        Assert.True(view.IsError);
        Assert.StartsWith("Error: store: there are 2 stores you can see (ops, team); pass the tool's `store` argument (a store name or id), or add ?store=NAME|ID to the /mcp URL", ((TextContentBlock)view.Content[0]).Text, StringComparison.Ordinal);
        Assert.False(named.IsError ?? false);
        Assert.EndsWith("/notes/welcome.md", Assert.Single(await teamClient.ListResourcesAsync()).Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_of_several_stores_come_a_page_at_a_time_and_the_cursor_carries_on_across_stores_leaving_out_dream_outputs_and_archived_stores()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var alpha = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("alpha"), CancellationToken.None);
        var beta = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("beta"), CancellationToken.None);
        var dream = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("alpha · dream drm_x", "", new Dictionary<string, string> { [Engram.Dreaming.Dreams.DreamOutputs.MetadataKey] = "drm_x" }), CancellationToken.None);
        var archived = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("old"), CancellationToken.None);
        for (var i = 0; i < 130; i++)
        {
            await _server.Engine.Memories.CreateMemoryAsync(admin, alpha.Id, new CreateMemoryRequest($"/a/{i:000}.md", "a\n"), CancellationToken.None);
        }

        for (var i = 0; i < 90; i++)
        {
            await _server.Engine.Memories.CreateMemoryAsync(admin, beta.Id, new CreateMemoryRequest($"/b/{i:000}.md", "b\n"), CancellationToken.None);
        }

        await _server.Engine.Memories.CreateMemoryAsync(admin, dream.Id, new CreateMemoryRequest("/dream.md", "d\n"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, archived.Id, new CreateMemoryRequest("/old.md", "o\n"), CancellationToken.None);
        await _server.Engine.Memories.ArchiveStoreAsync(admin, archived.Id, CancellationToken.None);
        await using var client = await ConnectAsync(_server.Admin.Secret);

        var pages = new List<ListResourcesResult>();
        string? cursor = null;
        do
        {
            pages.Add(await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }));
            cursor = pages[^1].NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([100, 100, 20], pages.Select(p => p.Resources.Count));
        var uris = pages.SelectMany(p => p.Resources).Select(r => r.Uri).ToList();
        Assert.Equal(220, uris.Distinct().Count());
        Assert.Equal(130, uris.Count(u => u.StartsWith($"engram://{alpha.Id}/a/", StringComparison.Ordinal)));
        Assert.Equal(90, uris.Count(u => u.StartsWith($"engram://{beta.Id}/b/", StringComparison.Ordinal)));
        Assert.Equal("beta:/b/000.md", pages[1].Resources[30].Name);
        Assert.Equal(220, (await client.ListResourcesAsync()).Count); // the SDK follows the cursor itself

        var bad = await Assert.ThrowsAsync<McpProtocolException>(() => client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = "not-a-cursor" }).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, bad.ErrorCode);
        Assert.Contains("cursor: ", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_memory_whose_path_has_a_space_and_an_accent_is_listed_percent_encoded_and_read_by_that_uri_or_the_template_with_the_store_name()
    {
        var admin = Caller.LocalOperator(_server.AdminUserId);
        var store = await _server.Engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("team"), CancellationToken.None);
        await _server.Engine.Memories.CreateMemoryAsync(admin, store.Id, new CreateMemoryRequest("/runbooks/déploiement du mardi.md", "Tuesdays.\n"), CancellationToken.None);
        await using var client = await ConnectAsync(_server.Admin.Secret);

        var listed = Assert.Single(await client.ListResourcesAsync());
        var template = Assert.Single(await client.ListResourceTemplatesAsync());
        var byUri = await client.ReadResourceAsync(listed.Uri);
        var byTemplate = await template.ReadAsync(new Dictionary<string, object?> { ["store"] = "team", ["path"] = "runbooks/déploiement du mardi.md" });

        Assert.Equal($"engram://{store.Id}/runbooks/d%C3%A9ploiement%20du%20mardi.md", listed.Uri);
        Assert.Equal("/runbooks/déploiement du mardi.md", listed.Name);
        Assert.Equal("Tuesdays.\n", ((TextResourceContents)byUri.Contents[0]).Text);
        Assert.Equal("Tuesdays.\n", ((TextResourceContents)byTemplate.Contents[0]).Text);
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
