using System.Globalization;
using Engram.Search;
using Engram.Wire;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    public async Task<SearchPage> SearchAsync(string storeId, SearchRequest request, CancellationToken cancellationToken = default)
    {
        var path = $"v1/memory_stores/{Escape(storeId)}/search" + Query(
            ("q", request.Query), ("mode", request.Mode.ToString().ToLowerInvariant()), ("path_prefix", request.PathPrefix),
            ("tags", request.Tags is { Count: > 0 } tags ? string.Join(',', tags) : null),
            ("updated_since", request.UpdatedSince is { } since ? WireJson.Time(since) : null),
            ("stale", Flag(request.Stale)),
            ("limit", request.Limit?.ToString(CultureInfo.InvariantCulture)), ("page", request.Page));
        return (await ExtensionAsync<SearchPageJson>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false)).ToModel();
    }

    public async Task<SearchStatus> SearchStatusAsync(string storeId, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<SearchStatusJson>(HttpMethod.Get, $"v1/memory_stores/{Escape(storeId)}/search/status", null, cancellationToken).ConfigureAwait(false)).ToModel();

    public async Task<CatalogPage> CatalogAsync(string storeId, CatalogRequest request, CancellationToken cancellationToken = default)
    {
        var path = $"v1/memory_stores/{Escape(storeId)}/catalog" + Query(
            ("path_prefix", request.PathPrefix), ("stale", Flag(request.Stale)),
            ("limit", request.Limit?.ToString(CultureInfo.InvariantCulture)), ("page", request.Page));
        return (await ExtensionAsync<CatalogPageJson>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false)).ToModel();
    }

    public async Task<MemorySection> BuildContextAsync(ContextRequest request, CancellationToken cancellationToken = default)
    {
        var stores = (request.StoreIds ?? []).Select(id => ("memory_store_id", (string?)id));
        var path = "v1/engram/context" + Query([
            ("budget", request.Budget?.ToString(CultureInfo.InvariantCulture)), ("session_id", request.SessionId),
            ("memory_tool", request.MemoryTool ? "true" : null), .. stores]);
        return (await ExtensionAsync<MemorySectionJson>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false)).ToModel();
    }

    private static string? Flag(bool? value) => value switch { true => "true", false => "false", null => null };
}
