using Engram.Access;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Tests.Sync;

/// <summary>A directory and a store kept in step both ways: pushes with preconditions, pulls, conflicts, deletions, refusals.</summary>
public sealed class StoreSyncTests : IAsyncLifetime
{
    private SyncWorld _world = null!;

    public async Task InitializeAsync() => _world = await SyncWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static string Read(string directory, string path) => File.ReadAllText(Path.Combine(directory, path.TrimStart('/')));

    private static void Write(string directory, string path, string text)
    {
        var file = Path.Combine(directory, path.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    private async Task<string?> StoredAsync(string path)
    {
        try
        {
            return (await _world.Admin.GetMemoryByPathAsync(_world.StoreId, path)).Content;
        }
        catch (Errors.NotFoundException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Two_directories_and_an_api_writer_editing_the_same_files_lose_no_edit_and_every_version_names_its_writer()
    {
        var (alice, aliceId) = await _world.PersonAsync("alice");
        var (bob, bobId) = await _world.PersonAsync("bob");
        var (api, apiId) = await _world.PersonAsync("carol");
        string[] files = ["/team/plan.md", "/team/notes.md", "/team/risks.md"];
        foreach (var file in files)
        {
            await api.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest(file, "start\n"));
        }

        var a = _world.Directory("a");
        var b = _world.Directory("b");
        var syncA = _world.Sync(alice, a);
        var syncB = _world.Sync(bob, b);
        await syncA.RunOnceAsync(CancellationToken.None);
        await syncB.RunOnceAsync(CancellationToken.None);

        var edits = new List<string>();
        for (var round = 0; round < 6; round++)
        {
            var file = files[round % files.Length];
            var (fromA, fromB, fromApi) = ($"alice {round}\n", $"bob {round}\n", $"carol {round}\n");
            edits.AddRange([fromA, fromB, fromApi]);
            Write(a, file, fromA);
            Write(b, file, fromB);
            var current = await api.GetMemoryByPathAsync(_world.StoreId, file);
            var apiWrite = api.UpdateMemoryAsync(_world.StoreId, current.Id, new UpdateMemoryRequest(fromApi, ExpectedContentSha256: current.ContentSha256));
            await Task.WhenAll(syncA.RunOnceAsync(CancellationToken.None), syncB.RunOnceAsync(CancellationToken.None), apiWrite);
        }

        // Let both directories settle: two more passes each.
        for (var pass = 0; pass < 2; pass++)
        {
            await syncA.RunOnceAsync(CancellationToken.None);
            await syncB.RunOnceAsync(CancellationToken.None);
        }

        var versions = new List<MemoryVersion>();
        foreach (var file in files)
        {
            var memory = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, file);
            Assert.Equal(memory.Content, Read(a, file));
            Assert.Equal(memory.Content, Read(b, file));
            versions.AddRange((await _world.Admin.ListVersionsAsync(_world.StoreId, new VersionListQuery(MemoryId: memory.Id, Limit: 100, View: MemoryView.Full))).Data);
        }

        var conflictCopies = Directory.EnumerateFiles(a, "*.conflict-*", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(b, "*.conflict-*", SearchOption.AllDirectories)).Select(File.ReadAllText).ToList();
        foreach (var edit in edits)
        {
            Assert.True(versions.Any(v => v.Content == edit) || conflictCopies.Contains(edit), $"the edit \"{edit.Trim()}\" was lost");
        }

        Assert.All(versions, v => Assert.Contains(v.CreatedBy!.Id, new[] { aliceId, bobId, apiId }));
    }

    [Fact]
    public async Task A_local_deletion_of_a_file_changed_in_the_store_since_brings_the_change_back_instead()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var memory = (await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/a.md", "one\n"))).Value;
        var dir = _world.Directory("d");
        var sync = _world.Sync(alice, dir);
        await sync.RunOnceAsync(CancellationToken.None);

        File.Delete(Path.Combine(dir, "a.md"));
        await alice.UpdateMemoryAsync(_world.StoreId, memory.Id, new UpdateMemoryRequest("two\n"));
        var report = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Equal(["/a.md"], report.Pulled);
        Assert.Equal("two\n", Read(dir, "/a.md"));
        Assert.Equal("two\n", await StoredAsync("/a.md"));

        File.Delete(Path.Combine(dir, "a.md"));
        Assert.Equal(["/a.md"], (await sync.RunOnceAsync(CancellationToken.None)).DeletedThere);
        Assert.Null(await StoredAsync("/a.md"));
    }

    [Fact]
    public async Task A_store_deletion_removes_the_file_unless_it_was_edited_here()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var kept = (await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/keep.md", "k\n"))).Value;
        var gone = (await alice.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/gone.md", "g\n"))).Value;
        var dir = _world.Directory("d");
        var sync = _world.Sync(alice, dir);
        await sync.RunOnceAsync(CancellationToken.None);

        await alice.DeleteMemoryAsync(_world.StoreId, kept.Id, new DeleteMemoryRequest());
        await alice.DeleteMemoryAsync(_world.StoreId, gone.Id, new DeleteMemoryRequest());
        Write(dir, "/keep.md", "edited here\n");
        await sync.RunOnceAsync(CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(dir, "gone.md")));
        Assert.Equal("edited here\n", await StoredAsync("/keep.md"));
    }

    [Fact]
    public async Task A_read_only_session_gets_the_stores_content_back_read_only_and_keeps_its_edit_beside_it()
    {
        await _world.Admin.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/org/rules.md", "be kind\n"));
        var (reader, _) = await _world.SessionAsync("auditor", AttachmentAccess.ReadOnly);
        var dir = _world.Directory("r");
        var sync = _world.Sync(reader, dir);
        await sync.RunOnceAsync(CancellationToken.None);

        Write(dir, "/org/rules.md", "be fast\n");
        var report = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Equal(["/org/rules.md"], report.ReadOnly);
        Assert.Equal("be kind\n", Read(dir, "/org/rules.md"));
        Assert.Equal("be kind\n", await StoredAsync("/org/rules.md"));
        Assert.Equal("be fast\n", File.ReadAllText(Assert.Single(Directory.EnumerateFiles(Path.Combine(dir, "org"), "rules.conflict-*"))));
        Assert.True(OperatingSystem.IsWindows() || !File.GetUnixFileMode(Path.Combine(dir, "org", "rules.md")).HasFlag(UnixFileMode.UserWrite));
        Assert.False((await sync.RunOnceAsync(CancellationToken.None)).Changed);
    }

    [Fact]
    public async Task An_agent_edit_of_org_knowledge_is_filed_as_a_proposal_and_its_own_notes_are_written()
    {
        await _world.Admin.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/org/rules.md", "be kind\n"));
        var (agent, sessionId) = await _world.SessionAsync("deployer");
        var dir = _world.Directory("s");
        var sync = _world.Sync(agent, dir);
        await sync.RunOnceAsync(CancellationToken.None);

        Write(dir, "/org/rules.md", "be kind and fast\n");
        Write(dir, "/agents/deployer/notes.md", "use python -m pytest\n");
        var report = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Equal("/org/rules.md", Assert.Single(report.Proposals).Path);
        Assert.Equal(["/agents/deployer/notes.md"], report.Pushed);
        Assert.Equal("be kind\n", await StoredAsync("/org/rules.md"));
        var notes = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/agents/deployer/notes.md");
        Assert.Equal(new Actor(ActorType.Session, sessionId), (await _world.Admin.GetVersionAsync(_world.StoreId, notes.MemoryVersionId)).CreatedBy);
    }

    [Fact]
    public async Task Watching_pushes_a_save_and_pulls_a_store_change_without_being_asked()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var dir = _world.Directory("w");
        using var stop = new CancellationTokenSource();
        var watching = _world.Sync(alice, dir).WatchAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50), _ => { }, stop.Token);
        try
        {
            await Until(() => Task.FromResult(File.Exists(Path.Combine(dir, SyncState.MarkerName))));
            Write(dir, "/notes/saved.md", "saved here\n");
            await Until(async () => await StoredAsync("/notes/saved.md") == "saved here\n");

            var memory = await alice.GetMemoryByPathAsync(_world.StoreId, "/notes/saved.md");
            await alice.UpdateMemoryAsync(_world.StoreId, memory.Id, new UpdateMemoryRequest("changed there\n"));
            await Until(() => Task.FromResult(File.Exists(Path.Combine(dir, "notes", "saved.md")) && Read(dir, "/notes/saved.md") == "changed there\n"));
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        }

