using Engram.Memories;

namespace Engram.Search.Tests;

/// <summary>
/// Words that match thousands of memories are ranked in tiers (selective terms, then a common word in the
/// title, description, tags or path, then in the body, newest first), and pages still continue without repeats.
/// </summary>
public sealed class CommonTermTests : IAsyncLifetime
{
    private const int Memories = 2_100;
    private SearchWorld _world = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _world = await SearchWorld.StartAsync();
        _store = await _world.StoreAsync("big", semantic: false);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < Memories; i += 4)
            {
                var content = i % 100 == 7
                    ? $"---\ntitle: Widget handbook {i}\n---\nAll about one widget.\n"
                    : $"# Note {i}\n\nA widget appeared in note {i}.\n";
                await _world.Admin.CreateMemoryAsync(_store, new CreateMemoryRequest($"/notes/{i:D5}.md", content));
            }
        })));
        await _world.WriteAsync(_store, ("/rare/zeppelin.md", "# Airships\n\nThe zeppelin carried a widget.\n"));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<List<string>> SearchAsync(string query, int limit, string? page = null) =>
        (await _world.Admin.SearchAsync(_store, new SearchRequest(query, SearchMode.Keyword, Limit: limit, Page: page))).Results.Select(r => r.Path).ToList();

    [Fact]
    public async Task Selective_terms_rank_first_then_common_words_in_titles_then_the_rest()
    {
        var top = await SearchAsync("widget zeppelin", 30);
        Assert.Equal("/rare/zeppelin.md", top[0]);
        var titled = Enumerable.Range(0, Memories).Where(i => i % 100 == 7).Select(i => $"/notes/{i:D5}.md").ToHashSet();
        Assert.Equal(titled, top.Skip(1).Take(titled.Count).ToHashSet());
        Assert.DoesNotContain(top.Skip(1 + titled.Count), titled.Contains);
    }

    [Fact]
    public async Task Pages_walk_every_tier_without_repeats_or_gaps()
    {
        var seen = new List<string>();
        string? page = null;
        do
        {
            var result = await _world.Admin.SearchAsync(_store, new SearchRequest("widget zeppelin", SearchMode.Keyword, Limit: 100, Page: page));
            seen.AddRange(result.Results.Select(r => r.Path));
            page = result.NextPage;
        }
        while (page is not null && seen.Count <= Memories + 1);

        Assert.Equal(Memories + 1, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(await SearchAsync("widget zeppelin", 100), seen.Take(100));
    }

    [Fact]
    public async Task A_common_word_alone_still_finds_the_memories_about_it_first()
    {
        var top = await SearchAsync("widget", 21);
        Assert.All(top, path => Assert.EndsWith("7.md", path));
    }
}
