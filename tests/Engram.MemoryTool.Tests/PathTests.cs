namespace Engram.MemoryTool.Tests;

/// <summary>Paths that try to leave /memories are refused before the store is asked; a scoped root confines the agent.</summary>
public sealed class PathTests : IAsyncLifetime
{
    private MemoryToolWorld _world = null!;

    public async Task InitializeAsync() => _world = await MemoryToolWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData("/memories/../x", "'.' and '..' segments are not allowed")]
    [InlineData("/memories/./x", "'.' and '..' segments are not allowed")]
    [InlineData("/memories/a\\b", "backslashes are not allowed")]
    [InlineData("/memories/%2e%2e/x", "percent-encoded dots, slashes and backslashes are not allowed")]
    [InlineData("/memories/a%2Fb", "percent-encoded dots, slashes and backslashes are not allowed")]
    [InlineData("/memories/a//b", "empty segments ('//') are not allowed")]
    [InlineData("/other/x", "every path must start with /memories")]
    [InlineData("/memoriesx/y", "every path must start with /memories")]
    [InlineData("memories/x", "every path must start with /memories")]
    public async Task Paths_outside_memories_are_refused(string path, string reason)
    {
        await _world.WriteAsync(("/x", "secret"));
        var tool = _world.Tool("/agents/deployer/");

        var view = await tool.ViewAsync(path, null, CancellationToken.None);
        var create = await tool.CreateAsync(path, "x", CancellationToken.None);

        Assert.Equal(new MemoryToolResult($"Error: The path {path} is not allowed: {reason}.", true), view);
        Assert.Equal(view, create);
        Assert.Equal(["/x"], await _world.PathsAsync());
    }

    [Fact]
    public async Task A_path_not_in_NFC_is_refused()
    {
        var decomposed = "/memories/cafe\u0301.md";

        var result = await _world.Tool().CreateAsync(decomposed, "x", CancellationToken.None);

        Assert.Equal(new MemoryToolResult($"Error: The path {decomposed} is not allowed: the path must be in Unicode normalization form C (NFC).", true), result);
        Assert.Empty(await _world.PathsAsync());
    }

    [Fact]
    public async Task The_store_path_rules_apply_after_the_prefix_is_removed()
    {
        var path = "/memories/" + string.Join('/', Enumerable.Repeat("a", 21));

        var result = await _world.Tool().CreateAsync(path, "x", CancellationToken.None);

        Assert.Equal(new MemoryToolResult($"Error: The path {path} is not allowed: must have 1 to 20 segments (got 21).", true), result);
    }

    [Fact]
    public async Task A_scoped_root_sees_and_writes_only_its_sub_tree()
    {
        await _world.WriteAsync(("/agents/deployer/notes.md", "mine"), ("/agents/other/notes.md", "theirs"), ("/org/policy.md", "org"));
        var tool = _world.Tool("/agents/deployer/");

        var view = await tool.ViewAsync("/memories", null, CancellationToken.None);
        var created = await tool.CreateAsync("/memories/new.md", "fresh", CancellationToken.None);
        var outside = await tool.ViewAsync("/memories/agents/other/notes.md", null, CancellationToken.None);

        Assert.Equal(
            "Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:\n" +
            "4.0K\t/memories\n4\t/memories/notes.md", view.Text);
        Assert.Equal(new MemoryToolResult("File created successfully at: /memories/new.md", false), created);
        Assert.Equal("fresh", await _world.ContentAsync("/agents/deployer/new.md"));
        Assert.Equal(new MemoryToolResult("The path /memories/agents/other/notes.md does not exist. Please provide a valid path.", true), outside);
    }
}
