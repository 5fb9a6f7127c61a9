using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Search;

/// <summary>
/// Full-text (BM25), semantic and hybrid search over the memories a caller may read. Results are filtered
/// by permission, staleness and the filters before the page is cut, so a page never holds what the caller
/// may not see and is full whenever enough visible results exist. Snippets come only from readable memories.
/// </summary>
internal sealed class SearchService(
    ISearchIndexStorage storage, IMemoryStorage memoryStorage, PolicyStore policies, SearchIndexer indexer, StoreSettingsCache settings, TimeProvider time, EmbeddingIndexer? embeddings)
{
    /// <summary>
    /// The keyword half's weight in a hybrid score (the semantic half weighs the rest). Measured (docs/BENCHMARKS.md,
    /// "Retrieval quality"): any weight from 0.45 to 0.9 keeps hybrid at or above both halves at every k on LoCoMo
    /// with all-MiniLM-L6 and Arctic-embed-xs, and 0.55 to 0.9 also at or above keyword on the judged test corpus
    /// with both; 0.65 is MiniLM's best on LoCoMo and the weight each leave-one-conversation-out fold chose.
    /// </summary>
    internal const double KeywordWeight = 0.65;

    /// <summary>How many of each ranking hybrid search fuses.</summary>
    private const int FusionDepth = 50;

    /// <summary>Semantic candidates rescored (16-bit floats) per result wanted: the approximate order's near misses get their chance.</summary>
    private const int SemanticRescore = 2;

    /// <summary>Most memories under a path prefix whose every vector a semantic search scores (listing them costs about a millisecond per thousand).</summary>
    private const int PrefixScanLimit = 5_000;

    /// <summary>Largest catalog page: entries carry no bodies, so pages may be long.</summary>
    public const int MaxCatalogPage = 1_000;

    /// <summary>Searches one store.</summary>
    public async Task<SearchPage> SearchAsync(Caller caller, string storeId, SearchRequest request, CancellationToken cancellationToken)
    {
        var query = SearchQueryParser.Parse(request.Query);
        var prefix = PathPrefix.Parse(request.PathPrefix);
        var limit = ListLimits.Resolve(request.Limit);
        var offset = ParsePage(request.Page);
        var rules = await VisibleStoreRulesAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var storeSettings = await settings.GetAsync(storeId, cancellationToken).ConfigureAwait(false);
        if (!storeSettings.Semantic)
        {
            embeddings?.Forget(storeId); // vectors held from when it was on are stale by the time it is back on
        }

        var mode = request.Mode switch
        {
            SearchMode.Auto => storeSettings.Semantic && embeddings is not null ? SearchMode.Hybrid : SearchMode.Keyword,
            SearchMode.Semantic or SearchMode.Hybrid when !storeSettings.Semantic || embeddings is null => throw new InvalidRequestException(
                "mode", $"semantic search is off for store {storeId}; turn it on with metadata {StoreSettings.SemanticKey}=on (or search with mode=keyword)"),
            var chosen => chosen,
        };

        await indexer.DrainAsync(storeId, cancellationToken).ConfigureAwait(false);
        var filter = new TextFilter(prefix.Value, request.Tags ?? [], request.UpdatedSince);
        var now = time.GetUtcNow();
        bool Visible(SearchDocument document, DateTimeOffset updatedAt) =>
            Readable(rules, caller, storeId, document.Path)
            && (request.Stale is not { } wanted || document.IsStale(now, storeSettings.StaleAfter) == wanted)
            && document.Path.StartsWith(prefix.Value, StringComparison.Ordinal)
            && (filter.Tags.Count == 0 || filter.Tags.All(document.Tags.Contains))
            && (filter.UpdatedSince is not { } since || updatedAt >= since);
        SearchResult Result(string memoryId, SearchDocument document, DateTimeOffset updatedAt, double score, string? snippet, string matchedBy) => new(
            memoryId, document.Path, document.Title, document.Summary, document.Tags, document.IsStale(now, storeSettings.StaleAfter), document.SkillName,
            score, snippet, updatedAt, matchedBy);

        // Up to `want` visible keyword hits from raw rank `from`, and the raw rank just after the last one kept.
        async Task<(List<SearchResult> Kept, int Next)> KeywordAsync(int from, int want, bool snippets = true)
        {
            var withSnippets = snippets ? filter : filter with { Snippets = false };
            var kept = new List<SearchResult>(want);
            var raw = from;
            var batch = want; // enough when the caller may read everything; more each time when not
            while (kept.Count < want)
            {
                var hits = await storage.SearchTextAsync(storeId, query, withSnippets, raw, batch, cancellationToken).ConfigureAwait(false);
                foreach (var hit in hits)
                {
                    raw++;
                    if (Visible(hit.Document, hit.UpdatedAt))
                    {
                        kept.Add(Result(hit.MemoryId, hit.Document, hit.UpdatedAt, -hit.Score, hit.Snippet, "keyword"));
                        if (kept.Count == want)
                        {
                            break;
                        }
                    }
                }

                if (hits.Count < batch)
                {
                    break;
                }

                batch = Math.Min(batch * 2, 1_024);
            }

            return (kept, raw);
        }

        if (mode == SearchMode.Keyword)
        {
            var (kept, next) = await KeywordAsync(offset, limit + 1).ConfigureAwait(false);
            return kept.Count > limit
                ? new SearchPage(kept.Take(limit).ToList(), mode, Token(next - 1))
                : new SearchPage(kept, mode, null);
        }

        var (memories, pending) = await embeddings!.CatchUpAsync(storeId, cancellationToken).ConfigureAwait(false);
        await embeddings.SyncAsync(storeId, cancellationToken).ConfigureAwait(false); // what other nodes embedded or dropped since
        var target = embeddings.EmbedQuery(request.Query!, cancellationToken);
        var among = await UnderPrefixAsync(storeId, prefix, cancellationToken).ConfigureAwait(false);
        var semantic = await SemanticAsync(mode == SearchMode.Semantic ? Math.Max(FusionDepth, offset + limit + 1) : FusionDepth).ConfigureAwait(false);

        // The nearest visible memories by meaning: approximate candidates, grown until enough pass the filters
        // (or there are no more), then the best rescored. Filters apply before the cut.
        async Task<List<SearchResult>> SemanticAsync(int want)
        {
            var known = new Dictionary<string, (SearchDocument Document, DateTimeOffset UpdatedAt)?>(StringComparer.Ordinal);
            for (var depth = want * SemanticRescore; ; depth *= 4)
            {
                var (candidates, complete) = await embeddings.CandidatesAsync(storeId, target, depth, among, cancellationToken).ConfigureAwait(false);
                var unknown = candidates.Where(id => !known.ContainsKey(id)).ToList();
                if (unknown.Count > 0)
                {
                    unknown.ForEach(id => known[id] = null);
                    foreach (var (memoryId, document, updatedAt) in await storage.GetDocumentsAsync(storeId, unknown, cancellationToken).ConfigureAwait(false))
                    {
                        known[memoryId] = (document, updatedAt);
                    }
                }

                var visible = candidates.Where(id => known[id] is { } hit && Visible(hit.Document, hit.UpdatedAt)).Take(want * SemanticRescore).ToList();
                if (visible.Count < want * SemanticRescore && !(complete && candidates.Count < depth))
                {
                    continue;
                }

                return (await embeddings.RescoreAsync(storeId, target, visible, cancellationToken).ConfigureAwait(false))
                    .Take(want)
                    .Select(r =>
                    {
                        var (document, updatedAt) = known[r.MemoryId]!.Value;
                        return Result(r.MemoryId, document, updatedAt, r.Similarity, r.Heading.Length == 0 ? null : $"section: {r.Heading}", "semantic");
                    })
                    .ToList();
            }
        }

        var ranked = semantic;
        var foundWithoutVectors = false; // a hit of this query, visible to the caller, that only keyword search could find
        if (mode == SearchMode.Hybrid)
        {
            // The 50 keyword hits are ranked without snippets: only the page's are read, below.
            var (keyword, after) = await KeywordAsync(0, FusionDepth, snippets: false).ConfigureAwait(false);
            foundWithoutVectors = pending > 0 && keyword.Any(r => !embeddings.Holds(storeId, r.MemoryId));
            ranked = Fuse(keyword, semantic, FusionDepth);
            if (keyword.Count == FusionDepth && offset + limit >= ranked.Count)
            {
                // Past the fused pool the keyword ranking goes on: those matches score under its last fetched
                // one, so relevance 0, in BM25 order. The pool's ranking stays what every page saw.
                var pooled = ranked.Select(r => r.MemoryId).ToHashSet(StringComparer.Ordinal);
                var (more, _) = await KeywordAsync(after, offset + limit + 1 - ranked.Count + pooled.Count, snippets: false).ConfigureAwait(false);
                ranked.AddRange(more.Where(r => pooled.Add(r.MemoryId)).Select(r => r with { Score = 0 }).Take(offset + limit + 1 - ranked.Count));
            }
        }
        else if (pending > 0)
        {
            // Memories not embedded yet can only be found by keyword: their keyword hits join the ranking, weighed
            // evenly with the semantic hits, none of which is dropped (this is a semantic search).
            var missing = (await KeywordAsync(0, FusionDepth).ConfigureAwait(false)).Kept.Where(r => !embeddings.Holds(storeId, r.MemoryId)).ToList();
            foundWithoutVectors = missing.Count > 0;
            ranked = missing.Count == 0 ? semantic : Fuse(missing, semantic, FusionDepth, keywordWeight: 0.5, dropWeakSemantic: false);
        }

        var page = ranked.Skip(offset).Take(limit).ToList();
        if (mode == SearchMode.Hybrid)
        {
            // A result its words matched shows where they did, as keyword search shows it; one found by meaning
            // alone keeps the section that matched.
            var worded = page.Where(r => r.MatchedBy.Contains("keyword", StringComparison.Ordinal)).Select(r => r.MemoryId).ToList();
            var snippets = await storage.SnippetsAsync(storeId, query, worded, cancellationToken).ConfigureAwait(false);
            page = page.ConvertAll(r => snippets.TryGetValue(r.MemoryId, out var snippet) ? r with { Snippet = snippet } : r);
        }
        // Store-wide counts are for the store's admins. Anyone else learns the page is partial only from what it may
        // read (a hit of its own query still without vectors): a write it may not see must not flip the flag.
        var admin = pending > 0 && IsStoreAdmin(rules, caller, storeId);
        var progress = admin ? new EmbeddingProgress(memories, pending) : null;
        return new SearchPage(page, mode, offset + limit < ranked.Count ? Token(offset + limit) : null, admin || foundWithoutVectors, progress);
    }

    /// <summary>
    /// Semantic search in a store: on or off, memories embedded and waiting, the model and this process's rate.
    /// Store-wide counts, so for admins of the store only.
    /// </summary>
    public async Task<SearchStatus> StatusAsync(Caller caller, string storeId, CancellationToken cancellationToken)
    {
        var rules = await VisibleStoreRulesAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        if (!IsStoreAdmin(rules, caller, storeId))
        {
            throw new PermissionDeniedException($"the embedding status of store {storeId} counts every memory in it, so it needs admin on the store");
        }

        var semantic = (await settings.GetAsync(storeId, cancellationToken).ConfigureAwait(false)).Semantic && embeddings is not null;
        await indexer.DrainAsync(storeId, cancellationToken).ConfigureAwait(false); // indexing is what queues a memory for embedding
        var (memories, pending) = await storage.EmbeddingProgressAsync(storeId, countMemories: true, cancellationToken).ConfigureAwait(false);
        return new SearchStatus(storeId, semantic, new EmbeddingProgress(memories, semantic ? pending : 0), embeddings?.Model, embeddings?.Rate);
    }

    /// <summary>
    /// Embeds the store's queued memories now, in the caller's time, reporting progress after each batch (store
    /// admins, as <see cref="StatusAsync"/>): where no background worker runs (a local data directory) this is
    /// what embeds more than a search's few. Stopping it loses nothing: each batch is stored as it completes and
    /// the rest stay queued. Returns the status once the queue is empty (at once when semantic search is off).
    /// </summary>
    public async Task<SearchStatus> EmbedPendingAsync(Caller caller, string storeId, IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        if (!status.Semantic || status.Progress.Pending == 0 || embeddings is null)
        {
            return status;
        }

        var memories = status.Progress.Memories;
        progress?.Report(status.Progress);
        while (await embeddings.DrainAsync(storeId, EmbeddingIndexer.Batch, cancellationToken).ConfigureAwait(false) > 0)
        {
            var (_, pending) = await storage.EmbeddingProgressAsync(storeId, countMemories: false, cancellationToken).ConfigureAwait(false);
            progress?.Report(new EmbeddingProgress(memories, pending));
        }

        return await StatusAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The memories under a prefix when there are few enough to score every one of their vectors
    /// (<see cref="PrefixScanLimit"/>), else null: a broad prefix is filtered like the other filters.
    /// </summary>
    private async Task<IReadOnlyCollection<string>?> UnderPrefixAsync(string storeId, PathPrefix prefix, CancellationToken cancellationToken)
    {
        if (prefix == PathPrefix.Root)
        {
            return null;
        }

        var outlines = await storage.ListOutlinesAsync(storeId, prefix.Value, null, PrefixScanLimit + 1, cancellationToken).ConfigureAwait(false);
        return outlines.Count > PrefixScanLimit ? null : outlines.Select(o => o.MemoryId).ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsStoreAdmin(PolicySet rules, Caller caller, string storeId) =>
        caller.IsAdmin || (rules.Evaluate(caller, storeId, "/") & Capability.Admin) != 0;

    /// <summary>
    /// The catalog of a store under a prefix, in path order: every memory the caller may read, by title and
    /// one-line description, with staleness and front-matter problems. Pages hold only what the caller may read.
    /// </summary>
    public async Task<CatalogPage> CatalogAsync(Caller caller, string storeId, CatalogRequest request, CancellationToken cancellationToken)
    {
        var prefix = PathPrefix.Parse(request.PathPrefix);
        var limit = ListLimits.Resolve(request.Limit, max: MaxCatalogPage);
        var after = PageToken.ParsePath(request.Page)?.Path;
        var rules = await VisibleStoreRulesAsync(caller, storeId, cancellationToken).ConfigureAwait(false);
        var horizon = (await settings.GetAsync(storeId, cancellationToken).ConfigureAwait(false)).StaleAfter;
        await indexer.DrainAsync(storeId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var entries = new List<CatalogEntry>(limit);
        while (true)
        {
            var batch = await storage.ListDocumentsAsync(storeId, prefix.Value, after, Math.Max(limit, 64), cancellationToken).ConfigureAwait(false);
            foreach (var (memoryId, document, updatedAt) in batch)
            {
                after = document.Path;
                var stale = document.IsStale(now, horizon);
                if (!Readable(rules, caller, storeId, document.Path) || (request.Stale is { } wanted && stale != wanted))
                {
                    continue;
                }

                entries.Add(new CatalogEntry(
                    memoryId, document.Path, document.Title, document.Summary, document.Tags, stale, document.Pin, document.SkillName,
                    document.SkillDescription, document.Verified, document.Expires, document.Problem, updatedAt));
                if (entries.Count == limit)
                {
                    return new CatalogPage(entries, PageToken.For(new PathBound(document.Path, Inclusive: false)));
                }
            }

            if (batch.Count < Math.Max(limit, 64))
            {
                return new CatalogPage(entries, null);
            }
        }
    }

    /// <summary>True when the caller may both list and read the memory at <paramref name="path"/>: only then do search, catalog and context show it.</summary>
    internal static bool Readable(PolicySet rules, Caller caller, string storeId, string path) =>
        (rules.Evaluate(caller, storeId, path) & (Capability.Read | Capability.List)) == (Capability.Read | Capability.List);

    /// <summary>The current rules, once the store is known to exist and the caller to have some access to it (else not found).</summary>
    private async Task<PolicySet> VisibleStoreRulesAsync(Caller caller, string storeId, CancellationToken cancellationToken)
    {
        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await memoryStorage.GetStoreAsync(storeId, cancellationToken).ConfigureAwait(false) is not null && rules.GrantsAnything(caller, storeId)
            ? rules
            : throw new NotFoundException("memory_store", storeId);
    }

    /// <summary>
    /// Hybrid ranking: a convex combination of the two halves' scores, each first rescaled to a relevance in 0..1
    /// for this query, where 1 is the half's best result. A result scores <see cref="KeywordWeight"/> times its
    /// keyword relevance plus the rest times its semantic relevance: 1 is the best of both, and a result one half
    /// alone found scores at most that half's weight. Scores, unlike ranks, keep how far apart results are, so a
    /// strong match of one half is not overtaken by weak matches of both. Relevance 0 is, for keyword, what the
    /// first match not fetched would score (the last fetched when <paramref name="depth"/> were, else 0: BM25 is 0
    /// when no word is shared); for semantic, the median candidate's similarity: a cosine has no natural zero
    /// (everything is some distance away), and a hit no closer than the typical candidate says nothing, so it adds
    /// nothing and, found by meaning alone, is dropped. Both are per query, so no constant depends on the model's or
    /// the store's score scale. <c>matched_by</c> names the halves a result was found by: sharing a word, or closer
    /// in meaning than the median candidate.
    /// </summary>
    internal static List<SearchResult> Fuse(
        IReadOnlyList<SearchResult> keyword, IReadOnlyList<SearchResult> semantic, int depth, double keywordWeight = KeywordWeight, bool dropWeakSemantic = true)
    {
        var keywordFloor = keyword.Count >= depth ? keyword.Min(r => r.Score) : 0;
        var semanticFloor = semantic.Count == 0 ? 0 : Median(semantic.Select(r => r.Score));
        var fused = new Dictionary<string, (SearchResult Result, double Score, string MatchedBy)>(StringComparer.Ordinal);
        foreach (var (result, relevance) in Rescaled(keyword, keywordFloor))
        {
            fused[result.MemoryId] = (result, keywordWeight * relevance, "keyword");
        }

        foreach (var (result, relevance) in Rescaled(semantic, semanticFloor).Where(r => r.Relevance > 0 || !dropWeakSemantic))
        {
            var add = (1 - keywordWeight) * relevance;
            fused[result.MemoryId] = fused.TryGetValue(result.MemoryId, out var known)
                ? (known.Result.Snippet is null ? result : known.Result, known.Score + add, "keyword+semantic")
                : (result, add, "semantic");
        }

        return fused.Values
            .OrderByDescending(f => f.Score).ThenBy(f => f.Result.Path, StringComparer.Ordinal)
            .Select(f => f.Result with { Score = f.Score, MatchedBy = f.MatchedBy })
            .ToList();
    }

    /// <summary>Each result's score mapped linearly so that <paramref name="floor"/> is 0 and the best is 1, clamped to 0..1 (all 1 when they tie at the best).</summary>
    private static IEnumerable<(SearchResult Result, double Relevance)> Rescaled(IReadOnlyList<SearchResult> ranking, double floor)
    {
        var best = ranking.Count == 0 ? 0 : ranking.Max(r => r.Score);
        return ranking.Select(r => (r, best > floor ? Math.Clamp((r.Score - floor) / (best - floor), 0, 1) : r.Score >= best ? 1.0 : 0.0));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Token(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"search|{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static int ParsePage(string? page)
    {
        if (page is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(page));
            return text.StartsWith("search|", StringComparison.Ordinal) && int.TryParse(text[7..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidRequestException("page", "is not a page token from this search (pass back next_page exactly as returned)");
        }
    }
}
