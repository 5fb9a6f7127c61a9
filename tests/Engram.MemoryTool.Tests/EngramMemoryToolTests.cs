using System.Text.Json;
using Anthropic.Helpers.Beta;
using Anthropic.Models.Beta.Messages;
using Engram.Remote;

namespace Engram.MemoryTool.Tests;

/// <summary>The official SDK's memory tool backed by a store: tool_use blocks in, the contract's strings out.</summary>
public sealed class EngramMemoryToolTests : IAsyncLifetime
{
    private MemoryToolWorld _world = null!;

    public async Task InitializeAsync() => _world = await MemoryToolWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Tool_use_blocks_run_against_the_store_and_errors_come_back_as_tool_errors()
    {
        var tool = new EngramMemoryTool(_world.Admin, _world.StoreId, "/agents/deployer/");

        var created = await tool.ExecuteAsync(ToolUse("""{"command": "create", "path": "/memories/notes.md", "file_text": "Hello World\n"}"""), CancellationToken.None);
        var viewed = await tool.ExecuteAsync(ToolUse("""{"command": "view", "path": "/memories/notes.md"}"""), CancellationToken.None);
        var missing = await Assert.ThrowsAsync<BetaToolError>(() => tool.ExecuteAsync(ToolUse("""{"command": "delete", "path": "/memories/none.md"}"""), CancellationToken.None));

        Assert.Equal("memory", tool.Name);
        Assert.Equal("File created successfully at: /memories/notes.md", Text(created));
        Assert.Equal("Here's the content of /memories/notes.md with line numbers:\n     1\tHello World", Text(viewed));
        Assert.Equal("Error: The path /memories/none.md does not exist", Text(missing.Content));
        Assert.Equal("Hello World\n", await _world.ContentAsync("/agents/deployer/notes.md"));
    }

    [Fact]
    public async Task Clear_all_memory_empties_the_root()
    {
        await _world.WriteAsync(("/agents/deployer/a.md", "a"), ("/org/b.md", "b"));
        var tool = new EngramMemoryTool(_world.Admin, _world.StoreId, "/agents/deployer/");

        var cleared = await tool.ClearAllMemoryAsync(CancellationToken.None);

        Assert.Equal("Successfully deleted /memories", Text(cleared));
        Assert.Equal(["/org/b.md"], await _world.PathsAsync());
    }

    private static BetaToolUseBlock ToolUse(string input) => new()
    {
        ID = "toolu_01",
        Name = "memory",
        Input = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(input)!,
    };

    private static string Text(BetaToolResultBlockParamContent content) =>
        content.TryPickString(out var text) ? text : throw new InvalidOperationException("expected text content");
}
