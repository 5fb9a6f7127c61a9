using Engram.Errors;
using Engram.Identity;
using Engram.Memories;

namespace Engram.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Create_store_returns_its_fields_with_defaults()
    {
        var store = await Client.CreateStoreAsync(new CreateStoreRequest("prefs", Metadata: new Dictionary<string, string> { ["owner"] = "ops" }));
        Assert.True(IdPrefix.Matches(store.Id, IdPrefix.MemoryStore));
        Assert.Equal("prefs", store.Name);
        Assert.Equal("", store.Description);
        Assert.Equal("ops", store.Metadata["owner"]);
        Assert.Null(store.ArchivedAt);
        Assert.Equal(store.CreatedAt, store.UpdatedAt);

        var fetched = await Client.GetStoreAsync(store.Id);
        Assert.Equal(store.Id, fetched.Id);
        Assert.Equal(store.Metadata, fetched.Metadata);
        Assert.Equal(store.CreatedAt, fetched.CreatedAt);
    }

    [Fact]
    public async Task Store_fields_are_validated_and_nothing_is_created()
    {
        await Invalid(() => Client.CreateStoreAsync(new CreateStoreRequest("")));
        await Invalid(() => Client.CreateStoreAsync(new CreateStoreRequest(new string('n', 256))));
        await Invalid(() => Client.CreateStoreAsync(new CreateStoreRequest("bad\u0007name")));
        await Invalid(() => Client.CreateStoreAsync(new CreateStoreRequest("ok", new string('d', 1025))));
        await Invalid(() => Client.CreateStoreAsync(new CreateStoreRequest("ok", Metadata: Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", _ => "v"))));
        Assert.Empty((await Client.ListStoresAsync(new StoreListQuery(IncludeArchived: true))).Data);
    }

    [Fact]
    public async Task Update_store_merges_metadata_keys()
    {
        var store = await Client.CreateStoreAsync(new CreateStoreRequest("s", Metadata: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" }));
        var updated = await Client.UpdateStoreAsync(store.Id, new UpdateStoreRequest(
            Description: "now described",
            Metadata: new Dictionary<string, string?> { ["a"] = "one", ["b"] = null, ["d"] = "4" }));
        Assert.Equal("s", updated.Name);
        Assert.Equal("now described", updated.Description);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "one", ["c"] = "3", ["d"] = "4" }, updated.Metadata);
        Assert.True(updated.UpdatedAt >= store.UpdatedAt);
        Assert.Equal(updated.Metadata, (await Client.GetStoreAsync(store.Id)).Metadata);
    }

    [Fact]
    public async Task Update_that_would_exceed_16_metadata_pairs_is_refused_and_changes_nothing()
    {
        var store = await Client.CreateStoreAsync(new CreateStoreRequest("s", Metadata: Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", _ => "v")));
        await Invalid(() => Client.UpdateStoreAsync(store.Id, new UpdateStoreRequest("renamed", Metadata: new Dictionary<string, string?> { ["k16"] = "v" })));
        var after = await Client.GetStoreAsync(store.Id);
        Assert.Equal("s", after.Name);
        Assert.Equal(16, after.Metadata.Count);
    }

    [Fact]
    public async Task Stores_list_newest_first_across_stable_pages()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await Client.CreateStoreAsync(new CreateStoreRequest($"s{i}"))).Id);
        }

        var seen = new List<string>();
        var page = await Client.ListStoresAsync(new StoreListQuery(Limit: 3));
        seen.AddRange(page.Data.Select(s => s.Id));
        Assert.Equal(3, page.Data.Count);

        // A store created mid-pagination appears on no later page: pages continue from a position.
        await Client.CreateStoreAsync(new CreateStoreRequest("late"));
        while (page.NextPage is not null)
        {
            page = await Client.ListStoresAsync(new StoreListQuery(Limit: 3, Page: page.NextPage));
            seen.AddRange(page.Data.Select(s => s.Id));
        }

        created.Reverse();
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task Store_list_filters_by_creation_time_and_hides_archived_by_default()
    {
        var first = await Client.CreateStoreAsync(new CreateStoreRequest("first"));
        var second = await Client.CreateStoreAsync(new CreateStoreRequest("second"));
        var third = await Client.CreateStoreAsync(new CreateStoreRequest("third"));
        await Client.ArchiveStoreAsync(second.Id);

        Assert.Equal([third.Id, first.Id], (await Client.ListStoresAsync(new StoreListQuery())).Data.Select(s => s.Id));
        Assert.Equal([third.Id, second.Id, first.Id], (await Client.ListStoresAsync(new StoreListQuery(IncludeArchived: true))).Data.Select(s => s.Id));
        Assert.Equal(
            [third.Id, second.Id],
            (await Client.ListStoresAsync(new StoreListQuery(IncludeArchived: true, CreatedAtGte: second.CreatedAt))).Data.Select(s => s.Id));
        Assert.Equal(
            [second.Id, first.Id],
            (await Client.ListStoresAsync(new StoreListQuery(IncludeArchived: true, CreatedAtLte: second.CreatedAt))).Data.Select(s => s.Id));
    }

    [Fact]
    public async Task Limits_outside_1_to_100_and_foreign_page_tokens_are_refused()
    {
        Assert.Equal("limit", (await Invalid(() => Client.ListStoresAsync(new StoreListQuery(Limit: 0)))).Field);
        Assert.Equal("limit", (await Invalid(() => Client.ListStoresAsync(new StoreListQuery(Limit: 101)))).Field);
        Assert.Equal("page", (await Invalid(() => Client.ListStoresAsync(new StoreListQuery(Page: "not-a-token")))).Field);
    }

    [Fact]
    public async Task Archived_store_keeps_reads_deletes_and_redactions_but_refuses_writes()
    {
        var store = await NewStoreAsync();
        var keep = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/keep.md", "v1"))).Value;
        var changed = (await Client.UpdateMemoryAsync(store.Id, keep.Id, new UpdateMemoryRequest("v2"))).Value;
        var doomed = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/doomed.md", "x"))).Value;
        var archived = await Client.ArchiveStoreAsync(store.Id);
        Assert.NotNull(archived.ArchivedAt);
        Assert.Equal(archived.ArchivedAt, archived.UpdatedAt);

        await Invalid(() => Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/new.md", "x")));
        await Invalid(() => Client.UpdateMemoryAsync(store.Id, keep.Id, new UpdateMemoryRequest("v3")));
        await Invalid(() => Client.UpdateMemoryAsync(store.Id, keep.Id, new UpdateMemoryRequest(Path: "/moved.md")));
        await Invalid(() => Client.UpdateStoreAsync(store.Id, new UpdateStoreRequest("renamed")));
        await Invalid(() => Client.RevertMemoryAsync(store.Id, keep.Id, new RevertMemoryRequest(keep.MemoryVersionId)));

        Assert.Equal("v2", (await Client.GetMemoryAsync(store.Id, keep.Id)).Content);
        Assert.Equal(2, (await ListAllAsync(store.Id, new MemoryListQuery())).Count);
        await Client.DeleteMemoryAsync(store.Id, doomed.Id, new DeleteMemoryRequest());
        var redacted = await Client.RedactVersionAsync(store.Id, keep.MemoryVersionId);
        Assert.NotNull(redacted.RedactedAt);
        Assert.Equal("conformance", (await Client.GetStoreAsync(store.Id)).Name);
        Assert.Equal(changed.MemoryVersionId, (await Client.GetMemoryAsync(store.Id, keep.Id)).MemoryVersionId);
    }

    [Fact]
    public async Task Archiving_twice_keeps_the_first_archive_time()
    {
        var store = await NewStoreAsync();
        var once = await Client.ArchiveStoreAsync(store.Id);
        var twice = await Client.ArchiveStoreAsync(store.Id);
        Assert.Equal(once.ArchivedAt, twice.ArchivedAt);
    }

    [Fact]
    public async Task Deleting_a_store_removes_its_memories_and_versions()
    {
        var store = await NewStoreAsync();
        var other = await NewStoreAsync("other");
        var memory = (await Client.CreateMemoryAsync(store.Id, new CreateMemoryRequest("/a.md", "shared text"))).Value;
        var survivor = (await Client.CreateMemoryAsync(other.Id, new CreateMemoryRequest("/a.md", "shared text"))).Value;
        await Client.DeleteStoreAsync(store.Id);

        await Refused<NotFoundException>(() => Client.GetStoreAsync(store.Id), ErrorType.NotFound);
        await Refused<NotFoundException>(() => Client.GetMemoryAsync(store.Id, memory.Id), ErrorType.NotFound);
        await Refused<NotFoundException>(() => Client.GetVersionAsync(store.Id, memory.MemoryVersionId), ErrorType.NotFound);
        await Refused<NotFoundException>(() => Client.DeleteStoreAsync(store.Id), ErrorType.NotFound);

        // Identical content in another store is untouched.
        Assert.Equal("shared text", (await Client.GetMemoryAsync(other.Id, survivor.Id)).Content);
    }

    [Fact]
    public async Task Unknown_ids_are_not_found()
    {
        await Refused<NotFoundException>(() => Client.GetStoreAsync("memstore_01AAAAAAAAAAAAAAAAAAAAAAAA"), ErrorType.NotFound);
        var store = await NewStoreAsync();
        await Refused<NotFoundException>(() => Client.GetMemoryAsync(store.Id, "mem_01AAAAAAAAAAAAAAAAAAAAAAAA"), ErrorType.NotFound);
        await Refused<NotFoundException>(() => Client.GetVersionAsync(store.Id, "memver_01AAAAAAAAAAAAAAAAAAAAAAAA"), ErrorType.NotFound);
        await Refused<NotFoundException>(() => Client.UpdateMemoryAsync(store.Id, "mem_01AAAAAAAAAAAAAAAAAAAAAAAA", new UpdateMemoryRequest("x")), ErrorType.NotFound);
        await Refused<NotFoundException>(() => Client.ListMemoriesAsync("memstore_01AAAAAAAAAAAAAAAAAAAAAAAA", new MemoryListQuery()), ErrorType.NotFound);
    }
}
