namespace Engram.Search;

/// <summary>What the search index and the memory section keep for one memory (derived from its content).</summary>
public sealed record SearchDocument(
    string Path,
    string ContentSha256,
    string? Title,
    string? Description,
    string? Summary,
    IReadOnlyList<string> Tags,
    string Body,
    DateTimeOffset? Verified,
    DateTimeOffset? Expires,
    bool Pin,
    string? SkillName,
    string? SkillDescription,
    string? Problem)
{
    /// <summary>The document of a memory's content.</summary>
    public static SearchDocument Of(string path, string contentSha256, string content)
    {
        var facts = MemoryFacts.Of(path, content);
        var front = facts.FrontMatter;
        return new SearchDocument(
            path, contentSha256, front.Title ?? front.Name, front.Description, facts.Summary, front.Tags, facts.Body, front.Verified, front.Expires,
            front.Pin, facts.Skill?.Name, facts.Skill?.Description, front.Error ?? facts.Skill?.Error);
    }

    /// <summary>True when <c>expires</c> is past, or <c>verified</c> is older than the store's horizon.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan? horizon) => Staleness.IsStale(Expires, Verified, now, horizon);
}

/// <summary>The rule of staleness: <c>expires</c> in the past, or <c>verified</c> longer ago than the store's horizon.</summary>
internal static class Staleness
{
    public static bool IsStale(DateTimeOffset? expires, DateTimeOffset? verified, DateTimeOffset now, TimeSpan? horizon) =>
        (expires is { } end && end <= now) || (horizon is { } limit && verified is { } checkedAt && now - checkedAt > limit);
}

/// <summary>One indexed memory as the memory section lists it: no title, tags or body, just its line.</summary>
public sealed record DocumentOutline(
    string MemoryId,
    string Path,
    string? Summary,
    DateTimeOffset? Verified,
    DateTimeOffset? Expires,
    bool Pin,
    string? SkillName,
    string? SkillDescription,
    string? Problem)
{
    /// <summary>True when <c>expires</c> is past, or <c>verified</c> is older than the store's horizon.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan? horizon) => Staleness.IsStale(Expires, Verified, now, horizon);
}

/// <summary>A search query as the index sees it: words (any may match) and phrases.</summary>
public sealed record TextQuery(IReadOnlyList<TextTerm> Terms);

/// <summary>
/// One word, or one phrase to be matched as a whole. A <paramref name="FunctionWord"/> ("did", "her") never makes a
/// match on its own: it only adds, at a lower weight, to the ranking of memories the query's other words matched.
/// </summary>
public sealed record TextTerm(string Text, bool Phrase, bool FunctionWord = false);

/// <summary>Which indexed memories a text search considers.</summary>
public sealed record TextFilter(string PathPrefix, IReadOnlyList<string> Tags, DateTimeOffset? UpdatedSince)
{
    /// <summary>
    /// Whether hits carry a highlighted snippet. A caller that ranks more hits than it shows (hybrid search fuses 50)
    /// asks for none and reads them for the page alone (<see cref="Storage.ISearchIndexStorage.SnippetsAsync"/>).
    /// </summary>
    public bool Snippets { get; init; } = true;
}

/// <summary>One ranked hit: the memory's document, its BM25 score (lower is better) and a highlighted snippet (null when not asked for).</summary>
public sealed record TextHit(string MemoryId, SearchDocument Document, DateTimeOffset UpdatedAt, double Score, string? Snippet);

/// <summary>A queued (re)index of one memory; <see cref="Token"/> is the id of the write that queued it.</summary>
public sealed record IndexWork(string StoreId, string MemoryId, string Token);

/// <summary>The embedding of one markdown section of a memory.</summary>
public sealed record ChunkVector(string MemoryId, int Chunk, string Heading, float[] Vector);

/// <summary>
/// A store's vector changes after a change number: <paramref name="Seq"/> is its latest; <paramref name="Reset"/> means
/// every vector may have changed (semantic search was turned off, or another model took over: load them all again);
/// otherwise <paramref name="MemoryIds"/> are the memories whose vectors were replaced or removed.
/// </summary>
public sealed record VectorChanges(long Seq, bool Reset, IReadOnlyList<string> MemoryIds);
