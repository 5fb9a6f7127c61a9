using Engram.Access;
using Engram.Client;
using Engram.Identity;
using Engram.Memories;
using Engram.Search;

namespace Engram.Conformance;

/// <summary>
/// Several nodes on one database keep their in-memory vector indexes in step: what one node embeds, edits, deletes
/// or drops is what the next semantic search on another node ranks, without a restart. Two engines, each on its own
/// storage instance of one database (as two processes), both running <see cref="ConformanceWordEmbedder"/>.
/// </summary>
public abstract class VectorSyncConformanceTests : IAsyncLifetime
{
    /// <summary>How near a memory sharing the query's words is (the same words: 1); unrelated words score about 0 ± 0.15.</summary>
    private const double Near = 0.6;

    private SharedDatabaseNodes? _nodes;
    private IEngramClient _a = null!;
    private IEngramClient _b = null!;

    /// <summary>Starts two engines on one fresh database, each on its own storage instance, both with <paramref name="embedder"/>'s model.</summary>
    protected abstract Task<SharedDatabaseNodes> StartNodesAsync(Func<ITextEmbedder> embedder);

    public async Task InitializeAsync()
    {
        _nodes = await StartNodesAsync(() => new ConformanceWordEmbedder());
        var admin = _nodes.A.Ids.NewId(IdPrefix.User);
        await _nodes.A.BootstrapAsync(admin, "admin", CancellationToken.None);
        _a = new LocalEngramClient(_nodes.A, Caller.LocalOperator(admin));
        _b = new LocalEngramClient(_nodes.B, Caller.LocalOperator(admin));
    }

    public async Task DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_memory_another_node_embeds_is_found_by_meaning_without_a_restart()
    {
        var store = await SemanticStoreAsync();
        var zebra = await WriteAsync(_a, store, "/zebra.md", "zebra crossing beside the school gate\n");
        Assert.Equal(zebra.Id, (await NearestAsync(_a, store, "zebra crossing school gate"))?.MemoryId); // node A embeds it
        Assert.Equal(zebra.Id, (await NearestAsync(_b, store, "zebra crossing school gate"))?.MemoryId); // node B loads its index

        var okapi = await WriteAsync(_a, store, "/okapi.md", "okapi sightings deep in the rainforest\n");
        Assert.Equal(okapi.Id, (await NearestAsync(_a, store, "okapi sightings rainforest"))?.MemoryId);

        Assert.Equal(okapi.Id, (await NearestAsync(_b, store, "okapi sightings rainforest"))?.MemoryId);
    }

    [Fact]
    public async Task An_edit_on_another_node_replaces_what_a_memory_is_found_by()
    {
        var store = await SemanticStoreAsync();
        var note = await WriteAsync(_a, store, "/note.md", "zebra crossing beside the school gate\n");
        await NearestAsync(_a, store, "zebra crossing school gate");
        Assert.Equal(note.Id, (await NearestAsync(_b, store, "zebra crossing school gate"))?.MemoryId);

        await WriteAsync(_a, store, null, "giraffe feeding schedule at noon\n", note.Id);
        Assert.Equal(note.Id, (await NearestAsync(_a, store, "giraffe feeding schedule noon"))?.MemoryId);

        Assert.Equal(note.Id, (await NearestAsync(_b, store, "giraffe feeding schedule noon"))?.MemoryId);
        Assert.Null(await NearestAsync(_b, store, "zebra crossing school gate"));
    }

    [Fact]
    public async Task A_memory_another_node_deletes_is_no_longer_found_by_meaning()
    {
        var store = await SemanticStoreAsync();
        var kept = await WriteAsync(_a, store, "/kept.md", "giraffe feeding schedule at noon\n");
        var doomed = await WriteAsync(_a, store, "/doomed.md", "zebra crossing beside the school gate\n");
        await NearestAsync(_a, store, "zebra crossing school gate");
        Assert.Equal(doomed.Id, (await NearestAsync(_b, store, "zebra crossing school gate"))?.MemoryId);

        await _a.DeleteMemoryAsync(store, doomed.Id, new DeleteMemoryRequest());
        await NearestAsync(_a, store, "zebra crossing school gate"); // node A removes its document and vectors

        Assert.Null(await NearestAsync(_b, store, "zebra crossing school gate"));
        Assert.Equal(kept.Id, (await NearestAsync(_b, store, "giraffe feeding schedule noon"))?.MemoryId);
    }

