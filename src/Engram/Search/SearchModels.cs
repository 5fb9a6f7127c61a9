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
    /// <summary>Keyword and semantic rankings fused: a weighted sum of their scores, each rescaled to 0..1 for the query.</summary>
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

/// <summary>
/// A page of results in rank order, the mode used, and the token for the next page. <see cref="Partial"/> is
/// true when a semantic or hybrid search ran while some of the store's memories were not embedded yet: those
/// were found by keyword only. <see cref="Embedding"/> says how far embedding is (to store admins only: the
/// counts are store-wide).
/// </summary>
public sealed record SearchPage(IReadOnlyList<SearchResult> Results, SearchMode Mode, string? NextPage, bool Partial = false, EmbeddingProgress? Embedding = null);

/// <summary>How many of a store's memories there are, and how many still wait to be embedded.</summary>
public sealed record EmbeddingProgress(int Memories, int Pending)
{
    /// <summary>Memories whose vectors are stored (or that have nothing to embed).</summary>
    public int Embedded => Math.Max(0, Memories - Pending);
}

/// <summary>
/// Semantic search in one store: whether it is on, how many memories are embedded and how many wait, the
/// model, and how fast this process embeds (memories per second over its latest batches; null when it has not).
/// </summary>
public sealed record SearchStatus(string StoreId, bool Semantic, EmbeddingProgress Progress, string? Model, double? Rate);

/// <summary>
/// The catalog of a store (the bookshelf: titles, not books): what each memory under <see cref="PathPrefix"/>
/// is about, without its body; only the stale ones, or only the fresh ones, when <see cref="Stale"/> says so.
/// </summary>
public sealed record CatalogRequest(string? PathPrefix = null, bool? Stale = null, int? Limit = null, string? Page = null);

/// <summary>
/// One memory as a catalog shows it: its title and one-line description (front matter, else the first heading),
/// tags, whether it is stale, pinned or a skill, and what is wrong with its front matter, if anything.
/// </summary>
public sealed record CatalogEntry(
    string MemoryId,
    string Path,
    string? Title,
    string? Summary,
    IReadOnlyList<string> Tags,
    bool Stale,
    bool Pinned,
    string? SkillName,
    string? SkillDescription,
    DateTimeOffset? Verified,
    DateTimeOffset? Expires,
    string? FrontMatterError,
    DateTimeOffset UpdatedAt);

/// <summary>A page of catalog entries in path order, and the token for the next page.</summary>
public sealed record CatalogPage(IReadOnlyList<CatalogEntry> Entries, string? NextPage);
