using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit;

namespace Engram.Conformance;

/// <summary>
/// What an MCP client must be able to do against Engram, whatever the transport: list the tools, call each, be told
/// which argument a call misses, list and read a memory as a resource (by its URI and through the template), and get
/// the memory section prompt. The store must hold
/// <c>/notes/welcome.md</c> with <see cref="WelcomeText"/> and nothing else.
/// </summary>
public static class McpScenario
{
    public const string WelcomeText = "# Welcome\n\nDeploys go out on Tuesdays.\n";

    private static readonly string[] Tools =
        ["memory_context", "memory_create", "memory_delete", "memory_history", "memory_insert", "memory_rename", "memory_search", "memory_str_replace", "memory_view"];

    public static async Task RunAsync(McpClient client)
    {
        Assert.Equal(Tools, (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal));

        Assert.StartsWith("Here're the files and directories up to 2 levels deep in /memories", await TextAsync(client, "memory_view", new() { ["path"] = "/memories" }), StringComparison.Ordinal);
        Assert.Equal("File created successfully at: /memories/notes/todo.md", await TextAsync(client, "memory_create", new() { ["path"] = "/memories/notes/todo.md", ["file_text"] = "ship it\n" }));
        Assert.Equal("The file /memories/notes/todo.md has been edited.", await TextAsync(client, "memory_insert", new() { ["path"] = "/memories/notes/todo.md", ["insert_line"] = 0, ["insert_text"] = "test it\n" }));
        Assert.StartsWith("The memory file has been edited.", await TextAsync(client, "memory_str_replace", new() { ["path"] = "/memories/notes/todo.md", ["old_str"] = "ship it", ["new_str"] = "ship it on Tuesday" }), StringComparison.Ordinal);
        Assert.Equal("Here's the content of /memories/notes/todo.md with line numbers:\n     1\ttest it\n     2\tship it on Tuesday", await TextAsync(client, "memory_view", new() { ["path"] = "/memories/notes/todo.md" }));
        Assert.Equal("Successfully renamed /memories/notes/todo.md to /memories/notes/done.md", await TextAsync(client, "memory_rename", new() { ["old_path"] = "/memories/notes/todo.md", ["new_path"] = "/memories/notes/done.md" }));
        Assert.Contains("create", await TextAsync(client, "memory_history", new() { ["path"] = "/memories/notes/done.md" }), StringComparison.Ordinal);
        Assert.Equal("Successfully deleted /memories/notes/done.md", await TextAsync(client, "memory_delete", new() { ["path"] = "/memories/notes/done.md" }));
        Assert.Contains("/memories/notes/welcome.md", await TextAsync(client, "memory_search", new() { ["query"] = "Tuesdays deploys" }), StringComparison.Ordinal);
        Assert.Contains("/notes/welcome.md", await TextAsync(client, "memory_context", new() { ["budget"] = 500 }), StringComparison.Ordinal);

        var missing = await client.CallToolAsync("memory_view", new Dictionary<string, object?> { ["path"] = "/memories/nope.md" });
        Assert.True(missing.IsError);
        Assert.Equal("The path /memories/nope.md does not exist. Please provide a valid path.", ((TextContentBlock)missing.Content[0]).Text);

        foreach (var tool in await client.ListToolsAsync())
        {
            if (tool.JsonSchema.TryGetProperty("required", out var required) && required.GetArrayLength() > 0)
            {
                var refused = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(tool.Name, new Dictionary<string, object?>()).AsTask());
                Assert.Equal(McpErrorCode.InvalidParams, refused.ErrorCode);
                Assert.EndsWith($": {required[0].GetString()}: is required", refused.Message, StringComparison.Ordinal); // after the client's "Request failed (remote)"
            }
        }