    [Fact]
    public async Task Semantic_search_turned_off_and_on_by_another_node_leaves_no_vector_of_before()
    {
        var store = await SemanticStoreAsync();
        var note = await WriteAsync(_a, store, "/note.md", "zebra crossing beside the school gate\n");
        await NearestAsync(_a, store, "zebra crossing school gate");
        Assert.Equal(note.Id, (await NearestAsync(_b, store, "zebra crossing school gate"))?.MemoryId);

        await SetSemanticAsync(_a, store, "off");
        await SetSemanticAsync(_a, store, "on");
        await WriteAsync(_a, store, null, "giraffe feeding schedule at noon\n", note.Id);
        Assert.Equal(note.Id, (await NearestAsync(_a, store, "giraffe feeding schedule noon"))?.MemoryId);

        Assert.Equal(note.Id, (await NearestAsync(_b, store, "giraffe feeding schedule noon"))?.MemoryId);
        Assert.Null(await NearestAsync(_b, store, "zebra crossing school gate"));
    }

    [Fact]
    public async Task The_change_number_counts_vector_changes_and_names_the_memories_changed()
    {
        var store = await SemanticStoreAsync();
        var storage = (Engram.Storage.ISearchIndexStorage)_nodes!.B.Storage;
        var before = await storage.VectorChangesSinceAsync(store, 0, CancellationToken.None);
        Assert.Equal((0L, false, 0), (before.Seq, before.Reset, before.MemoryIds.Count));

        var first = await WriteAsync(_a, store, "/first.md", "zebra crossing beside the school gate\n");
        await NearestAsync(_a, store, "zebra"); // the store's first vectors (and node A's adoption of its model: a reset)
        var start = (await storage.VectorChangesSinceAsync(store, long.MaxValue, CancellationToken.None)).Seq;
        Assert.True(start > 0);

        await WriteAsync(_a, store, null, "giraffe feeding schedule at noon\n", first.Id);
        await NearestAsync(_a, store, "giraffe");
        var afterFirst = await storage.VectorChangesSinceAsync(store, start, CancellationToken.None);
        Assert.Equal([first.Id], afterFirst.MemoryIds);
        Assert.False(afterFirst.Reset);
        Assert.True(afterFirst.Seq > start);

        var second = await WriteAsync(_a, store, "/second.md", "okapi sightings deep in the rainforest\n");
        await NearestAsync(_a, store, "okapi");
        var afterSecond = await storage.VectorChangesSinceAsync(store, afterFirst.Seq, CancellationToken.None);
        Assert.Equal([second.Id], afterSecond.MemoryIds);
        Assert.True(afterSecond.Seq > afterFirst.Seq);
        var unchanged = await storage.VectorChangesSinceAsync(store, afterSecond.Seq, CancellationToken.None);
        Assert.Equal((afterSecond.Seq, false, 0), (unchanged.Seq, unchanged.Reset, unchanged.MemoryIds.Count));
        Assert.Equal(afterSecond.Seq, (await storage.VectorChangesSinceAsync(store, long.MaxValue, CancellationToken.None)).Seq);

        await SetSemanticAsync(_a, store, "off");
        var afterOff = await storage.VectorChangesSinceAsync(store, afterSecond.Seq, CancellationToken.None);
        Assert.True(afterOff.Reset);
        Assert.True(afterOff.Seq > afterSecond.Seq);
    }

    private async Task<string> SemanticStoreAsync() =>
        (await _a.CreateStoreAsync(new CreateStoreRequest("shared", "", new Dictionary<string, string> { ["engram.semantic"] = "on" }))).Id;

    private static Task SetSemanticAsync(IEngramClient client, string storeId, string value) =>
        client.UpdateStoreAsync(storeId, new UpdateStoreRequest(Metadata: new Dictionary<string, string?> { ["engram.semantic"] = value }));

    private static async Task<Memory> WriteAsync(IEngramClient client, string storeId, string? path, string content, string? memoryId = null) =>
        memoryId is null
            ? (await client.CreateMemoryAsync(storeId, new CreateMemoryRequest(path, content))).Value
            : (await client.UpdateMemoryAsync(storeId, memoryId, new UpdateMemoryRequest(content, path))).Value;

    /// <summary>The best semantic hit that shares the query's words (similarity at least <see cref="Near"/>), or null.</summary>
    private static async Task<SearchResult?> NearestAsync(IEngramClient client, string storeId, string query)
    {
        var page = await client.SearchAsync(storeId, new SearchRequest(query, SearchMode.Semantic));
        return page.Results.FirstOrDefault(r => r.MatchedBy == "semantic" && r.Score >= Near);
    }
}

/// <summary>Two engines on one database, and what to dispose after them.</summary>
public sealed class SharedDatabaseNodes(EngramEngine a, EngramEngine b, Func<ValueTask>? disposeAfter = null) : IAsyncDisposable
{
    public EngramEngine A => a;

    public EngramEngine B => b;

    public async ValueTask DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        if (disposeAfter is not null)
        {
            await disposeAfter();
        }
    }
}
