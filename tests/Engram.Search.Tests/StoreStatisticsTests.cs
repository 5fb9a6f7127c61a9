using CsCheck;
using Engram.Memories;

namespace Engram.Search.Tests;

/// <summary>
/// BM25's statistics (document count, average lengths, how many documents hold a word) are each store's own: what
/// another store holds never moves a store's results or their scores, whether it is added later or was there first.
/// </summary>
public sealed class StoreStatisticsTests
{
    private static readonly string[] Vocabulary =
    [
        "deploy", "rollback", "payments", "vault", "secret", "pytest", "fixture", "kafka", "consumer", "lag", "postgres", "index",
        "migration", "canary", "release", "incident", "pager", "oncall", "certificate", "expiry", "docker", "image", "cache", "latency",
        "budget", "review", "flag", "feature", "timeout", "retry", "queue", "worker", "schema", "backup", "restore", "replica",
    ];

    [Fact]
    public async Task Another_store_never_changes_a_stores_ranking_or_scores() =>
        await Gen.Int.SampleAsync(async seed =>
        {
            var random = new Random(seed);
            var own = Corpus(random, count: 30, maxWords: 25);
            var other = Corpus(random, count: 80, maxWords: 120);
            var queries = Enumerable.Range(0, 12).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Word(random)))).ToList();

            await using var alone = await SearchWorld.StartAsync();
            var store = await alone.StoreAsync("own", semantic: false);
            await alone.WriteAsync(store, own);
            var before = await RankingsAsync(alone, store, queries);
            Assert.Contains(before, ranking => ranking.Count > 0);

            var neighbour = await alone.StoreAsync("other", semantic: false);
            await alone.WriteAsync(neighbour, other);
            Assert.Equal(before, await RankingsAsync(alone, store, queries));

            await using var shared = await SearchWorld.StartAsync();
            var first = await shared.StoreAsync("other", semantic: false);
            await shared.WriteAsync(first, other);
            var second = await shared.StoreAsync("own", semantic: false);
            await shared.WriteAsync(second, own);
            Assert.Equal(before, await RankingsAsync(shared, second, queries));
        }, iter: 4, threads: 1);

    private static async Task<List<List<(string Path, double Score, string? Snippet)>>> RankingsAsync(SearchWorld world, string store, List<string> queries)
    {
        var rankings = new List<List<(string, double, string?)>>();
        foreach (var query in queries)
        {
            var page = await world.Admin.SearchAsync(store, new SearchRequest(query, SearchMode.Keyword, Limit: 10));
            rankings.Add(page.Results.Select(r => (r.Path, r.Score, r.Snippet)).ToList());
        }

        return rankings;
    }

    /// <summary>Memories whose words follow a skew of their own (each corpus favours different words), some with a title.</summary>
    private static (string Path, string Content)[] Corpus(Random random, int count, int maxWords)
    {
        var favourites = Vocabulary.OrderBy(_ => random.Next()).Take(6).ToArray();
        string Pick() => random.Next(3) == 0 ? favourites[random.Next(favourites.Length)] : Word(random);
        return Enumerable.Range(0, count).Select(i =>
        {
            var body = string.Join(' ', Enumerable.Range(0, random.Next(3, maxWords)).Select(_ => Pick()));
            var content = random.Next(3) == 0 ? $"---\ntitle: {Pick()} {Pick()}\n---\n{body}\n" : body + "\n";
            return ($"/{Pick()}/{i:D3}.md", content);
        }).ToArray();
    }

    private static string Word(Random random) => Vocabulary[random.Next(Vocabulary.Length)];
}
