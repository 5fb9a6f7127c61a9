using Engram.Search;

namespace Engram.Client;

/// <summary>Search, catalog and the context section of a store.</summary>
public interface ISearchClient
{
    /// <summary>Searches a store: keyword (BM25), semantic or hybrid, over what the caller may read.</summary>
    Task<SearchPage> SearchAsync(string storeId, SearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Semantic search in a store: on or off, memories embedded and waiting, the model and the embedding rate (store admins).</summary>
    Task<SearchStatus> SearchStatusAsync(string storeId, CancellationToken cancellationToken = default);

    /// <summary>A store's catalog: what each readable memory is about, without bodies, in path order.</summary>
    Task<CatalogPage> CatalogAsync(string storeId, CatalogRequest request, CancellationToken cancellationToken = default);

    /// <summary>The memory section for the start of a session, within a token budget.</summary>
    Task<MemorySection> BuildContextAsync(ContextRequest request, CancellationToken cancellationToken = default);
}
