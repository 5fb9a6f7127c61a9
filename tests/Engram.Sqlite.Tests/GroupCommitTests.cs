using Engram.Memories;

namespace Engram.Sqlite.Tests;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Concurrent_writers_share_commits()
    {
        await using var target = new SqliteTarget(Durability.Full);
        var store = await target.Admin.CreateStoreAsync(new CreateStoreRequest("group"));
        var before = (target.Storage.Stats.Commits, target.Storage.Stats.Writes);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            var memory = (await target.Admin.CreateMemoryAsync(store.Id, new CreateMemoryRequest($"/w{writer}", "0"))).Value;
            for (var i = 1; i <= 50; i++)
            {
                memory = (await target.Admin.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest($"{i}", ExpectedContentSha256: memory.ContentSha256))).Value;
            }
        })));

        var commits = target.Storage.Stats.Commits - before.Commits;
        var writes = target.Storage.Stats.Writes - before.Writes;
        Assert.Equal(16 * 51, writes);
        Assert.True(commits < writes / 2, $"{writes} writes took {commits} commits; concurrent writes should share commits");
    }

    [Fact]
    public async Task A_failing_unit_in_a_shared_commit_changes_nothing_and_its_neighbours_still_commit()
    {
        await using var target = new SqliteTarget();
        var store = await target.Admin.CreateStoreAsync(new CreateStoreRequest("mixed"));
        var tasks = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? target.Admin.CreateMemoryAsync(store.Id, new CreateMemoryRequest($"/ok/{i}", "fine"))
            : target.Admin.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/ok", "overlaps every other path"))).ToList();
        var results = await Task.WhenAll(tasks.Select(async t =>
        {
            try
            {
                await t;
                return true;
            }
            catch (Errors.PathConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(20, results.Count(ok => ok));
        var listed = await target.Admin.ListMemoriesAsync(store.Id, new MemoryListQuery(Limit: 100));
        Assert.Equal(20, listed.Data.Count);
        Assert.All(listed.Data, item => Assert.StartsWith("/ok/", item.Path, StringComparison.Ordinal));
        var versions = await target.Admin.ListVersionsAsync(store.Id, new VersionListQuery(Limit: 100));
        Assert.Equal(20, versions.Data.Count);
    }
}
