using Engram.Access;
using Engram.Memories;
using Engram.Search;
using Engram.Web.Review;

namespace Engram.Web.Search;

/// <summary>One result as the search page lists it: the store it is in, and its rank there.</summary>
internal sealed record SearchHit(MemoryStore Store, SearchResult Result, SearchMode Mode, int Rank);

/// <summary>What a search found: the hits, the next page's token (one store only), and the stores not searched.</summary>
internal sealed record SearchFound(IReadOnlyList<SearchHit> Hits, string? NextPage, int StoresSearched, int StoresLeftOut);

/// <summary>
/// The top bar's search: the library's <see cref="SearchService"/> with the signed-in caller, over the store chosen or
/// every store the caller can see. Rankings of different stores (and modes) are not on one scale, so results of several
/// stores are interleaved by their rank in their own store.
/// </summary>
internal sealed class UiSearch(EngramEngine engine, UiReview review)
{
    /// <summary>Results asked of each store.</summary>
    public const int PerStore = 20;

    /// <summary>Stores searched at once when none is chosen: a page's worth of work; the rest are named as left out.</summary>
    public const int MaxStores = 25;

    public async Task<SearchFound> SearchAsync(Caller caller, IReadOnlyList<MemoryStore> stores, string query, string? page, CancellationToken cancellationToken)
    {
        var searched = stores.Take(MaxStores).ToList();
        var hits = new List<SearchHit>();
        string? next = null;
        foreach (var store in searched)
        {
            var found = await engine.Search.SearchAsync(caller, store.Id, new SearchRequest(query, Limit: PerStore, Page: searched.Count == 1 ? page : null), cancellationToken).ConfigureAwait(false);
            hits.AddRange(found.Results.Select((result, rank) => new SearchHit(store, result, found.Mode, rank)));
            next = searched.Count == 1 ? found.NextPage : null;
        }

        return new SearchFound([.. hits.OrderBy(h => h.Rank).ThenBy(h => h.Store.Name, StringComparer.Ordinal)], next, searched.Count, stores.Count - searched.Count);
    }

    /// <summary>The stores a search covers: the one <paramref name="store"/> names among those the caller can see, or all of them.</summary>
    public async Task<IReadOnlyList<MemoryStore>> StoresAsync(Caller caller, string? store, CancellationToken cancellationToken)
    {
        var all = await review.StoresAsync(caller, cancellationToken).ConfigureAwait(false);
        return store is null ? all : all.Where(s => s.Id == store || s.Name == store).ToList() is { Count: > 0 } chosen
            ? chosen
            : throw new Errors.InvalidRequestException("store", $"no store you can see has the id or name \"{store}\"");
    }
}
