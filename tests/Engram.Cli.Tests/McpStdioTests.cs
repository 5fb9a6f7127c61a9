using Engram.Conformance;
using ModelContextProtocol.Client;

namespace Engram.Cli.Tests;

/// <summary><c>engram mcp</c> spawned as a process and driven by the MCP SDK's own client over stdio.</summary>
public sealed class McpStdioTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _stderr = new();

    private StdioClientTransport Transport(params string[] extra) => new(new StdioClientTransportOptions
    {
        Name = "engram",
        StandardErrorLines = _stderr.Enqueue,
        Command = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll"), "--data", _engram.Data, .. extra, "mcp"],
        WorkingDirectory = _engram.Root,
        EnvironmentVariables = EngramProcess.ModelVariables.ToDictionary(name => name, _ => (string?)null), // null removes the variable
    });

    [Fact]
    public async Task Every_tool_a_resource_and_the_prompt_work_over_stdio()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/notes/welcome.md"], McpScenario.WelcomeText)).Ok();

        await using var client = await McpClient.CreateAsync(Transport());

        await McpScenario.RunAsync(client);
    }

    [Fact]
    public async Task Memory_search_says_when_its_results_are_partial()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team", "--metadata", "engram.semantic=on")).Ok();
        for (var i = 0; i < 9; i++)
        {
            (await _engram.RunAsync([$"write", $"/notes/{i}.md"], $"Deploy note {i}: promote the canary.\n")).Ok();
        }

        await using var client = await McpClient.CreateAsync(Transport());
        var result = await client.CallToolAsync("memory_search", new Dictionary<string, object?> { ["query"] = "canary" });
        var text = ((ModelContextProtocol.Protocol.TextContentBlock)result.Content[0]).Text;
        Assert.Contains("/memories/notes/0.md", text, StringComparison.Ordinal);
        Assert.EndsWith("(Partial: 9 of 9 memories are not embedded yet and were matched by keyword only.)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_two_stores_a_tool_asks_for_its_store_argument_and_the_memory_section_keeps_each_store_apart()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync("store", "create", "org")).Ok();
        (await _engram.RunAsync(["write", "/team/deploy.md", "--store", "team"], "Deploy on Tuesdays.\n")).Ok();
        (await _engram.RunAsync(["write", "/org/handbook.md", "--store", "org"], "Be kind.\n")).Ok();

        await using var client = await McpClient.CreateAsync(Transport());
        await using var teamClient = await McpClient.CreateAsync(Transport("--store", "team"));

        var toolError = await McpScenario.TwoStoresAsync(client, teamClient);
        Assert.EndsWith("pass the tool's `store` argument (a store name or id)", toolError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_memory_that_is_not_there_never_writes_its_path_to_stderr()
    {
        (await _engram.RunAsync("init")).Ok();
        var store = (await _engram.RunAsync("store", "create", "team", "--json")).Ok().Json.GetProperty("id").GetString()!;

        await using (var client = await McpClient.CreateAsync(Transport()))
        {
            var missing = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => client.ReadResourceAsync($"engram://{store}/secret/launch-plans.md").AsTask());
            Assert.Equal(ModelContextProtocol.McpErrorCode.InvalidParams, missing.ErrorCode);
        }

        Assert.DoesNotContain(_stderr, line => line.Contains("launch-plans", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_key_is_refused_before_any_tool_runs()
    {
        (await _engram.RunAsync("init")).Ok();

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var client = await McpClient.CreateAsync(Transport("--api-key", "engram_sk_not-a-real-key"));
            await client.ListToolsAsync();
        });
    }
}
