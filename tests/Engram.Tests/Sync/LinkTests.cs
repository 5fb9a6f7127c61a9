using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Tests.Sync;

/// <summary>Sync never reads or writes through a link, a file link or a directory link at any depth: it reports and skips it, and never touches anything outside its directory.</summary>
public sealed class LinkTests : IAsyncLifetime
{
    private SyncWorld _world = null!;
    private IEngramClient Alice { get; set; } = null!;

    public async Task InitializeAsync()
    {
        _world = await SyncWorld.StartAsync();
        Alice = (await _world.PersonAsync("alice")).Client;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    /// <summary>A directory outside every sync directory holding <paramref name="files"/> (name, content).</summary>
    private string Outside(string name, params (string Name, string Content)[] files)
    {
        var outside = _world.Directory(name);
        Directory.CreateDirectory(outside);
        foreach (var (file, content) in files)
        {
            File.WriteAllText(Path.Combine(outside, file), content);
        }

        return outside;
    }

    private static Dictionary<string, string> Contents(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).ToDictionary(path => path, path => File.Exists(path) ? File.ReadAllText(path) : "<dir>");

    private async Task<string?> StoredAsync(string path)
    {
        try
        {
            return (await _world.Admin.GetMemoryByPathAsync(_world.StoreId, path)).Content;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<string>> StorePathsAsync() =>
        (await _world.Admin.ListMemoriesAsync(_world.StoreId, new MemoryListQuery(Limit: 100))).Data.OfType<Memory>().Select(memory => memory.Path).ToList();

    [Fact]
    public async Task A_file_link_is_reported_and_what_it_points_to_is_never_pushed()
    {
        var outside = Outside("outside", ("secret.md", "a secret\n"));
        var dir = _world.Directory("d");
        Directory.CreateDirectory(dir);
        File.CreateSymbolicLink(Path.Combine(dir, "passwd.md"), Path.Combine(outside, "secret.md"));
        var sync = _world.Sync(Alice, dir);

        var run = await sync.RunOnceAsync(CancellationToken.None);
        var pushed = await sync.PushLocalChangesAsync(CancellationToken.None);

        Assert.Empty(await StorePathsAsync());
        Assert.Empty(run.Pushed);
        Assert.Empty(pushed.Pushed);
        Assert.Contains("link", Assert.Single(run.Problems, problem => problem.Path == "/passwd.md").Reason, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(outside, "secret.md"), new FileInfo(Path.Combine(dir, "passwd.md")).LinkTarget);
    }

    [Fact]
    public async Task A_directory_link_pointing_outside_is_reported_and_the_files_behind_it_are_never_pushed()
    {
        var outside = Outside("outside", ("secret.md", "a secret\n"));
        var dir = _world.Directory("d");
        Directory.CreateDirectory(dir);
        Directory.CreateSymbolicLink(Path.Combine(dir, "team"), outside);
        File.WriteAllText(Path.Combine(dir, "mine.md"), "mine\n");

        var run = await _world.Sync(Alice, dir).RunOnceAsync(CancellationToken.None);

        Assert.Equal(["/mine.md"], await StorePathsAsync());
        Assert.Contains(run.Problems, problem => problem.Path == "/team" && problem.Reason.Contains("link", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_content_is_never_written_through_a_directory_link_at_any_depth()
    {
        var first = Outside("outside-first");
        var deeper = Outside("outside-deeper");
        await Alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/team/new.md", "from the store\n"));
        await Alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/a/b/c/deep.md", "from the store\n"));
        await Alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/fine.md", "fine\n"));
        var dir = _world.Directory("d");
        Directory.CreateDirectory(Path.Combine(dir, "a"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "team"), first);
        Directory.CreateSymbolicLink(Path.Combine(dir, "a", "b"), deeper);
        var sync = _world.Sync(Alice, dir);

        for (var run = 0; run < 2; run++)
        {
            var report = await sync.RunOnceAsync(CancellationToken.None);

            Assert.Empty(Contents(first));
            Assert.Empty(Contents(deeper));
            Assert.Contains(report.Problems, problem => problem.Path == "/team/new.md");
            Assert.Contains(report.Problems, problem => problem.Path == "/a/b/c/deep.md");
            Assert.Empty(report.DeletedThere);
        }

        Assert.Empty(Contents(first));
        Assert.Empty(Contents(deeper));
        Assert.Equal("fine\n", File.ReadAllText(Path.Combine(dir, "fine.md")));
        Assert.Equal("from the store\n", await StoredAsync("/team/new.md"));
        Assert.Equal("from the store\n", await StoredAsync("/a/b/c/deep.md"));
    }

    [Fact]
    public async Task A_store_deletion_never_removes_a_file_through_a_directory_link()
    {
        var memory = (await Alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/team/x.md", "x\n"))).Value;
        var dir = _world.Directory("d");
        var sync = _world.Sync(Alice, dir);
        await sync.RunOnceAsync(CancellationToken.None);
        var outside = Outside("outside", ("x.md", "x\n")); // the same file, moved out and linked back
        Directory.Delete(Path.Combine(dir, "team"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(dir, "team"), outside);

        await Alice.DeleteMemoryAsync(_world.StoreId, memory.Id, new DeleteMemoryRequest());
        var report = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Equal("x\n", File.ReadAllText(Path.Combine(outside, "x.md")));
        Assert.Empty(report.DeletedHere);
        Assert.Contains(report.Problems, problem => problem.Path == "/team/x.md");
    }

    [Fact]
    public async Task A_directory_given_through_a_link_is_synced_the_links_in_the_path_the_caller_gave_are_theirs()
    {
        await Alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/team/plan.md", "plan\n"));
        var real = Outside("real");
        var alias = _world.Directory("alias");
        Directory.CreateSymbolicLink(alias, real);
        File.WriteAllText(Path.Combine(real, "mine.md"), "mine\n");

        var report = await _world.Sync(Alice, alias).RunOnceAsync(CancellationToken.None);

        Assert.Empty(report.Problems);
        Assert.Equal("plan\n", File.ReadAllText(Path.Combine(real, "team", "plan.md")));
        Assert.Equal("mine\n", await StoredAsync("/mine.md"));
    }

    [Fact]
    public async Task A_synced_file_replaced_by_a_link_is_skipped_and_neither_its_target_nor_its_memory_is_touched()
    {
        await Alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/a.md", "a\n"));
        await Alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/b.md", "b\n"));
        var dir = _world.Directory("d");
        var sync = _world.Sync(Alice, dir);
        await sync.RunOnceAsync(CancellationToken.None);
        var outside = Outside("outside", ("secret.md", "a secret\n"));
        foreach (var name in (string[])["a.md", "b.md"])
        {
            File.Delete(Path.Combine(dir, name));
            File.CreateSymbolicLink(Path.Combine(dir, name), Path.Combine(outside, "secret.md"));
        }

        var memory = await Alice.GetMemoryByPathAsync(_world.StoreId, "/b.md");
        await Alice.UpdateMemoryAsync(_world.StoreId, memory.Id, new UpdateMemoryRequest("b changed in the store\n"));
        var report = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Equal("a\n", await StoredAsync("/a.md"));
        Assert.Equal("b changed in the store\n", await StoredAsync("/b.md"));
        Assert.Equal(new Dictionary<string, string> { [Path.Combine(outside, "secret.md")] = "a secret\n" }, Contents(outside));
        Assert.Empty(Directory.EnumerateFiles(dir, "*.conflict-*"));
        Assert.NotNull(new FileInfo(Path.Combine(dir, "b.md")).LinkTarget);
        Assert.Equal(["/a.md", "/b.md"], report.Problems.Select(problem => problem.Path));
        Assert.Empty(report.Pushed);
        Assert.Empty(report.Pulled);
        Assert.Empty(report.Conflicts);
        Assert.Empty(report.DeletedThere);
    }
}
