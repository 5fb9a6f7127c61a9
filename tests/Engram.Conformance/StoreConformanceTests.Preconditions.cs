using Engram.Errors;
using Engram.Memories;

namespace Engram.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Update_with_the_current_hash_applies()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/counter", "0"))).Value;
        var updated = (await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("1", ExpectedContentSha256: memory.ContentSha256))).Value;
        Assert.Equal(MemoryContent.Sha256("1"), updated.ContentSha256);
        Assert.Equal("1", (await Client.GetMemoryAsync(store.Id, memory.Id)).Content);
    }

    [Fact]
    public async Task Update_with_a_stale_hash_is_refused_and_changes_nothing()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/counter", "0"))).Value;
        var moved = (await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("1"))).Value;
        var versionsBefore = await HistoryAsync(store.Id, memory.Id);

        var error = await Refused<PreconditionFailedException>(
            () => Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("2", "/renamed", memory.ContentSha256)),
            ErrorType.PreconditionFailed);
        Assert.Equal("memory_precondition_failed_error", error.Code);

        var after = await Client.GetMemoryAsync(store.Id, memory.Id);
        Assert.Equal(("/counter", "1", moved.MemoryVersionId), (after.Path, after.Content, after.MemoryVersionId));
        Assert.Equal(versionsBefore.Select(v => v.Id), (await HistoryAsync(store.Id, memory.Id)).Select(v => v.Id));
    }

    [Fact]
    public async Task A_rename_precondition_refers_to_the_current_content()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/a", "body"))).Value;
        await Refused<PreconditionFailedException>(
            () => Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest(Path: "/b", ExpectedContentSha256: MemoryContent.Sha256("other"))),
            ErrorType.PreconditionFailed);
        var renamed = (await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest(Path: "/b", ExpectedContentSha256: MemoryContent.Sha256("body")))).Value;
        Assert.Equal("/b", renamed.Path);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_no_version_even_with_a_stale_precondition()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/same", "text"))).Value;
        var again = (await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("text", "/same", MemoryContent.Sha256("stale")))).Value;
        Assert.Equal(memory.MemoryVersionId, again.MemoryVersionId);
        Assert.Single(await HistoryAsync(store.Id, memory.Id));
    }

    [Fact]
    public async Task Delete_with_a_stale_hash_is_refused_and_changes_nothing()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/keep", "v1"))).Value;
        await Refused<PreconditionFailedException>(
            () => Client.DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest(MemoryContent.Sha256("v0"))),
            ErrorType.PreconditionFailed);
        Assert.Equal("v1", (await Client.GetMemoryAsync(store.Id, memory.Id)).Content);
        Assert.Single(await HistoryAsync(store.Id, memory.Id));

        await Client.DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest(memory.ContentSha256));
        await Refused<NotFoundException>(() => Client.GetMemoryAsync(store.Id, memory.Id), ErrorType.NotFound);
    }

    [Fact]
    public async Task A_malformed_expected_hash_is_refused_before_anything_is_read()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/a", "x"))).Value;
        await Invalid(() => Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest("y", ExpectedContentSha256: "ABC")));
        await Invalid(() => Client.DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest(new string('A', 64))));
        Assert.Equal("x", (await Client.GetMemoryAsync(store.Id, memory.Id)).Content);
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_precondition_let_exactly_one_through()
    {
        var store = await NewStoreAsync();
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/race", "start"))).Value;
        var attempts = Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await Client.UpdateMemoryAsync(store.Id, memory.Id, new UpdateMemoryRequest($"writer {i}", ExpectedContentSha256: memory.ContentSha256));
                return true;
            }
            catch (PreconditionFailedException)
            {
                return false;
            }
        });
        var outcomes = await Task.WhenAll(attempts);
        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(2, (await HistoryAsync(store.Id, memory.Id)).Count);
    }
}
