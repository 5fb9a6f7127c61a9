using Engram.Client;
using Engram.Errors;
using Engram.Memories;

namespace Engram.MemoryTool;

/// <summary>
/// Executes the client-side memory tool (<c>memory_20250818</c>) against a memory store, answering with the
/// contract's strings byte for byte. <c>/memories</c> maps to <c>root</c> in the store; the store holds files
/// only, so a directory exists while some memory the caller may list lies below it.
/// </summary>
/// <remarks>
/// Every failure the agent can act on is a <see cref="MemoryToolResult"/> with <c>IsError</c> set, never an
/// exception. A write the caller may only propose becomes a proposal and answers without error, naming it.
/// Failures that are not about the request (the store is missing or hidden from the caller, the credential is
/// refused) throw as every <see cref="IMemoryStoreClient"/> call does.
/// </remarks>
public sealed partial class MemoryToolHandler
{
    /// <summary>The store path <c>/memories</c> maps to unless a caller says otherwise: the store's root (so the MCP tools map it).</summary>
    public const string DefaultRoot = "/";

    /// <summary>Page size when listing a directory; the compatible API's maximum.</summary>
    private const int ListPageSize = 100;

    private readonly IMemoryStoreClient _client;
    private readonly string _storeId;
    private readonly string _root;

    /// <summary>
    /// A handler acting through <paramref name="client"/> (so as its caller) on store <paramref name="storeId"/>.
    /// </summary>
    /// <param name="client">Local or remote; its caller's permissions apply to every command.</param>
    /// <param name="storeId">The store <c>/memories</c> lives in.</param>
    /// <param name="root">
    /// The store path that <c>/memories</c> maps to ("/" = the store root, or e.g. "/agents/deployer/" for a
    /// caller scoped to a sub-tree; always ends with '/'). An invalid root throws <see cref="InvalidRequestException"/>.
    /// </param>
    public MemoryToolHandler(IMemoryStoreClient client, string storeId, string root = DefaultRoot)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(storeId);
        _client = client;
        _storeId = storeId;
        _root = PathPrefix.Parse(root, "root").Value;
    }

    /// <summary>The store path <c>/memories</c> maps to.</summary>
    public string Root => _root;

    /// <summary>
    /// The store path an agent path (<c>/memories/...</c>) names, by the same rules the commands apply, for
    /// callers that reach the store another way (a file's history): a refused path is an error naming <c>path</c>.
    /// </summary>
    public string StorePath(string path) =>
        ToolPath.Parse(path, _root, out var refusal) is { IsRoot: false } mapped
            ? mapped.StorePath
            : throw new Errors.InvalidRequestException("path", refusal ?? "must name a file under /memories, not /memories itself");

    private ToolPath? Resolve(string? path, out MemoryToolResult? refusal)
    {
        var parsed = ToolPath.Parse(path ?? "", _root, out var reason);
        refusal = parsed is null ? MemoryToolResult.Error(ToolText.InvalidPath(path ?? "", reason!)) : null;
        return parsed;
    }

    /// <summary>The memory at <paramref name="path"/>, or null when there is none the caller may read.</summary>
    private async Task<Memory?> FindFileAsync(ToolPath path, MemoryView view, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return null;
        }

        try
        {
            return await _client.GetMemoryByPathAsync(_storeId, path.StorePath, view, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException missing) when (IsMissingMemory(missing))
        {
            return null;
        }
    }

    /// <summary>True when some memory the caller may list lies below <paramref name="path"/> (always for the root).</summary>
    private async Task<bool> IsDirectoryAsync(ToolPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return true;
        }

        var page = await _client.ListMemoriesAsync(_storeId, new MemoryListQuery(path.StorePrefix, Depth: 1, Limit: 1), cancellationToken).ConfigureAwait(false);
        return page.Data.Count > 0;
    }

    /// <summary>Everything the caller may list under <paramref name="prefix"/>, following pages.</summary>
    private async Task<List<MemoryListItem>> ListAllAsync(string prefix, int depth, CancellationToken cancellationToken)
    {
        var items = new List<MemoryListItem>();
        string? page = null;
        do
        {
            var result = await _client.ListMemoriesAsync(_storeId, new MemoryListQuery(prefix, depth, ListPageSize, page), cancellationToken).ConfigureAwait(false);
            items.AddRange(result.Data);
            page = result.NextPage;
        }
        while (page is not null);
        return items;
    }

    /// <summary>The memories (not prefixes) under a directory, in path order.</summary>
    private async Task<List<Memory>> MemoriesUnderAsync(ToolPath directory, CancellationToken cancellationToken) =>
        [.. (await ListAllAsync(directory.StorePrefix, depth: 0, cancellationToken).ConfigureAwait(false)).OfType<Memory>()];

    /// <summary>A not-found about a memory (the agent's path), as opposed to the store itself.</summary>
    private static bool IsMissingMemory(NotFoundException missing) => missing.Kind is not "memory_store";

    /// <summary>
    /// Failures the agent can act on become results; a missing or hidden store and a refused credential are the
    /// application's problem and propagate.
    /// </summary>
    private static bool IsToolLevel(EngramException error) =>
        error is not AuthenticationFailedException && !(error is NotFoundException missing && !IsMissingMemory(missing));

    /// <summary>The agent path of a store path, or null when it lies outside the root.</summary>
    private string? DisplayOf(string storePath) => ToolPath.DisplayOf(storePath, _root);

    /// <summary>The agent's answer when a write to <paramref name="target"/> became a proposal (a success), or null when it was written.</summary>
    private static MemoryToolResult? Filed(WriteResult result, ToolPath target) =>
        result.Proposal is { } proposal ? MemoryToolResult.Ok(ToolText.Proposed(target.Display, [proposal.Id])) : null;

    /// <summary>
    /// The result of a failed write to <paramref name="target"/>: <paramref name="missing"/> when the memory is
    /// gone, <paramref name="readOnly"/> when it may not be written, and the changed, overlap and store texts.
    /// </summary>
    private MemoryToolResult WriteFailure(EngramException error, ToolPath target, string missing, string readOnly, string exists) => error switch
    {
        NotFoundException => MemoryToolResult.Error(missing),
        PermissionDeniedException => MemoryToolResult.Error(readOnly),
        PreconditionFailedException => MemoryToolResult.Error(ToolText.Changed(target.Display)),
        PathConflictException conflict => MemoryToolResult.Error(conflict.ConflictingPath == target.StorePath
            ? exists
            : ToolText.Overlaps(target.Display, DisplayOf(conflict.ConflictingPath))),
        _ => MemoryToolResult.Error($"Error: {error.Message}"),
    };
}
