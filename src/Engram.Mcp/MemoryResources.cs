using System.Globalization;
using Engram.Client;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Engram.Mcp;

/// <summary>
/// Memory files as MCP resources: <c>engram://{store_id}/{path}</c>, listed for the default store, else for every
/// working store (only what the caller may read), read from any store the caller can see, by the store's id or name. The path's segments
/// are percent-encoded in a URI (RFC 3986), as a client expanding the template <see cref="UriTemplate"/> writes them.
/// </summary>
internal static class MemoryResources
{
    /// <summary>Resources per page of <c>resources/list</c>; a client follows <c>nextCursor</c> for the rest. The compatible API's largest page of memories.</summary>
    public const int PageSize = 100;

    /// <summary>The template of a memory's URI (RFC 6570): <c>{+path}</c> keeps the path's slashes.</summary>
    public const string UriTemplate = Scheme + "{store}/{+path}";

    private const string Scheme = "engram://";

    private static readonly ResourceTemplate MemoryFile = new()
    {
        UriTemplate = UriTemplate, Name = "memory", Title = "Memory file", MimeType = "text/markdown",
        Description = "A memory file: store is the store's id or name, path the memory's path without its leading slash, e.g. engram://team/notes/welcome.md",
    };

    /// <summary>
    /// The memories of the default store, else of every working store the caller sees (by name), a page at a time: the
    /// cursor says which store and which page of it comes next. Over several stores each name starts with its store's.
    /// </summary>
    public static async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken)
    {
        var context = Context(request.Services);
        IReadOnlyList<MemoryStore> stores;
        try
        {
            stores = await StoreChoice.ForResourcesAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (EngramException error)
        {
            throw McpErrors.From(error, "store");
        }

        var (first, page) = ResourceCursor.Parse(request.Params?.Cursor, stores);
        var resources = new List<Resource>();
        for (var i = first; i < stores.Count; i++)
        {
            var store = stores[i];
            do
            {
                Page<MemoryListItem> listed;
                try
                {
                    listed = await context.Client.ListMemoriesAsync(store.Id, new MemoryListQuery(Limit: PageSize - resources.Count, Page: page), cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidRequestException) when (page is not null)
                {
                    throw McpErrors.InvalidParams("cursor", "is not one this server gave; list again without it");
                }

                resources.AddRange(listed.Data.OfType<Memory>().Select(memory => new Resource
                {
                    Uri = UriOf(store.Id, memory.Path), Name = stores.Count > 1 ? $"{store.Name}:{memory.Path}" : memory.Path,
                    MimeType = "text/markdown", Size = memory.ContentSizeBytes,
                    Description = string.Create(CultureInfo.InvariantCulture, $"{memory.Path} in store {store.Name}"),
                }));
                page = listed.NextPage;
                if (resources.Count >= PageSize)
                {
                    var next = page is not null ? ResourceCursor.Of(store.Id, page) : i + 1 < stores.Count ? ResourceCursor.Of(stores[i + 1].Id, null) : null;
                    return new ListResourcesResult { Resources = resources, NextCursor = next };
                }
            }
            while (page is not null);
        }

        return new ListResourcesResult { Resources = resources };
    }

    public static ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = [MemoryFile] });

    /// <summary>A memory's URI: the store's id, then the path with each segment percent-encoded.</summary>
    public static string UriOf(string storeId, string path) => Scheme + storeId + string.Join('/', path.Split('/').Select(System.Uri.EscapeDataString));

    public static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri is { Length: > 0 } given ? given : throw McpErrors.InvalidParams("uri", "is required");
        var slash = uri.StartsWith(Scheme, StringComparison.Ordinal) ? uri.IndexOf('/', Scheme.Length) : -1;
        if (slash <= Scheme.Length)
        {
            throw McpErrors.InvalidParams("uri", $"must be an Engram memory, {Scheme}STORE/PATH (the store by id or name)");
        }

        try
        {
            var context = Context(request.Services);
            var client = context.Client;
            var store = System.Uri.UnescapeDataString(uri[Scheme.Length..slash]);
            var storeId = IdPrefix.Matches(store, IdPrefix.MemoryStore) ? store : (await StoreChoice.ForToolAsync(context, store, cancellationToken).ConfigureAwait(false)).Id;
            var memory = await client.GetMemoryByPathAsync(storeId, System.Uri.UnescapeDataString(uri[slash..]), MemoryView.Full, cancellationToken).ConfigureAwait(false);
            return new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, MimeType = "text/markdown", Text = memory.Content ?? "" }] };
        }
        catch (NotFoundException)
        {
            // The same words for a store or memory that does not exist and one the caller may not read, and no path in them.
            throw McpErrors.InvalidParams("uri", "no memory you can read is at this URI");
        }
        catch (EngramException error)
        {
            throw McpErrors.From(error, "uri");
        }
    }

    private static IEngramMcpContext Context(IServiceProvider? services) =>
        (IEngramMcpContext?)services?.GetService(typeof(IEngramMcpContext)) ?? throw new InvalidOperationException("the MCP server was built without an Engram context");
}
