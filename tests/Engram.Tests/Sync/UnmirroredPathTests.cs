using Engram.Errors;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Tests.Sync;

/// <summary>Store paths sync does not keep as files: reported as not mirrored, left alone in the store, never deleted.</summary>
public sealed class UnmirroredPathTests : IAsyncLifetime
{
    private static readonly string[] Unmirrored = ["/.hidden/notes.md", "/team/.env.md", "/team/draft.md~", "/team/plan.conflict-20240101T000000000Z.md"];

    private SyncWorld _world = null!;

    public async Task InitializeAsync() => _world = await SyncWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Memories_at_paths_sync_does_not_mirror_are_reported_every_run_and_never_deleted_from_the_store()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        foreach (var path in Unmirrored)
        {
            await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest(path, $"content of {path}\n"));
        }

        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/team/plan.md", "plan\n"));
        var dir = _world.Directory("d");
        var sync = _world.Sync(alice, dir);

        for (var run = 0; run < 3; run++)
        {
            var report = await sync.RunOnceAsync(CancellationToken.None);

            Assert.Equal(Unmirrored, report.NotMirrored.Select(skipped => skipped.Path).Order(StringComparer.Ordinal));
            Assert.Empty(report.DeletedThere);
            Assert.Empty(report.Problems);
        }

        Assert.Empty((await sync.PushLocalChangesAsync(CancellationToken.None)).DeletedThere);
        foreach (var path in Unmirrored)
        {
            Assert.Equal($"content of {path}\n", (await _world.Admin.GetMemoryByPathAsync(_world.StoreId, path)).Content);
            Assert.False(File.Exists(Path.Combine(dir, path.TrimStart('/'))), $"{path} was written here");
        }

        Assert.Equal("plan\n", File.ReadAllText(Path.Combine(dir, "team", "plan.md")));
    }

    [Fact]
    public async Task A_local_file_at_an_unmirrored_path_is_not_pushed_and_the_memory_there_is_untouched()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/team/.env.md", "the store's\n"));
        var dir = _world.Directory("d");
        Directory.CreateDirectory(Path.Combine(dir, "team"));
        File.WriteAllText(Path.Combine(dir, "team", ".env.md"), "a local secret\n");

        var report = await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);

        Assert.Equal(["/team/.env.md"], report.NotMirrored.Select(skipped => skipped.Path));
        Assert.Equal("the store's\n", (await _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/team/.env.md")).Content);
        Assert.Equal("a local secret\n", File.ReadAllText(Path.Combine(dir, "team", ".env.md")));
    }
}
