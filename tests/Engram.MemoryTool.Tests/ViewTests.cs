namespace Engram.MemoryTool.Tests;

/// <summary>The view command: directories two levels deep with sizes, files with numbered lines.</summary>
public sealed class ViewTests : IAsyncLifetime
{
    private MemoryToolWorld _world = null!;

    public async Task InitializeAsync() => _world = await MemoryToolWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_directory_view_lists_two_levels_with_sizes_and_leaves_out_hidden_items_and_node_modules()
    {
        await _world.WriteAsync(
            ("/notes.md", new string('a', 512)),
            ("/projects/alpha/plan.md", "deep"),
            ("/projects/alpha/sub/deeper.md", "deeper still"),
            ("/projects/readme.md", new string('b', 1536)),
            ("/projects/.secret.md", "hidden"),
            ("/projects/node_modules/x.md", "vendored"),
            ("/.hidden/file.md", "hidden dir"),
            ("/big.md", new string('c', 100_000)));

        var result = await _world.Tool().ViewAsync("/memories", null, CancellationToken.None);

        Assert.False(result.IsError);
        Assert.Equal(
            "Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:\n" +
            "4.0K\t/memories\n" +
            "98K\t/memories/big.md\n" +
            "512\t/memories/notes.md\n" +
            "4.0K\t/memories/projects/\n" +
            "4.0K\t/memories/projects/alpha/\n" +
            "1.5K\t/memories/projects/readme.md",
            result.Text);
    }

    [Fact]
    public async Task A_sub_directory_view_starts_with_the_directory_itself()
    {
        await _world.WriteAsync(("/projects/alpha/plan.md", "deep"), ("/projects/readme.md", "hi"));

        var result = await _world.Tool().ViewAsync("/memories/projects/", null, CancellationToken.None);

        Assert.Equal(
            "Here're the files and directories up to 2 levels deep in /memories/projects, excluding hidden items and node_modules:\n" +
            "4.0K\t/memories/projects\n" +
            "4.0K\t/memories/projects/alpha/\n" +
            "4\t/memories/projects/alpha/plan.md\n" +
            "2\t/memories/projects/readme.md",
            result.Text);
    }

    [Fact]
    public async Task An_empty_root_is_a_directory_not_an_error()
    {
        var result = await _world.Tool().ViewAsync("/memories", null, CancellationToken.None);

        Assert.Equal(new MemoryToolResult(
            "Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:\n4.0K\t/memories", false), result);
    }

    [Fact]
    public async Task A_file_view_numbers_every_line_right_aligned_in_six_characters()
    {
        await _world.WriteAsync(("/todo.md", "Hello World\nsecond line\n"));

        var result = await _world.Tool().ViewAsync("/memories/todo.md", null, CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Here's the content of /memories/todo.md with line numbers:\n     1\tHello World\n     2\tsecond line", false), result);
    }

    [Fact]
    public async Task A_view_range_shows_only_those_lines_and_minus_one_reaches_the_end()
    {
        await _world.WriteAsync(("/todo.md", "one\ntwo\nthree\nfour\n"));
        var tool = _world.Tool();

        var middle = await tool.ViewAsync("/memories/todo.md", [2, 3], CancellationToken.None);
        var tail = await tool.ViewAsync("/memories/todo.md", [3, -1], CancellationToken.None);

        Assert.Equal("Here's the content of /memories/todo.md with line numbers:\n     2\ttwo\n     3\tthree", middle.Text);
        Assert.Equal("Here's the content of /memories/todo.md with line numbers:\n     3\tthree\n     4\tfour", tail.Text);
    }

    [Fact]
    public async Task A_view_range_outside_the_file_is_an_error_naming_the_range()
    {
        await _world.WriteAsync(("/todo.md", "one\ntwo\n"));
        var tool = _world.Tool();

        var start = await tool.ViewAsync("/memories/todo.md", [5, -1], CancellationToken.None);
        var end = await tool.ViewAsync("/memories/todo.md", [1, 9], CancellationToken.None);
        var shape = await tool.ViewAsync("/memories/todo.md", [1], CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: Invalid `view_range` parameter: [5, -1]. Its first element `5` should be within the range of lines of the file: [1, 2]", true), start);
        Assert.Equal(new MemoryToolResult("Error: Invalid `view_range` parameter: [1, 9]. Its second element `9` should be -1 or within [1, 2]", true), end);
        Assert.Equal(new MemoryToolResult("Error: Invalid `view_range` parameter: it should be a list of two integers [start, end].", true), shape);
    }

    [Fact]
    public async Task A_missing_path_is_the_documented_error()
    {
        var result = await _world.Tool().ViewAsync("/memories/nothing.md", null, CancellationToken.None);

        Assert.Equal(new MemoryToolResult("The path /memories/nothing.md does not exist. Please provide a valid path.", true), result);
    }

    [Fact]
    public void A_file_over_999999_lines_is_refused()
    {
        var result = MemoryToolHandler.ViewFile("/memories/huge.md", new string('\n', 1_000_000), null);

        Assert.Equal(new MemoryToolResult("File /memories/huge.md exceeds maximum line limit of 999,999 lines.", true), result);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(512, "512")]
    [InlineData(1023, "1023")]
    [InlineData(1024, "1.0K")]
    [InlineData(1025, "1.1K")]
    [InlineData(1536, "1.5K")]
    [InlineData(10_240, "10K")]
    [InlineData(10_241, "11K")]
    [InlineData(102_400, "100K")]
    [InlineData(1_258_291, "1.2M")]
    [InlineData(1_048_575, "1.0M")]
    public void Sizes_are_printed_as_du_h_prints_them(long bytes, string expected) =>
        Assert.Equal(expected, ToolText.Size(bytes));
}