        var wrongType = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("memory_insert", new Dictionary<string, object?> { ["path"] = "/memories/notes/welcome.md", ["insert_line"] = "first", ["insert_text"] = "x" }).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, wrongType.ErrorCode);
        Assert.EndsWith(": insert_line: must be an integer (got a string)", wrongType.Message, StringComparison.Ordinal);

        var resource = Assert.Single(await client.ListResourcesAsync());
        Assert.EndsWith("/notes/welcome.md", resource.Uri, StringComparison.Ordinal);
        var read = await client.ReadResourceAsync(resource.Uri);
        Assert.Equal(WelcomeText, ((TextResourceContents)read.Contents[0]).Text);

        var template = Assert.Single(await client.ListResourceTemplatesAsync());
        Assert.Equal("engram://{store}/{+path}", template.UriTemplate);
        var store = resource.Uri["engram://".Length..resource.Uri.IndexOf('/', "engram://".Length)];
        var byTemplate = await template.ReadAsync(new Dictionary<string, object?> { ["store"] = store, ["path"] = "notes/welcome.md" });
        Assert.Equal(WelcomeText, ((TextResourceContents)byTemplate.Contents[0]).Text);

        var prompt = await client.GetPromptAsync("memory_section", new Dictionary<string, object?> { ["budget"] = "500" });
        Assert.Contains("/notes/welcome.md", ((TextContentBlock)prompt.Messages[0].Content).Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two stores, <c>team</c> (holding <c>/team/deploy.md</c>) and <c>org</c> (holding <c>/org/handbook.md</c>):
    /// <paramref name="client"/> has no default store, <paramref name="teamClient"/> has <c>team</c> as its default.
    /// A tool without a store asks for the <c>store</c> argument (never a command-line flag); the memory section
    /// shows every store under its own heading, or only the store chosen. Returns the error text the tool gave.
    /// </summary>
    public static async Task<string> TwoStoresAsync(McpClient client, McpClient teamClient)
    {
        var unchosen = await client.CallToolAsync("memory_view", new Dictionary<string, object?> { ["path"] = "/memories" });
        Assert.True(unchosen.IsError);
        var toolError = ((TextContentBlock)unchosen.Content[0]).Text;
        Assert.StartsWith("Error: store: there are 2 stores you can see (org, team); pass the tool's `store` argument (a store name or id)", toolError, StringComparison.Ordinal);
        Assert.DoesNotContain("--store", toolError, StringComparison.Ordinal);
        Assert.DoesNotContain("ENGRAM_STORE", toolError, StringComparison.Ordinal);
        Assert.Contains("/memories/team/deploy.md", await TextAsync(client, "memory_view", new() { ["path"] = "/memories", ["store"] = "team" }), StringComparison.Ordinal);

        var both = await TextAsync(client, "memory_context", new() { ["budget"] = 1_000 });
        var org = both.IndexOf("## Store org (", StringComparison.Ordinal);
        var team = both.IndexOf("## Store team (", StringComparison.Ordinal);
        Assert.InRange(org, 0, team - 1);
        Assert.InRange(both.IndexOf("- /memories/org/handbook.md", StringComparison.Ordinal), org, team);
        Assert.InRange(both.IndexOf("Memory tool: pass `store` \"org\"", StringComparison.Ordinal), org, team);
        Assert.True(both.IndexOf("- /memories/team/deploy.md", StringComparison.Ordinal) > team, both);
        Assert.True(both.IndexOf("Memory tool: pass `store` \"team\"", StringComparison.Ordinal) > team, both);

        AssertOnly("org", await TextAsync(client, "memory_context", new() { ["budget"] = 1_000, ["store"] = "org" }));
        AssertOnly("team", await PromptAsync(client, new() { ["budget"] = "1000", ["store"] = "team" }));
        AssertOnly("team", await TextAsync(teamClient, "memory_context", new() { ["budget"] = 1_000 }));
        AssertOnly("team", await PromptAsync(teamClient, new() { ["budget"] = "1000" }));
        Assert.Contains("/memories/team/deploy.md", await TextAsync(teamClient, "memory_view", new() { ["path"] = "/memories" }), StringComparison.Ordinal);
        Assert.EndsWith("/team/deploy.md", Assert.Single(await teamClient.ListResourcesAsync()).Uri, StringComparison.Ordinal);

        // Clients list resources as they connect: with no store chosen, every working store's memories, each URI naming its store.
        var listed = await client.ListResourcesAsync();
        Assert.Equal(["org:/org/handbook.md", "team:/team/deploy.md"], listed.Select(r => r.Name));
        Assert.All(listed, r => Assert.Matches("^engram://memstore_[^/]+/(org/handbook|team/deploy).md$", r.Uri));
        Assert.Equal("Be kind.\n", ((TextResourceContents)(await client.ReadResourceAsync(listed[0].Uri)).Contents[0]).Text);
        return toolError;
    }

    private static void AssertOnly(string store, string section)
    {
        Assert.Contains($"## Store {store} (", section, StringComparison.Ordinal);
        Assert.Contains($"- /memories/{store}/", section, StringComparison.Ordinal); // as the memory tools name it
        var other = store == "team" ? "org" : "team";
        Assert.DoesNotContain($"## Store {other}", section, StringComparison.Ordinal);
        Assert.DoesNotContain($"/{other}/", section, StringComparison.Ordinal);
    }

    private static async Task<string> PromptAsync(McpClient client, Dictionary<string, object?> arguments) =>
        ((TextContentBlock)(await client.GetPromptAsync("memory_section", arguments)).Messages[0].Content).Text;

    private static async Task<string> TextAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        var text = ((TextContentBlock)result.Content[0]).Text;
        Assert.False(result.IsError ?? false, $"{tool}: {text}");
        return text;
    }
}
