using CsCheck;

namespace Engram.Search.Tests;

/// <summary>Expected top results on a fixed corpus, for keyword, phrase and paraphrase queries.</summary>
public sealed partial class RelevanceTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>
{
    private async Task<List<string>> TopAsync(string query, SearchMode mode, int count = 5, IReadOnlyList<string>? tags = null, bool? stale = null) =>
        (await corpus.Admin.SearchAsync(corpus.StoreId, new SearchRequest(query, mode, Tags: tags, Stale: stale, Limit: count))).Results.Select(r => r.Path).ToList();

    [Fact]
    public async Task The_corpus_is_a_few_hundred_memories() => Assert.InRange(corpus.Corpus.Count, 200, 400);

    [Fact]
    public async Task Keywords_find_the_memory_that_is_about_them()
    {
        Assert.Equal("/tooling/python/running-tests.md", (await TopAsync("pytest PATH", SearchMode.Keyword))[0]);
        Assert.Equal("/tooling/node/install.md", (await TopAsync("npm ci lockfile", SearchMode.Keyword))[0]);
        Assert.Equal("/org/security/secrets.md", (await TopAsync("vault password", SearchMode.Keyword))[0]);
    }

    [Fact]
    public async Task Title_and_description_weigh_more_than_the_body() =>
        Assert.Equal("/teams/payments/feature-flags.md", (await TopAsync("payments feature flags", SearchMode.Keyword))[0]);

    [Fact]
    public async Task A_phrase_matches_only_where_the_words_stand_together()
    {
        var hits = await TopAsync("\"connection pool exhausted\"", SearchMode.Keyword, 20);
        Assert.Equal(["/incidents/2026-03-14-payments-db-pool.md"], hits);
        Assert.Equal("/incidents/2026-05-20-infra-cert-expiry.md", (await TopAsync("\"certificate has expired\"", SearchMode.Keyword))[0]);
    }

    [Fact]
    public async Task Hybrid_finds_a_paraphrase_that_keyword_search_misses()
    {
        const string question = "how do I undo a bad release";
        var keyword = await TopAsync(question, SearchMode.Keyword, 10);
        Assert.DoesNotContain(keyword, path => path.EndsWith("/rollback.md", StringComparison.Ordinal));
        var hybrid = await TopAsync(question, SearchMode.Hybrid, 5);
        Assert.Contains(hybrid, path => path.EndsWith("/rollback.md", StringComparison.Ordinal));
        var semantic = await TopAsync(question, SearchMode.Semantic, 3);
        Assert.Contains(semantic, path => path.EndsWith("/rollback.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Skills_tags_and_staleness_are_searchable_facts()
    {
        var skill = (await corpus.Admin.SearchAsync(corpus.StoreId, new SearchRequest("incident timeline", SearchMode.Keyword))).Results[0];
        Assert.Equal("incident-timeline", skill.SkillName);

        var tagged = await TopAsync("deploy", SearchMode.Keyword, 50, tags: ["payments", "deploy"]);
        Assert.Equal(["/teams/payments/deploy.md", "/teams/payments/rollback.md"], tagged.Order(StringComparer.Ordinal));

        var vpn = (await corpus.Admin.SearchAsync(corpus.StoreId, new SearchRequest("legacy VPN", SearchMode.Keyword))).Results[0];
        Assert.True(vpn.Stale);
        Assert.DoesNotContain("/teams/infra/legacy-vpn.md", await TopAsync("legacy VPN", SearchMode.Keyword, 20, stale: false));
        Assert.Equal(["/teams/infra/legacy-vpn.md"], await TopAsync("VPN", SearchMode.Keyword, 20, stale: true));
    }

    [Fact]
    public async Task Snippets_highlight_the_matching_words()
    {
        var hit = (await corpus.Admin.SearchAsync(corpus.StoreId, new SearchRequest("pytest", SearchMode.Keyword))).Results[0];
        Assert.Contains("**pytest**", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_continue_the_ranking_without_repeats()
    {
        var first = await corpus.Admin.SearchAsync(corpus.StoreId, new SearchRequest("deploy", SearchMode.Keyword, Limit: 5));
        var second = await corpus.Admin.SearchAsync(corpus.StoreId, new SearchRequest("deploy", SearchMode.Keyword, Limit: 5, Page: first.NextPage));
        var whole = await TopAsync("deploy", SearchMode.Keyword, 10);
        Assert.Equal(whole, first.Results.Concat(second.Results).Select(r => r.Path));
    }

    [Fact]
    public async Task Any_typed_query_is_safe_and_never_an_error()
    {
        string[] parts = ["\"", "(", ")", "*", ":", "^", "-", "+", " ", "AND", "OR", "NOT", "NEAR", "{", "}", "deploy", "pytest", "'", "\\", "é", "😀", "/", ".", "\u0000"];
        var alphabet = Gen.Int[0, parts.Length - 1].Select(i => parts[i]);
        var query = alphabet.Array[1, 12].Select(parts => string.Concat(parts)).Where(q => q.Any(char.IsLetterOrDigit));
        await query.SampleAsync(async q =>
        {
            var result = await corpus.Admin.SearchAsync(corpus.StoreId, new SearchRequest(q, SearchMode.Keyword, Limit: 5));
            Assert.NotNull(result);
        }, iter: 300);
    }
}
