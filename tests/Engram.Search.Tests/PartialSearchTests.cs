using Engram.Access;
using Engram.Errors;
using Engram.Memories;

namespace Engram.Search.Tests;

/// <summary>
/// While a store's memories are being embedded, search answers at once from the vectors there are, finds the
/// rest by keyword, and says the answer is partial; the status reports the progress.
/// </summary>
public sealed class PartialSearchTests : IAsyncLifetime
{
    private readonly WordEmbedder _model = new();
    private SearchWorld _world = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _world = await SearchWorld.StartAsync(embedder: _model);
        _store = await _world.StoreAsync("loading");
        await _world.WriteAsync(_store, ("/early.md", "# Early\n\nThe canary release goes first.\n"));
    }

    public async Task DisposeAsync()
    {
        _model.Release();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Search_during_embedding_answers_at_once_and_says_it_is_partial()
    {
        for (var i = 0; i < 20; i++)
        {
            await _world.Admin.CreateMemoryAsync(_store, new CreateMemoryRequest($"/bulk/{i:00}.md", $"# Bulk {i}\n\nA canary release note, number {i}.\n"));
        }

        await _world.Engine.Indexer.DrainAsync(null, CancellationToken.None);
        _model.Queries.Add("canary release");
        _model.Hold();
        var drain = Task.Run(() => _world.Engine.Embeddings!.DrainAsync(CancellationToken.None));
        await _model.Held;

        // The drain is stuck in the model with every bulk memory unembedded; searches must not wait for it.
        var hybrid = await _world.Admin.SearchAsync(_store, new SearchRequest("canary release", SearchMode.Hybrid, Limit: 50)).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(hybrid.Partial);
        Assert.Equal(new EmbeddingProgress(21, 20), hybrid.Embedding);
        Assert.Equal(21, hybrid.Results.Count);
        Assert.Equal("keyword+semantic", hybrid.Results.Single(r => r.Path == "/early.md").MatchedBy);
        Assert.All(hybrid.Results.Where(r => r.Path != "/early.md"), r => Assert.Equal("keyword", r.MatchedBy));

        var semantic = await _world.Admin.SearchAsync(_store, new SearchRequest("canary release", SearchMode.Semantic, Limit: 50)).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(semantic.Partial);
        Assert.Equal(21, semantic.Results.Count);

        var status = await _world.Admin.SearchStatusAsync(_store);
        Assert.Equal((true, 21, 1, 20, "words"), (status.Semantic, status.Progress.Memories, status.Progress.Embedded, status.Progress.Pending, status.Model));

        _model.Release();
        Assert.Equal(20, await drain);
        var complete = await _world.Admin.SearchAsync(_store, new SearchRequest("canary release", SearchMode.Semantic, Limit: 50));
        Assert.False(complete.Partial);
        Assert.Null(complete.Embedding);
        Assert.Equal(21, complete.Results.Count);
        Assert.All(complete.Results, r => Assert.Equal("semantic", r.MatchedBy));
        Assert.Equal(0, (await _world.Admin.SearchStatusAsync(_store)).Progress.Pending);
        Assert.NotNull((await _world.Admin.SearchStatusAsync(_store)).Rate);
    }

    [Fact]
    public async Task A_few_fresh_writes_are_embedded_by_the_search_itself_when_no_drain_runs()
    {
        await _world.Admin.CreateMemoryAsync(_store, new CreateMemoryRequest("/fresh.md", "# Fresh\n\nA pager rotation for the weekend.\n"));
        await _world.Engine.Indexer.DrainAsync(null, CancellationToken.None);
        var page = await _world.Admin.SearchAsync(_store, new SearchRequest("pager rotation weekend", SearchMode.Semantic, Limit: 1));
        Assert.False(page.Partial);
        Assert.Equal(("/fresh.md", "semantic"), (page.Results[0].Path, page.Results[0].MatchedBy));
    }

    [Fact]
    public async Task Only_admins_of_the_store_see_its_counts()
    {
        var (agent, _) = await _world.SessionAsync("helper", new SessionAttachment(_store, AttachmentAccess.ReadOnly, "Look things up."));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => agent.SearchStatusAsync(_store));

        for (var i = 0; i < 20; i++)
        {
            await _world.Admin.CreateMemoryAsync(_store, new CreateMemoryRequest($"/bulk/{i:00}.md", $"A canary release note, number {i}.\n"));
        }

        var page = await agent.SearchAsync(_store, new SearchRequest("canary release", SearchMode.Hybrid));
        Assert.True(page.Partial);
        Assert.Null(page.Embedding);
    }

    [Fact]
    public async Task A_caller_learns_nothing_of_memories_it_may_not_read_from_the_partial_flag()
    {
        await _world.Admin.AddPolicyAsync(new Access.Policies.AddPolicyRequest(_store, "agent:helper", "/secret/**", ["read", "list"], "deny", "the helper does not see /secret/"));
        var (outsider, _) = await _world.SessionAsync("helper", new SessionAttachment(_store, AttachmentAccess.ReadOnly, "Look things up."));
        Assert.False((await outsider.SearchAsync(_store, new SearchRequest("canary release", SearchMode.Hybrid))).Partial);

        for (var i = 0; i < 20; i++)
        {
            await _world.Admin.CreateMemoryAsync(_store, new CreateMemoryRequest($"/secret/{i:00}.md", $"A canary release note, number {i}.\n"));
        }

        await _world.Engine.Indexer.DrainAsync(null, CancellationToken.None);
        _model.Queries.Add("canary release");
        _model.Hold();
        var drain = Task.Run(() => _world.Engine.Embeddings!.DrainAsync(CancellationToken.None));
        await _model.Held;

        foreach (var mode in new[] { SearchMode.Hybrid, SearchMode.Semantic })
        {
            var page = await outsider.SearchAsync(_store, new SearchRequest("canary release", mode)).WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Null(page.Embedding);
            Assert.False(page.Partial, mode.ToString()); // 20 unreadable memories wait; nothing the outsider may read does
            Assert.Equal(["/early.md"], page.Results.Select(r => r.Path));
        }

        Assert.True((await _world.Admin.SearchAsync(_store, new SearchRequest("canary release", SearchMode.Hybrid))).Partial);
        _model.Release();
        await drain;
    }
}
