namespace Engram.MemoryTool.Tests;

/// <summary>delete and rename of files and directories, and the root that may not be either.</summary>
public sealed class MoveTests : IAsyncLifetime
{
    private MemoryToolWorld _world = null!;

    public async Task InitializeAsync() => _world = await MemoryToolWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Delete_removes_a_file()
    {
        await _world.WriteAsync(("/todo.md", "x"), ("/keep.md", "y"));

        var result = await _world.Tool().DeleteAsync("/memories/todo.md", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Successfully deleted /memories/todo.md", false), result);
        Assert.Equal(["/keep.md"], await _world.PathsAsync());
    }

    [Fact]
    public async Task Delete_of_a_directory_removes_everything_below_it()
    {
        await _world.WriteAsync(("/notes/a.md", "a"), ("/notes/deep/b.md", "b"), ("/notes-archive/c.md", "c"));

        var result = await _world.Tool().DeleteAsync("/memories/notes", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Successfully deleted /memories/notes", false), result);
        Assert.Equal(["/notes-archive/c.md"], await _world.PathsAsync());
    }

    [Fact]
    public async Task Delete_of_a_missing_path_is_the_documented_error()
    {
        var result = await _world.Tool().DeleteAsync("/memories/none", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The path /memories/none does not exist", true), result);
    }

    [Fact]
    public async Task Rename_moves_a_file_and_keeps_its_id()
    {
        await _world.WriteAsync(("/draft.md", "x"));
        var before = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/draft.md");

        var result = await _world.Tool().RenameAsync("/memories/draft.md", "/memories/final/done.md", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Successfully renamed /memories/draft.md to /memories/final/done.md", false), result);
        Assert.Equal(before.Id, (await _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/final/done.md")).Id);
    }

    [Fact]
    public async Task Rename_of_a_directory_moves_every_memory_below_it()
    {
        await _world.WriteAsync(("/notes/a.md", "a"), ("/notes/deep/b.md", "b"));

        var result = await _world.Tool().RenameAsync("/memories/notes", "/memories/archive/notes", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Successfully renamed /memories/notes to /memories/archive/notes", false), result);
        Assert.Equal(["/archive/notes/a.md", "/archive/notes/deep/b.md"], await _world.PathsAsync());
    }

    [Fact]
    public async Task Rename_of_a_missing_source_is_the_documented_error()
    {
        var result = await _world.Tool().RenameAsync("/memories/none.md", "/memories/x.md", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The path /memories/none.md does not exist", true), result);
    }

    [Fact]
    public async Task Rename_onto_an_existing_file_or_directory_is_the_documented_error()
    {
        await _world.WriteAsync(("/a.md", "a"), ("/b.md", "b"), ("/dir/c.md", "c"));
        var tool = _world.Tool();

        var file = await tool.RenameAsync("/memories/a.md", "/memories/b.md", CancellationToken.None);
        var directory = await tool.RenameAsync("/memories/a.md", "/memories/dir", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The destination /memories/b.md already exists", true), file);
        Assert.Equal(new MemoryToolResult("Error: The destination /memories/dir already exists", true), directory);
        Assert.Equal(["/a.md", "/b.md", "/dir/c.md"], await _world.PathsAsync());
    }

    [Fact]
    public async Task Rename_of_a_directory_into_itself_is_refused()
    {
        await _world.WriteAsync(("/dir/c.md", "c"));

        var result = await _world.Tool().RenameAsync("/memories/dir", "/memories/dir/inner", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: Cannot move /memories/dir into itself (/memories/dir/inner).", true), result);
    }

    [Fact]
    public async Task The_root_can_be_neither_deleted_nor_renamed()
    {
        await _world.WriteAsync(("/a.md", "a"));
        var tool = _world.Tool();

        var delete = await tool.DeleteAsync("/memories", CancellationToken.None);
        var deleteSlash = await tool.DeleteAsync("/memories/", CancellationToken.None);
        var rename = await tool.RenameAsync("/memories", "/memories/elsewhere", CancellationToken.None);
        var onto = await tool.RenameAsync("/memories/a.md", "/memories", CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Error: The memory root /memories cannot be deleted; delete the files and directories inside it instead.", true), delete);
        Assert.Equal(delete, deleteSlash);
        Assert.Equal(new MemoryToolResult("Error: The memory root /memories cannot be renamed.", true), rename);
        Assert.Equal(new MemoryToolResult("Error: The destination /memories already exists", true), onto);
        Assert.Equal(["/a.md"], await _world.PathsAsync());
    }

    [Fact]
    public async Task Clear_all_deletes_everything_under_the_root_only()
    {
        await _world.WriteAsync(("/agents/deployer/a.md", "a"), ("/agents/deployer/b/c.md", "c"), ("/org/policy.md", "p"));

        var result = await _world.Tool("/agents/deployer/").ClearAllAsync(CancellationToken.None);

        Assert.Equal(new MemoryToolResult("Successfully deleted /memories", false), result);
        Assert.Equal(["/org/policy.md"], await _world.PathsAsync());
    }
}
