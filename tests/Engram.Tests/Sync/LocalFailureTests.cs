using Engram.Errors;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Tests.Sync;

/// <summary>A memory the file system cannot hold here is reported on its own: the run goes on, and nothing is deleted from the store for it.</summary>
public sealed class LocalFailureTests : IAsyncLifetime
{
    private SyncWorld _world = null!;

    public async Task InitializeAsync() => _world = await SyncWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

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

    [Fact]
    public async Task Memories_whose_names_are_too_long_for_the_file_system_are_reported_and_the_rest_of_the_run_goes_on()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var longName = "/" + new string('a', 300) + ".md";
        var longDirectory = "/team/" + new string('d', 300) + "/x.md";
        var nearTheLimit = "/" + new string('c', 250) + ".md"; // fits (255 bytes); a temporary file named after it would not
        string[] fine = ["/b.md", nearTheLimit, "/z.md"];
        foreach (var path in fine.Append(longName).Append(longDirectory))
        {
            await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest(path, $"{path.Length} bytes of path\n"));
        }

        var dir = _world.Directory("d");
        var sync = _world.Sync(alice, dir);
        for (var run = 0; run < 2; run++)
        {
            var report = await sync.RunOnceAsync(CancellationToken.None);

            Assert.Equal([longName, longDirectory], report.Problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
            Assert.All(report.Problems, problem => Assert.Contains("too long", problem.Reason, StringComparison.Ordinal));
            Assert.Empty(report.DeletedThere);
        }

        foreach (var path in fine)
        {
            Assert.Equal($"{path.Length} bytes of path\n", File.ReadAllText(Path.Combine(dir, path.TrimStart('/'))));
        }

        Assert.NotNull(await StoredAsync(longName));
        Assert.NotNull(await StoredAsync(longDirectory));
    }

    [Fact]
    public async Task A_file_in_the_way_of_a_memorys_directory_is_reported_and_the_rest_of_the_run_goes_on()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/notes/a.md", "a\n"));
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/z.md", "z\n"));
        var dir = _world.Directory("d");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes"), "a file where the store has a directory\n");

        var report = await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);

        Assert.Contains(report.Problems, problem => problem.Path == "/notes/a.md");
        Assert.Equal("z\n", File.ReadAllText(Path.Combine(dir, "z.md")));
        Assert.Equal("a\n", await StoredAsync("/notes/a.md"));
        Assert.Equal("a file where the store has a directory\n", File.ReadAllText(Path.Combine(dir, "notes")));
    }

    [Fact]
    public async Task A_synced_file_replaced_by_a_directory_is_reported_and_its_memory_is_not_deleted()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/x.md", "x\n"));
        var dir = _world.Directory("d");
        var sync = _world.Sync(alice, dir);
        await sync.RunOnceAsync(CancellationToken.None);

        File.Delete(Path.Combine(dir, "x.md"));
        Directory.CreateDirectory(Path.Combine(dir, "x.md"));
        var pushed = await sync.PushLocalChangesAsync(CancellationToken.None);
        var run = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Empty(pushed.DeletedThere);
        Assert.Empty(run.DeletedThere);
        Assert.Equal(["/x.md"], run.Problems.Select(problem => problem.Path));
        Assert.Equal("x\n", await StoredAsync("/x.md"));
    }
}
