using System.Text.Json.Serialization;
using Engram.Search;

namespace Engram.Wire;

/// <summary>Extension: one search hit.</summary>
internal sealed record SearchResultJson(
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
    string MatchedBy)
{
    /// <summary>Always <c>search_result</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "search_result";
}

/// <summary>
/// Extension: a page of search hits and the mode that found them; <c>partial</c> when some memories were not
/// embedded yet (found by keyword only), with the store's progress for its admins.
/// </summary>
internal sealed record SearchPageJson(IReadOnlyList<SearchResultJson> Data, string Mode, string? NextPage, bool Partial = false, EmbeddingProgressJson? Embedding = null);

/// <summary>Extension: a store's memories, those embedded, and those waiting to be.</summary>
internal sealed record EmbeddingProgressJson(int Memories, int Embedded, int Pending);

/// <summary>Extension: semantic search in one store, and how far its embedding is.</summary>
internal sealed record SearchStatusJson(string MemoryStoreId, bool Semantic, int Memories, int Embedded, int Pending, string? Model, double? EmbeddingRate)
{
    /// <summary>Always <c>search_status</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "search_status";
}

/// <summary>Extension: the memory section for the start of a session.</summary>
internal sealed record MemorySectionJson(string Text, int Tokens, int Budget, bool Truncated, IReadOnlyList<string> MemoryStoreIds)
{
    /// <summary>Always <c>memory_section</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "memory_section";
}

/// <summary>Extension: one memory in a store's catalog (no body).</summary>
internal sealed record CatalogEntryJson(
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
    DateTimeOffset UpdatedAt)
{
    /// <summary>Always <c>catalog_entry</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "catalog_entry";
}

/// <summary>Extension: a page of a store's catalog in path order.</summary>
internal sealed record CatalogPageJson(IReadOnlyList<CatalogEntryJson> Data, string? NextPage);

/// <summary>Search and context objects to and from their wire shapes.</summary>
internal static class SearchMapping
{
    public static SearchPageJson ToJson(this SearchPage page) => new(
        page.Results.Select(r => new SearchResultJson(r.MemoryId, r.Path, r.Title, r.Summary, r.Tags, r.Stale, r.SkillName, r.Score, r.Snippet, r.UpdatedAt, r.MatchedBy)).ToList(),
        page.Mode.ToString().ToLowerInvariant(),
        page.NextPage,
        page.Partial,
        page.Embedding is { } progress ? new EmbeddingProgressJson(progress.Memories, progress.Embedded, progress.Pending) : null);

    public static SearchPage ToModel(this SearchPageJson json) => new(
        json.Data.Select(r => new SearchResult(r.MemoryId, r.Path, r.Title, r.Summary, r.Tags, r.Stale, r.SkillName, r.Score, r.Snippet, r.UpdatedAt, r.MatchedBy)).ToList(),
        Enum.Parse<SearchMode>(json.Mode, ignoreCase: true),
        json.NextPage,
        json.Partial,
        json.Embedding is { } progress ? new EmbeddingProgress(progress.Memories, progress.Pending) : null);

    public static SearchStatusJson ToJson(this SearchStatus status) => new(
        status.StoreId, status.Semantic, status.Progress.Memories, status.Progress.Embedded, status.Progress.Pending, status.Model, status.Rate);

    public static SearchStatus ToModel(this SearchStatusJson json) =>
        new(json.MemoryStoreId, json.Semantic, new EmbeddingProgress(json.Memories, json.Pending), json.Model, json.EmbeddingRate);

    public static CatalogPageJson ToJson(this CatalogPage page) => new(
        page.Entries.Select(e => new CatalogEntryJson(
            e.MemoryId, e.Path, e.Title, e.Summary, e.Tags, e.Stale, e.Pinned, e.SkillName, e.SkillDescription, e.Verified, e.Expires, e.FrontMatterError, e.UpdatedAt)).ToList(),
        page.NextPage);

    public static CatalogPage ToModel(this CatalogPageJson json) => new(
        json.Data.Select(e => new CatalogEntry(
            e.MemoryId, e.Path, e.Title, e.Summary, e.Tags, e.Stale, e.Pinned, e.SkillName, e.SkillDescription, e.Verified, e.Expires, e.FrontMatterError, e.UpdatedAt)).ToList(),
        json.NextPage);

    public static MemorySectionJson ToJson(this MemorySection section) => new(section.Text, section.Tokens, section.Budget, section.Truncated, section.StoreIds);

    public static MemorySection ToModel(this MemorySectionJson json) => new(json.Text, json.Tokens, json.Budget, json.Truncated, json.MemoryStoreIds);

    /// <summary>The mode a wire name stands for, or null.</summary>
    public static SearchMode? ParseMode(string? mode) => mode switch
    {
        null or "auto" => SearchMode.Auto,
        "keyword" => SearchMode.Keyword,
        "semantic" => SearchMode.Semantic,
        "hybrid" => SearchMode.Hybrid,
        _ => null,
    };

    /// <summary>The mode <paramref name="mode"/> names (absent: auto), or a refusal naming <paramref name="field"/>: the one reading every face shares.</summary>
    public static SearchMode ParseMode(string? mode, string field) =>
        ParseMode(mode) ?? throw new Errors.InvalidRequestException(field, $"must be auto, keyword, semantic or hybrid (got \"{mode}\")");
}
