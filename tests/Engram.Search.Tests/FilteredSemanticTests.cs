using Engram.Access.Policies;
using Engram.Client;

namespace Engram.Search.Tests;

/// <summary>
/// Semantic and hybrid search apply the path prefix and permissions before the candidates are cut: a page is
/// full whenever enough matching memories exist, however many nearer ones the filters drop.
/// </summary>
public sealed class FilteredSemanticTests : IAsyncLifetime
{
    private const string Query = "release rollback canary deploy";

    private SearchWorld _world = null!;
    private string _store = null!;
    private IEngramClient _outsider = null!;

    public async Task InitializeAsync()
    {
        _world = await SearchWorld.StartAsync(embedder: new WordEmbedder());
        _store = await _world.StoreAsync("filtered");

        // 260 memories nearer to the query than any of the 40 wanted ones: more than the old cut of 200 candidates.
        var nearer = Enumerable.Range(0, 260).Select(i => ($"/noise/n{i:000}.md", $"# Release rollback\n\nrelease rollback canary deploy step {i}\n"));
        var wanted = Enumerable.Range(0, 40).Select(i => ($"/wanted/w{i:000}.md", $"# Notes {i}\n\nthe release checklist of team {i}\n"));
        await _world.WriteAsync(_store, [.. nearer, .. wanted]);
        await _world.Admin.AddPolicyAsync(new AddPolicyRequest(_store, "group:outsiders", "/noise/**", ["read", "list"], "deny", "outsiders see only /wanted/"));
        _outsider = await _world.MemberAsync("olive", "outsiders");
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData(SearchMode.Semantic)]
    [InlineData(SearchMode.Hybrid)]
    public async Task A_prefix_filter_returns_a_full_page(SearchMode mode)
    {
        var page = await _world.Admin.SearchAsync(_store, new SearchRequest(Query, mode, PathPrefix: "/wanted/", Limit: 20));
        Assert.Equal(20, page.Results.Count);
        Assert.All(page.Results, r => Assert.StartsWith("/wanted/", r.Path, StringComparison.Ordinal));
        Assert.False(page.Partial);
    }

    [Theory]
    [InlineData(SearchMode.Semantic)]
    [InlineData(SearchMode.Hybrid)]
    public async Task A_permission_filter_returns_full_pages_and_the_next_page_continues(SearchMode mode)
    {
        var first = await _outsider.SearchAsync(_store, new SearchRequest(Query, mode, Limit: 20));
        Assert.Equal(20, first.Results.Count);
        Assert.All(first.Results, r => Assert.StartsWith("/wanted/", r.Path, StringComparison.Ordinal));
        Assert.NotNull(first.NextPage);

        var second = await _outsider.SearchAsync(_store, new SearchRequest(Query, mode, Limit: 20, Page: first.NextPage));
        Assert.Equal(20, second.Results.Count);
        Assert.All(second.Results, r => Assert.StartsWith("/wanted/", r.Path, StringComparison.Ordinal));
        Assert.Empty(first.Results.Select(r => r.Path).Intersect(second.Results.Select(r => r.Path)));
    }

    [Fact]
    public async Task Semantic_results_come_in_order_of_similarity()
    {
        var page = await _world.Admin.SearchAsync(_store, new SearchRequest(Query, SearchMode.Semantic, Limit: 100));
        Assert.Equal(100, page.Results.Count);
        Assert.All(page.Results.Take(50), r => Assert.StartsWith("/noise/", r.Path, StringComparison.Ordinal));
        Assert.Equal(page.Results.Select(r => r.Score).OrderDescending(), page.Results.Select(r => r.Score));
        Assert.All(page.Results, r => Assert.Equal("semantic", r.MatchedBy));
    }

    [Fact]
    public async Task Hybrid_pages_go_on_past_the_fused_pool_in_keyword_order_without_repeating_a_memory()
    {
        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = await _world.Admin.SearchAsync(_store, new SearchRequest("release", SearchMode.Hybrid, Limit: 40, Page: next));
            Assert.True(page.Results.Count == 40 || page.NextPage is null, $"a short page ({page.Results.Count}) before the end");
            seen.AddRange(page.Results.Select(r => r.Path));
            next = page.NextPage;
        }
        while (next is not null);

        Assert.Equal(300, seen.Count); // every memory says "release": the fused top 50 or so, then the rest by BM25
        Assert.Equal(300, seen.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Hybrid_shows_the_page_s_word_matches_highlighted_as_keyword_search_does()
    {
        var keyword = (await _world.Admin.SearchAsync(_store, new SearchRequest("release checklist", SearchMode.Keyword, Limit: 100))).Results
            .ToDictionary(r => r.MemoryId, r => r.Snippet, StringComparer.Ordinal);
        var hybrid = (await _world.Admin.SearchAsync(_store, new SearchRequest("release checklist", SearchMode.Hybrid, Limit: 20))).Results;

        Assert.Equal(20, hybrid.Count);
        Assert.All(hybrid.Where(r => r.MatchedBy.Contains("keyword", StringComparison.Ordinal)), r =>
        {
            Assert.Contains("**", r.Snippet, StringComparison.Ordinal);
            Assert.Equal(keyword[r.MemoryId], r.Snippet);
        });
    }
}