        static async Task Until(Func<Task<bool>> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!await condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "the watching sync did not get there in 20 s");
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task Watching_cancelled_between_two_runs_ends_in_cancellation_like_any_other_cancellation()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        using var stop = new CancellationTokenSource();

        var watching = _world.Sync(alice, _world.Directory("w")).WatchAsync(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50), _ => stop.Cancel(), stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    [Fact]
    public async Task State_left_by_a_run_killed_after_its_writes_resumes_without_writing_anything_twice()
    {
        var (alice, _) = await _world.PersonAsync("alice");
        var dir = _world.Directory("k");
        for (var i = 0; i < 5; i++)
        {
            Write(dir, $"/n/{i}.md", $"note {i}\n");
        }

        await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);
        File.Delete(Path.Combine(_world.StateDirectory(), "state.json")); // as if the run died before it recorded anything
        File.Delete(Path.Combine(_world.StateDirectory(), "journal.jsonl"));

        var resumed = await _world.Sync(alice, dir).RunOnceAsync(CancellationToken.None);

        Assert.False(resumed.Changed);
        foreach (var i in Enumerable.Range(0, 5))
        {
            var memory = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, $"/n/{i}.md");
            Assert.Single((await _world.Admin.ListVersionsAsync(_world.StoreId, new VersionListQuery(MemoryId: memory.Id))).Data);
        }
    }
}
