using System.Text.Json;

namespace Engram.MemoryTool.Tests;

/// <summary>tool_use input objects: each command dispatched, and a malformed input answered naming the field.</summary>
public sealed class ExecuteTests : IAsyncLifetime
{
    private MemoryToolWorld _world = null!;

    public async Task InitializeAsync() => _world = await MemoryToolWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Every_command_runs_from_its_input_object()
    {
        var tool = _world.Tool();

        var answers = new List<MemoryToolResult>();
        foreach (var input in new[]
        {
            """{"command": "create", "path": "/memories/a.md", "file_text": "one\ntwo\n"}""",
            """{"command": "view", "path": "/memories/a.md", "view_range": [2, -1]}""",
            """{"command": "str_replace", "path": "/memories/a.md", "old_str": "two", "new_str": "2"}""",
            """{"command": "str_replace", "path": "/memories/a.md", "old_str": "\n2"}""",
            """{"command": "insert", "path": "/memories/a.md", "insert_line": 1, "insert_text": "three"}""",
            """{"command": "rename", "old_path": "/memories/a.md", "new_path": "/memories/b.md"}""",
            """{"command": "delete", "path": "/memories/b.md"}""",
        })
        {
            answers.Add(await tool.ExecuteAsync(JsonDocument.Parse(input).RootElement, CancellationToken.None));
        }

        Assert.Equal(
        [
            new("File created successfully at: /memories/a.md", false),
            new("Here's the content of /memories/a.md with line numbers:\n     2\ttwo", false),
            new("The memory file has been edited.\n     1\tone\n     2\t2", false),
            new("The memory file has been edited.\n     1\tone", false),
            new("The file /memories/a.md has been edited.", false),
            new("Successfully renamed /memories/a.md to /memories/b.md", false),
            new MemoryToolResult("Successfully deleted /memories/b.md", false),
        ], answers);
        Assert.Empty(await _world.PathsAsync());
    }

    [Theory]
    [InlineData("""[]""", "Error: The memory tool input must be a JSON object with a `command` field.")]
    [InlineData("""{"path": "/memories"}""", "Error: Missing required parameter `command`.")]
    [InlineData("""{"command": 7, "path": "/memories"}""", "Error: Parameter `command` must be a string.")]
    [InlineData("""{"command": "shred", "path": "/memories"}""", "Error: Unknown command `shred`; the memory tool's commands are view, create, str_replace, insert, delete, rename.")]
    [InlineData("""{"command": "view"}""", "Error: Missing required parameter `path`.")]
    [InlineData("""{"command": "view", "path": "/memories", "view_range": "1-2"}""", "Error: Parameter `view_range` must be a list of two integers [start, end].")]
    [InlineData("""{"command": "create", "path": "/memories/a.md"}""", "Error: Missing required parameter `file_text`.")]
    [InlineData("""{"command": "create", "path": "/memories/a.md", "file_text": ["x"]}""", "Error: Parameter `file_text` must be a string.")]
    [InlineData("""{"command": "str_replace", "path": "/memories/a.md", "old_str": "a", "new_str": 1}""", "Error: Parameter `new_str` must be a string.")]
    [InlineData("""{"command": "insert", "path": "/memories/a.md", "insert_line": "1", "insert_text": "x"}""", "Error: Parameter `insert_line` must be an integer.")]
    [InlineData("""{"command": "insert", "path": "/memories/a.md", "insert_line": 1.5, "insert_text": "x"}""", "Error: Parameter `insert_line` must be an integer.")]
    [InlineData("""{"command": "rename", "old_path": "/memories/a.md"}""", "Error: Missing required parameter `new_path`.")]
    public async Task A_malformed_input_is_an_error_result_naming_the_field(string input, string expected)
    {
        var result = await _world.Tool().ExecuteAsync(JsonDocument.Parse(input).RootElement, CancellationToken.None);

        Assert.Equal(new MemoryToolResult(expected, true), result);
    }
}
