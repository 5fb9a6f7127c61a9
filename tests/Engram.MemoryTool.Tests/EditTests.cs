namespace Engram.MemoryTool.Tests;

/// <summary>create, str_replace and insert, with every documented answer.</summary>
public sealed class EditTests : IAsyncLifetime
{
    private MemoryToolWorld _world = null!;

    public async Task InitializeAsync() => _world = await MemoryToolWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Create_writes_a_memory_at_the_mapped_path()
    {
        var result = await _world.Tool().CreateAsync("/memories/notes/todo.md", "ship it\n", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("File created successfully at: /memories/notes/todo.md", false), result);
        Assert.Equal("ship it\n", await _world.ContentAsync("/notes/todo.md"));
    }

    [Fact]
    public async Task Create_over_an_existing_file_is_refused_and_changes_nothing()
    {
        await _world.WriteAsync(("/todo.md", "original"));

        var result = await _world.Tool().CreateAsync("/memories/todo.md", "replacement", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: File /memories/todo.md already exists", true), result);
        Assert.Equal("original", await _world.ContentAsync("/todo.md"));
    }

    [Fact]
    public async Task Create_below_a_file_is_refused_as_an_overlap()
    {
        await _world.WriteAsync(("/todo.md", "original"));

        var result = await _world.Tool().CreateAsync("/memories/todo.md/inner.md", "x", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: Cannot write /memories/todo.md/inner.md: it overlaps /memories/todo.md (a path cannot be both a file and a directory).", true), result);
    }

    [Fact]
    public async Task Str_replace_edits_and_shows_four_lines_around_the_change()
    {
        await _world.WriteAsync(("/log.md", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"));

        var result = await _world.Tool().StrReplaceAsync("/memories/log.md", "6\n", "six\nsix and a half\n", CancellationToken.None);

        Assert.Equal(new MemoryToolResult(
            "The memory file has been edited.\n" +
            "     2\t2\n     3\t3\n     4\t4\n     5\t5\n     6\tsix\n     7\tsix and a half\n     8\t7\n     9\t8\n    10\t9\n    11\t10",
            false), result);
        Assert.Equal("1\n2\n3\n4\n5\nsix\nsix and a half\n7\n8\n9\n10\n11\n12\n", await _world.ContentAsync("/log.md"));
    }

    [Fact]
    public async Task Str_replace_without_new_str_deletes_old_str()
    {
        await _world.WriteAsync(("/todo.md", "keep this, drop this\n"));

        var result = await _world.Tool().StrReplaceAsync("/memories/todo.md", ", drop this", null, CancellationToken.None);

        Assert.Equal(new MemoryToolResult("The memory file has been edited.\n     1\tkeep this", false), result);
        Assert.Equal("keep this\n", await _world.ContentAsync("/todo.md"));
    }

    [Fact]
    public async Task Str_replace_on_a_missing_file_is_the_documented_error()
    {
        var result = await _world.Tool().StrReplaceAsync("/memories/none.md", "a", "b", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The path /memories/none.md does not exist. Please provide a valid path.", true), result);
    }

    [Fact]
    public async Task Str_replace_on_a_directory_says_it_does_not_exist()
    {
        await _world.WriteAsync(("/notes/a.md", "a"));

        var result = await _world.Tool().StrReplaceAsync("/memories/notes", "a", "b", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The path /memories/notes does not exist. Please provide a valid path.", true), result);
    }

    [Fact]
    public async Task Str_replace_without_a_match_is_the_documented_error()
    {
        await _world.WriteAsync(("/todo.md", "hello\n"));

        var result = await _world.Tool().StrReplaceAsync("/memories/todo.md", "absent", "x", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("No replacement was performed, old_str `absent` did not appear verbatim in /memories/todo.md.", true), result);
    }

    [Fact]
    public async Task Str_replace_with_several_matches_lists_their_lines_and_changes_nothing()
    {
        await _world.WriteAsync(("/todo.md", "x\nrepeat\ny\nrepeat\nrepeat again\n"));

        var result = await _world.Tool().StrReplaceAsync("/memories/todo.md", "repeat", "once", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("No replacement was performed. Multiple occurrences of old_str `repeat` in lines: 2, 4, 5. Please ensure it is unique", true), result);
        Assert.Equal("x\nrepeat\ny\nrepeat\nrepeat again\n", await _world.ContentAsync("/todo.md"));
    }

    [Fact]
    public async Task Insert_adds_lines_after_the_given_line()
    {
        await _world.WriteAsync(("/todo.md", "first\nthird\n"));
        var tool = _world.Tool();

        var result = await tool.InsertAsync("/memories/todo.md", 1, "second\n", CancellationToken.None);
        await tool.InsertAsync("/memories/todo.md", 0, "zeroth", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("The file /memories/todo.md has been edited.", false), result);
        Assert.Equal("zeroth\nfirst\nsecond\nthird\n", await _world.ContentAsync("/todo.md"));
    }

    [Fact]
    public async Task Insert_beyond_the_last_line_is_the_documented_range_error()
    {
        await _world.WriteAsync(("/todo.md", "a\nb\n"));

        var result = await _world.Tool().InsertAsync("/memories/todo.md", 3, "c", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: Invalid `insert_line` parameter: 3. It should be within the range of lines of the file: [0, 2]", true), result);
    }

    [Fact]
    public async Task Insert_into_a_missing_file_or_a_directory_says_it_does_not_exist()
    {
        await _world.WriteAsync(("/notes/a.md", "a"));
        var tool = _world.Tool();

        var missing = await tool.InsertAsync("/memories/none.md", 0, "x", CancellationToken.None);
        var directory = await tool.InsertAsync("/memories/notes", 0, "x", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The path /memories/none.md does not exist", true), missing);
        Assert.Equal(new MemoryToolResult("Error: The path /memories/notes does not exist", true), directory);
    }
}
