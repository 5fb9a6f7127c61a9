using System.Globalization;
using Engram.Errors;
using Engram.Memories;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Engram.Mcp;

/// <summary>
/// Memory files as MCP resources: <c>engram://{store_id}/{path}</c>, listed for the default store (only what
/// the caller may read), read from any store the caller can see.
/// </summary>
internal static class MemoryResources
{
    /// <summary>Resources listed at most: a client that needs more searches or views directories.</summary>
    public const int MaxListed = 1_000;

    private const string Scheme = "engram://";

    public static async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken)
    {
        var context = Context(request.Services);
        MemoryStore store;
        try
        {
            store = await StoreChoice.ForResourcesAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (EngramException error)
        {
            throw McpErrors.From(error, "store");
        }

        var resources = new List<Resource>();
        string? page = null;
        do
        {
            var listed = await context.Client.ListMemoriesAsync(store.Id, new MemoryListQuery(Limit: 100, Page: page), cancellationToken).ConfigureAwait(false);
            foreach (var memory in listed.Data.OfType<Memory>())
            {
                resources.Add(new Resource
                {
                    Uri = $"{Scheme}{store.Id}{memory.Path}", Name = memory.Path, MimeType = "text/markdown", Size = memory.ContentSizeBytes,
                    Description = string.Create(CultureInfo.InvariantCulture, $"{memory.Path} in store {store.Name}"),
                });
            }

            page = listed.NextPage;
        }
        while (page is not null && resources.Count < MaxListed);
        return new ListResourcesResult { Resources = resources.Take(MaxListed).ToList() };
    }

    public static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri is { Length: > 0 } given ? given : throw McpErrors.InvalidParams("uri", "is required");
        var slash = uri.StartsWith(Scheme, StringComparison.Ordinal) ? uri.IndexOf('/', Scheme.Length) : -1;
        if (slash < 0)
        {
            throw McpErrors.InvalidParams("uri", $"must be an Engram memory, {Scheme}STORE_ID/PATH");
        }

        try
        {
            var memory = await Context(request.Services).Client.GetMemoryByPathAsync(uri[Scheme.Length..slash], uri[slash..], MemoryView.Full, cancellationToken).ConfigureAwait(false);
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
