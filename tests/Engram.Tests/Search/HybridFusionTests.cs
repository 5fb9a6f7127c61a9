using CsCheck;
using Engram.Search;

namespace Engram.Tests.Search;

/// <summary>How hybrid search combines the keyword (BM25) and semantic (cosine) rankings of one query.</summary>
public sealed class HybridFusionTests
{
    private const int Depth = 50;

    private static SearchResult Hit(string id, double score, string matchedBy) =>
        new(id, $"/{id}.md", null, null, [], false, null, score, matchedBy == "keyword" ? $"**{id}**" : null, DateTimeOffset.UnixEpoch, matchedBy);

    private static List<SearchResult> Keyword(params (string Id, double Bm25)[] hits) => hits.Select(h => Hit(h.Id, h.Bm25, "keyword")).ToList();

    private static List<SearchResult> Semantic(params (string Id, double Cosine)[] hits) => hits.Select(h => Hit(h.Id, h.Cosine, "semantic")).ToList();

    [Fact]
    public void The_best_of_both_halves_scores_1_and_the_best_of_one_half_alone_scores_that_halfs_weight()
    {
        var fused = SearchService.Fuse(
            Keyword(("both", 9.0), ("words", 8.0), ("weak", 1.0)),
            Semantic(("both", 0.62), ("meaning", 0.60), ("far", 0.20), ("farther", 0.10)),
            Depth);

        var score = fused.ToDictionary(r => r.MemoryId, r => r.Score);
        Assert.Equal(1.0, score["both"], 9);
        Assert.Equal(SearchService.KeywordWeight * 8 / 9, score["words"], 9);
        Assert.Equal((1 - SearchService.KeywordWeight) * (0.60 - 0.40) / (0.62 - 0.40), score["meaning"], 9); // the median candidate is 0.40
        Assert.Equal(["both", "words", "meaning", "weak"], fused.Select(r => r.MemoryId));
    }

    [Fact]
    public void Matched_by_names_the_halves_that_found_a_result_and_semantic_hits_no_closer_than_the_median_candidate_are_dropped()
    {
        var fused = SearchService.Fuse(
            Keyword(("both", 5.0), ("far-but-worded", 2.0)),
            Semantic(("both", 0.7), ("near", 0.6), ("far-but-worded", 0.3), ("far", 0.2)),
            Depth);

        var matched = fused.ToDictionary(r => r.MemoryId, r => r.MatchedBy);
        Assert.Equal("keyword+semantic", matched["both"]);
        Assert.Equal("semantic", matched["near"]);
        Assert.Equal("keyword", matched["far-but-worded"]); // below the median by meaning: found by its words alone
        Assert.False(matched.ContainsKey("far"));
        Assert.Equal("**both**", fused.Single(r => r.MemoryId == "both").Snippet); // the keyword snippet is kept
    }

    [Fact]
    public void A_keyword_list_shorter_than_the_depth_holds_every_match_so_its_last_still_counts()
    {
        var fused = SearchService.Fuse(Keyword(("a", 4.0), ("b", 1.0)), [], Depth);
        Assert.Equal(SearchService.KeywordWeight * 1 / 4, fused.Single(r => r.MemoryId == "b").Score, 9);

        var full = Enumerable.Range(0, Depth).Select(i => ($"k{i}", 50.0 - i)).ToArray();
        Assert.Equal(0, SearchService.Fuse(Keyword(full), [], Depth)[^1].Score); // a full list was cut: what comes next scores its last
    }

    [Fact]
    public void Scores_are_between_0_and_1_in_rank_order_whatever_the_scales()
    {
        var bm25 = Gen.Double[0.001, 1_000].Array[0, 60];
        var cosine = Gen.Double[-1, 1].Array[0, 60];
        Gen.Select(bm25, cosine).Sample((keyword, semantic) =>
        {
            var fused = SearchService.Fuse(
                Keyword([.. keyword.OrderDescending().Select((s, i) => ($"k{i % 40}", s)).DistinctBy(h => h.Item1)]),
                Semantic([.. semantic.OrderDescending().Select((s, i) => ($"k{i % 70}", s)).DistinctBy(h => h.Item1)]),
                Depth);
            Assert.All(fused, r => Assert.InRange(r.Score, 0, 1));
            Assert.Equal(fused.Select(r => r.Score).OrderDescending(), fused.Select(r => r.Score));
        });
    }
}
