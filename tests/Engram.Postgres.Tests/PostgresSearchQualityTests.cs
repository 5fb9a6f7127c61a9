using System.Globalization;
using Engram.Search;
using Engram.Storage;
using Xunit.Abstractions;

namespace Engram.Postgres.Tests;

/// <summary>
/// PostgreSQL's keyword search against SQLite's (the reference) on the relevance corpus: recall on the judged queries,
/// and how often the two give the very same ranking, scores and snippets. Both sides are printed.
/// </summary>
public sealed class PostgresSearchQualityTests(SearchCorpus corpus, ITestOutputHelper output) : IClassFixture<SearchCorpus>
{
    private static readonly int[] Ks = [1, 3, 5, 10];

    /// <summary>How far below SQLite's recall PostgreSQL's may be at any k (it is expected to be equal).</summary>
    private const double RecallMargin = 0.01;

    [Fact]
    public async Task Keyword_recall_on_the_judged_queries_is_at_least_sqlites_minus_a_small_margin()
    {
        var sqlite = await MeanRecallAsync(corpus.Sqlite);
        var postgres = await MeanRecallAsync(corpus.Postgres);

        output.WriteLine($"keyword recall on {SearchCorpus.Judged.Count} judged queries ({corpus.Memories.Count} memories):");
        output.WriteLine("k    SQLite  PostgreSQL");
        for (var i = 0; i < Ks.Length; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Ks[i],-4} {sqlite[i]:0.000}   {postgres[i]:0.000}"));
        }

        for (var i = 0; i < Ks.Length; i++)
        {
            Assert.True(postgres[i] >= sqlite[i] - RecallMargin, $"recall@{Ks[i]}: PostgreSQL {postgres[i]:0.000} < SQLite {sqlite[i]:0.000} - {RecallMargin}");
        }
    }

    [Fact]
    public async Task Rankings_scores_and_snippets_are_sqlites()
    {
        string[] more = ["pytest PATH", "npm ci lockfile", "vault password", "payments feature flags", "\"connection pool exhausted\"", "\"certificate has expired\"", "deploy", "incident timeline", "legacy VPN"];
        var queries = SearchCorpus.Judged.Select(j => j.Query).Concat(more).ToList();
        var (sameRanking, sameScores, sameSnippets, snippets) = (0, 0, 0, 0);
        foreach (var query in queries)
        {
            var expected = await SearchCorpus.SearchAsync(corpus.Sqlite, query, 20);
            var actual = await SearchCorpus.SearchAsync(corpus.Postgres, query, 20);
            var ranked = expected.Select(h => h.Document.Path).SequenceEqual(actual.Select(h => h.Document.Path));
            sameRanking += ranked ? 1 : 0;
            sameScores += ranked && expected.Zip(actual).All(p => Math.Abs(p.First.Score - p.Second.Score) <= 1e-9 * Math.Max(1, Math.Abs(p.First.Score))) ? 1 : 0;
            if (!ranked)
            {
                output.WriteLine($"ranking differs for '{query}':\n  SQLite     {string.Join(", ", expected.Take(5).Select(h => $"{h.Document.Path} {h.Score:0.0000}"))}\n  PostgreSQL {string.Join(", ", actual.Take(5).Select(h => $"{h.Document.Path} {h.Score:0.0000}"))}");
            }

            foreach (var (first, second) in expected.Zip(actual).Where(p => p.First.MemoryId == p.Second.MemoryId))
            {
                snippets++;
                if (first.Snippet == second.Snippet)
                {
                    sameSnippets++;
                }
                else
                {
                    output.WriteLine($"snippet differs for '{query}' {first.Document.Path}:\n  SQLite     {first.Snippet}\n  PostgreSQL {second.Snippet}");
                }
            }
        }

        output.WriteLine($"{queries.Count} queries: same top 20 {sameRanking}, same scores {sameScores}; snippets identical {sameSnippets} of {snippets}");
        Assert.Equal(queries.Count, sameRanking);
        Assert.Equal(queries.Count, sameScores);
        Assert.Equal(snippets, sameSnippets);
    }

    [Fact]
    public async Task The_corpus_relevance_cases_hold_on_postgres()
    {
        async Task<List<string>> TopAsync(string query, int count = 5, IReadOnlyList<string>? tags = null) =>
            [.. (await SearchCorpus.SearchAsync(corpus.Postgres, query, count, filter: new TextFilter("/", tags ?? [], null))).Select(h => h.Document.Path)];

        Assert.Equal("/tooling/python/running-tests.md", (await TopAsync("pytest PATH"))[0]);
        Assert.Equal("/tooling/node/install.md", (await TopAsync("npm ci lockfile"))[0]);
        Assert.Equal("/org/security/secrets.md", (await TopAsync("vault password"))[0]);
        Assert.Equal("/teams/payments/feature-flags.md", (await TopAsync("payments feature flags"))[0]);
        Assert.Equal(["/incidents/2026-03-14-payments-db-pool.md"], await TopAsync("\"connection pool exhausted\"", 20));
        Assert.Equal("/incidents/2026-05-20-infra-cert-expiry.md", (await TopAsync("\"certificate has expired\""))[0]);
        Assert.Equal(["/teams/payments/deploy.md", "/teams/payments/rollback.md"], (await TopAsync("deploy", 50, ["payments", "deploy"])).Order(StringComparer.Ordinal));
        Assert.Contains("**pytest**", (await SearchCorpus.SearchAsync(corpus.Postgres, "pytest", 1))[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_continue_the_ranking_without_repeats()
    {
        var whole = await SearchCorpus.SearchAsync(corpus.Postgres, "deploy", 10);
        var first = await SearchCorpus.SearchAsync(corpus.Postgres, "deploy", 5);
        var second = await SearchCorpus.SearchAsync(corpus.Postgres, "deploy", 5, offset: 5);
        Assert.Equal(whole.Select(h => h.MemoryId), first.Concat(second).Select(h => h.MemoryId));
    }

    [Fact]
    public async Task Snippets_of_named_memories_are_sqlites()
    {
        foreach (var (query, _) in SearchCorpus.Judged.Take(20))
        {
            var ids = (await SearchCorpus.SearchAsync(corpus.Sqlite, query, 10)).Select(h => h.MemoryId).Append("mem_0000").Append("mem_missing").Distinct().ToList();
            var parsed = SearchQueryParser.Parse(query);
            var expected = await corpus.Sqlite.SnippetsAsync(SearchCorpus.StoreId, parsed, ids, CancellationToken.None);
            var actual = await corpus.Postgres.SnippetsAsync(SearchCorpus.StoreId, parsed, ids, CancellationToken.None);
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    private async Task<double[]> MeanRecallAsync(ISearchIndexStorage storage)
    {
        var totals = new double[Ks.Length];
        foreach (var (query, relevant) in SearchCorpus.Judged)
        {
            var top = (await SearchCorpus.SearchAsync(storage, query, Ks[^1])).Select(h => h.Document.Path).ToList();
            for (var i = 0; i < Ks.Length; i++)
            {
                totals[i] += relevant.Count(top.Take(Ks[i]).Contains) / (double)relevant.Count;
            }
        }

        return [.. totals.Select(t => t / SearchCorpus.Judged.Count)];
    }
}
