using Engram.Errors;
using Engram.Memories;

namespace Engram.Search.Tests;

/// <summary>Semantic search follows writes: vectors held in memory are updated in place, and a store with it off costs nothing.</summary>
public sealed class SemanticTests : IAsyncLifetime
{
    private SearchWorld _world = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _world = await SearchWorld.StartAsync();
        _store = await _world.StoreAsync("meaning");
        await _world.WriteAsync(_store,
            ("/notes/one.md", "# Sourdough\n\nFeed the starter the night before and bake at 230 degrees.\n"),
            ("/notes/two.md", "# Rollback\n\nRedeploy the previous build tag when a release misbehaves.\n"),
            ("/notes/three.md", "# Visas\n\nApply for the visa six weeks before the conference trip.\n"),
            ("/notes/four.md", "# Oven\n\nPreheat the oven for twenty minutes before anything goes in.\n"));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<string> TopAsync(string query) =>
        (await _world.Admin.SearchAsync(_store, new SearchRequest(query, SearchMode.Semantic, Limit: 1))).Results[0].Path;

    // The paths say nothing, so only the content decides (a section's text starts with its memory's path).
    [Fact]
    public async Task Updates_and_deletes_reach_vectors_already_held_in_memory()
    {
        Assert.Equal("/notes/one.md", await TopAsync("baking a loaf"));

        var bread = await _world.Admin.GetMemoryByPathAsync(_store, "/notes/one.md");
        await _world.Admin.UpdateMemoryAsync(_store, bread.Id, new UpdateMemoryRequest(Content: "# Pager duty\n\nAcknowledge the alert within five minutes when on call.\n"));
        Assert.Equal("/notes/one.md", await TopAsync("responding to an on-call page"));
        Assert.Equal("/notes/four.md", await TopAsync("baking a loaf"));

        var visa = await _world.Admin.GetMemoryByPathAsync(_store, "/notes/three.md");
        await _world.Admin.DeleteMemoryAsync(_store, visa.Id, new DeleteMemoryRequest());
        var hits = await _world.Admin.SearchAsync(_store, new SearchRequest("applying for a travel visa", SearchMode.Semantic, Limit: 10));
        Assert.DoesNotContain(hits.Results, r => r.Path == "/notes/three.md");
    }

    [Fact]
    public async Task A_store_with_semantic_search_off_embeds_nothing_and_refuses_semantic_queries()
    {
        var plain = await _world.StoreAsync("plain", semantic: false);
        await _world.Admin.CreateMemoryAsync(plain, new CreateMemoryRequest("/a.md", "Redeploy the previous build."));
        await _world.Engine.Indexer.DrainAsync(null, CancellationToken.None);
        Assert.Equal(0, await _world.Engine.Embeddings!.DrainAsync(CancellationToken.None));
        Assert.Equal(SearchMode.Keyword, (await _world.Admin.SearchAsync(plain, new SearchRequest("redeploy"))).Mode);
        Assert.Equal("mode", (await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.SearchAsync(plain, new SearchRequest("x", SearchMode.Hybrid)))).Field);

        await _world.Admin.UpdateStoreAsync(plain, new UpdateStoreRequest(Metadata: new Dictionary<string, string?> { ["engram.semantic"] = "on" }));
        Assert.Equal(1, await _world.Engine.Embeddings.DrainAsync(CancellationToken.None));
        Assert.Equal("/a.md", (await _world.Admin.SearchAsync(plain, new SearchRequest("undo a release", SearchMode.Semantic))).Results[0].Path);
    }
}
