namespace Engram.Search;

/// <summary>
/// A search: words and "phrases" in <see cref="Query"/>, filters, and a mode. <see cref="SearchMode.Auto"/> is
/// hybrid where the store has semantic search on, keyword elsewhere.
/// </summary>
public sealed record SearchRequest(
    string? Query,
    SearchMode Mode = SearchMode.Auto,
    string? PathPrefix = null,
    IReadOnlyList<string>? Tags = null,
    DateTimeOffset? UpdatedSince = null,
    bool? Stale = null,
    int? Limit = null,
    string? Page = null);

/// <summary>How results are found.</summary>
public enum SearchMode
{
    /// <summary>Hybrid when the store has semantic search on, else keyword.</summary>
    Auto,
    /// <summary>BM25 over path, title, description, tags and body.</summary>
    Keyword,
    /// <summary>Nearest sections by meaning (local embedding model).</summary>
    Semantic,
    /// <summary>Keyword and semantic rankings fused (reciprocal rank fusion).</summary>
    Hybrid,
}

/// <summary>One hit: where it is, what it is about, and why it matched.</summary>
public sealed record SearchResult(
    string MemoryId,
    string Path,
    string? Title,
    string? Summary,
    IReadOnlyList<string> Tags,
    bool Stale,
    string? SkillName,
    double Score,
    string? Snippet,
    DateTimeOffset UpdatedAt,
    string MatchedBy);

/// <summary>A page of results in rank order, the mode used, and the token for the next page.</summary>
public sealed record SearchPage(IReadOnlyList<SearchResult> Results, SearchMode Mode, string? NextPage);
