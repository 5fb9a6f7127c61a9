using System.Text.Json;
using Engram.Errors;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Tests.Sync;

/// <summary>The sync state: kept where store content cannot reach it, rebuilt when damaged, moved out of the directory from where it used to be.</summary>
public sealed class SyncStateTests : IAsyncLifetime
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
    public async Task Memories_at_the_old_state_paths_cannot_touch_the_state_and_every_later_run_works()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/.engram-sync/state.json", "not a state\n"));
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/.engram-sync/journal.jsonl", "{\"path\":\"/team/plan.md\"}\n"));
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/.engram-sync/state.json.tmp/x.md", "in the way of the snapshot\n"));
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/team/plan.md", "plan\n"));
        var dir = _world.Directory("d");
        var sync = _world.Sync(alice, dir);

        for (var run = 0; run < 3; run++)
        {
            await sync.RunOnceAsync(CancellationToken.None);
        }

        Assert.Equal("plan\n", File.ReadAllText(Path.Combine(dir, "team", "plan.md")));
        var state = Path.Combine(_world.StateDirectory(), "state.json");
        Assert.False(SyncDirectoryIsWithin(state, dir));
        Assert.True(JsonDocument.Parse(File.ReadAllText(state)).RootElement.GetProperty("files").TryGetProperty("/team/plan.md", out _));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"storeId\":\"STORE\",\"files\":{\"/b.md\":null}}")]
    [InlineData("{\"storeId\":\"STORE\",\"files\":{\"no-slash\":{\"memoryId\":\"mem_x\",\"sha256\":\"00\"}}}")]
    public async Task A_damaged_state_is_rebuilt_and_reported_and_deletes_nothing(string damaged)
    {
        var (alice, _) = await _world.PersonAsync("alice");
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/a.md", "a\n"));
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/b.md", "b\n"));
        var dir = _world.Directory("d");
        var sync = _world.Sync(alice, dir);
        await sync.RunOnceAsync(CancellationToken.None);

        File.Delete(Path.Combine(dir, "b.md"));
        File.WriteAllText(Path.Combine(_world.StateDirectory(), "state.json"), damaged.Replace("STORE", _world.StoreId, StringComparison.Ordinal));
        var report = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Contains("damaged", Assert.Single(report.Notices), StringComparison.Ordinal);
        Assert.Empty(report.DeletedThere);
        Assert.Equal("b\n", await StoredAsync("/b.md"));
        Assert.Equal("b\n", File.ReadAllText(Path.Combine(dir, "b.md")));
        Assert.Empty((await sync.RunOnceAsync(CancellationToken.None)).Notices);
    }

    [Fact]
    public async Task A_state_file_that_cannot_be_read_is_reported_with_an_error_naming_it()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var dir = _world.Directory("d");
        var sync = _world.Sync(alice, dir);
        await sync.RunOnceAsync(CancellationToken.None);
        var snapshot = Path.Combine(_world.StateDirectory(), "state.json");
        File.Delete(snapshot);
        Directory.CreateDirectory(snapshot);

        var refused = await Assert.ThrowsAsync<InvalidStateException>(() => sync.RunOnceAsync(CancellationToken.None));

        Assert.Contains(snapshot, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_an_earlier_version_kept_in_the_directory_is_moved_out_and_an_entry_for_a_missing_file_deletes_nothing()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var kept = (await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/kept.md", "kept\n"))).Value;
        var gone = (await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/gone.md", "gone\n"))).Value;
        var dir = _world.Directory("d");
        var legacy = Path.Combine(dir, SyncState.LegacyDirectoryName);
        Directory.CreateDirectory(legacy);
        File.WriteAllText(Path.Combine(dir, "kept.md"), "edited here since\n");
        File.WriteAllText(Path.Combine(legacy, "state.json"), JsonSerializer.Serialize(new
        {
            storeId = _world.StoreId,
            files = new Dictionary<string, object>
            {
                ["/kept.md"] = new { memoryId = kept.Id, sha256 = kept.ContentSha256 },
                ["/gone.md"] = new { memoryId = gone.Id, sha256 = gone.ContentSha256 },
            },
        }));
        File.WriteAllText(Path.Combine(legacy, "journal.jsonl"), "");

        var report = await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);

        Assert.Contains("moved", Assert.Single(report.Notices), StringComparison.Ordinal);
        Assert.Equal(["/kept.md"], report.Pushed); // the migrated entry makes the edit a push, not a conflict
        Assert.Empty(report.Conflicts);
        Assert.Empty(report.DeletedThere);
        Assert.Equal("gone\n", await StoredAsync("/gone.md"));
        Assert.Equal("gone\n", File.ReadAllText(Path.Combine(dir, "gone.md")));
        Assert.False(Directory.Exists(legacy));
    }

    [Fact]
    public async Task A_directory_deleted_and_made_again_is_not_taken_for_one_whose_files_were_deleted()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/a.md", "a\n"));
        var dir = _world.Directory("d");
        await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);

        Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        var report = await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);

        Assert.Empty(report.DeletedThere);
        Assert.Single(report.Notices);
        Assert.Equal("a\n", await StoredAsync("/a.md"));
        Assert.Equal("a\n", File.ReadAllText(Path.Combine(dir, "a.md")));
    }

    [Fact]
    public async Task A_state_home_inside_the_synced_directory_is_refused()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var dir = _world.Directory("d");

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => new StoreSync(alice, _world.StoreId, dir, stateHome: Path.Combine(dir, "state")).RunOnceAsync(CancellationToken.None));

        Assert.Equal("state", refused.Field);
    }

    [Fact]
    public async Task A_directory_synced_with_one_store_refuses_another()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var other = await _world.Admin.CreateStoreAsync(new CreateStoreRequest("other"));
        var dir = _world.Directory("d");
        await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => new StoreSync(_world.Admin, other.Id, dir, stateHome: _world.StateHome).RunOnceAsync(CancellationToken.None));

        Assert.Equal("dir", refused.Field);
    }

    [Fact]
    public async Task The_store_a_directory_was_synced_with_is_read_from_its_state_and_only_while_the_state_describes_it()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var dir = _world.Directory("d");
        Assert.Null(SyncState.StoreIdOf(dir, _world.StateHome));
        Assert.False(Directory.Exists(dir));

        await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);
        Assert.Equal(_world.StoreId, SyncState.StoreIdOf(dir, _world.StateHome));
        Assert.Null(SyncState.StoreIdOf(dir, _world.Directory("elsewhere")));

        Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        Assert.Null(SyncState.StoreIdOf(dir, _world.StateHome));
    }

    private static bool SyncDirectoryIsWithin(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
