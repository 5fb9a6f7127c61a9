using Engram.Access;
using Engram.Memories;
using Engram.Sync;

namespace Engram.Tests.Sync;

/// <summary>What a run came to, so a script (through the exit code) can tell a clean run from one a person must look at.</summary>
public sealed class SyncOutcomeTests : IAsyncLifetime
{
    private SyncWorld _world = null!;

    public async Task InitializeAsync() => _world = await SyncWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static void Write(string directory, string path, string text) => WriteBytes(directory, path, System.Text.Encoding.UTF8.GetBytes(text));

    private static void WriteBytes(string directory, string path, byte[] bytes)
    {
        var file = Path.Combine(directory, path.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
    }

    /// <summary>A directory in step with the store, where /a.md was then edited on both sides.</summary>
    private async Task<(StoreSync Sync, string Directory)> ConflictedAsync()
    {
        var memory = (await _world.Admin.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/a.md", "one\n"))).Value;
        var dir = _world.Directory("d");
        var sync = _world.Sync(_world.Admin, dir);
        Assert.Equal(SyncOutcome.InStep, (await sync.RunOnceAsync(CancellationToken.None)).Outcome);
        await _world.Admin.UpdateMemoryAsync(_world.StoreId, memory.Id, new UpdateMemoryRequest("two, there\n"));
        Write(dir, "/a.md", "two, here\n");
        return (sync, dir);
    }

    [Fact]
    public async Task A_run_that_kept_a_conflict_beside_its_file_is_conflicted_and_the_next_run_is_in_step()
    {
        var (sync, _) = await ConflictedAsync();

        var report = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Equal("/a.md", Assert.Single(report.Conflicts).Path);
        Assert.Equal(SyncOutcome.Conflicted, report.Outcome);
        Assert.Equal(SyncOutcome.InStep, (await sync.RunOnceAsync(CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_conflict_outranks_a_path_left_for_the_next_run()
    {
        var (sync, dir) = await ConflictedAsync();
        WriteBytes(dir, "/latin1.md", [0x63, 0x61, 0x66, 0xE9, 0x0A]);

        var report = await sync.RunOnceAsync(CancellationToken.None);

        Assert.Equal("/latin1.md", Assert.Single(report.Problems).Path);
        Assert.Equal(SyncOutcome.Conflicted, report.Outcome);
    }

    [Fact]
    public async Task A_file_that_cannot_be_pushed_leaves_the_run_incomplete()
    {
        var dir = _world.Directory("d");
        Write(dir, "/ok.md", "fine\n");
        WriteBytes(dir, "/latin1.md", [0x63, 0x61, 0x66, 0xE9, 0x0A]);

        var report = await _world.Sync(_world.Admin, dir).RunOnceAsync(CancellationToken.None);

        Assert.Equal(["/ok.md"], report.Pushed);
        Assert.Equal(SyncOutcome.Incomplete, report.Outcome);
    }

    [Fact]
    public async Task A_write_the_store_refuses_is_refused_and_one_it_files_for_review_is_proposed()
    {
        await _world.Admin.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/org/rules.md", "be kind\n"));
        var (reader, _) = await _world.SessionAsync("auditor", AttachmentAccess.ReadOnly);
        var (agent, _) = await _world.SessionAsync("deployer");
        var readOnly = _world.Directory("r");
        var proposing = _world.Directory("p");
        var readerSync = _world.Sync(reader, readOnly);
        var agentSync = _world.Sync(agent, proposing);
        await readerSync.RunOnceAsync(CancellationToken.None);
        await agentSync.RunOnceAsync(CancellationToken.None);

        Write(readOnly, "/org/rules.md", "be fast\n");
        Write(proposing, "/org/rules.md", "be kind and fast\n");

        Assert.Equal(SyncOutcome.Refused, (await readerSync.RunOnceAsync(CancellationToken.None)).Outcome);
        Assert.Equal(SyncOutcome.Proposed, (await agentSync.RunOnceAsync(CancellationToken.None)).Outcome);
    }
}
