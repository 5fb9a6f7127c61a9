using System.Text.Json;

namespace Engram.Search.Tests;

// Judged queries on the fixed corpus (Fixtures/judged.jsonl: a question a person would type, and every memory
// that answers it), scored as retrieval benchmarks score: recall@k, the fraction of a query's answers in the top k.
public sealed partial class RelevanceTests
{
    private static readonly int[] Ks = [1, 3, 5, 10];

    private static readonly IReadOnlyList<(string Query, IReadOnlyList<string> Relevant)> Judged = File
        .ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "judged.jsonl"))
        .Select(line => JsonDocument.Parse(line).RootElement)
        .Select(doc => (doc.GetProperty("query").GetString()!, (IReadOnlyList<string>)doc.GetProperty("relevant").EnumerateArray().Select(p => p.GetString()!).ToList()))
        .ToList();

    private async Task<double[]> MeanRecallAsync(SearchMode mode)
    {
        var totals = new double[Ks.Length];
        foreach (var (query, relevant) in Judged)
        {
            var top = await TopAsync(query, mode, Ks[^1]);
            for (var i = 0; i < Ks.Length; i++)
            {
                totals[i] += relevant.Count(top.Take(Ks[i]).Contains) / (double)relevant.Count;
            }
        }

        return totals.Select(t => t / Judged.Count).ToArray();
    }

    [Fact]
    public async Task Hybrid_recall_is_never_below_keyword_recall_on_the_judged_queries()
    {
        var keyword = await MeanRecallAsync(SearchMode.Keyword);
        var hybrid = await MeanRecallAsync(SearchMode.Hybrid);
        for (var i = 0; i < Ks.Length; i++)
        {
            Assert.True(hybrid[i] >= keyword[i], $"recall@{Ks[i]}: hybrid {hybrid[i]:0.000} < keyword {keyword[i]:0.000}");
        }
    }

    [Fact]
    public async Task Hybrid_scores_are_a_relevance_between_0_and_1_in_rank_order_and_say_what_matched()
    {
        foreach (var (query, _) in Judged)
        {
            var results = (await corpus.Admin.SearchAsync(corpus.StoreId, new SearchRequest(query, SearchMode.Hybrid, Limit: 20))).Results;
            Assert.All(results, r => Assert.InRange(r.Score, 0.0, 1.0));
            Assert.Equal(results.Select(r => r.Score).OrderDescending(), results.Select(r => r.Score));
            var keyword = (await TopAsync(query, SearchMode.Keyword, 50)).ToHashSet(StringComparer.Ordinal);
            Assert.All(results, r => Assert.Equal(keyword.Contains(r.Path), r.MatchedBy.Contains("keyword", StringComparison.Ordinal)));
        }
    }
}
