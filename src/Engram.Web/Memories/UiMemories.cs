using Engram.Access;
using Engram.Access.Policies;
using Engram.Client;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Search;
using Engram.Web.Review;

namespace Engram.Web.Memories;

/// <summary>A memory as its page shows it: live (with its content), or deleted (only its history is left).</summary>
internal sealed record MemoryShown(string MemoryId, string Path, Memory? Live)
{
    public bool Deleted => Live is null;
}

/// <summary>
/// What the memory pages read, through the library's services with the signed-in caller: the store a URL names,
/// a store's tree from its catalog, a memory by path or id (a deleted one by its history), and what the caller may
/// do there (to offer only the buttons that can work; the library still decides each action).
/// </summary>
internal sealed class UiMemories(EngramEngine engine, UiReview review)
{
    /// <summary>Memories a tree shows at most; past it the page says how many more and asks for a folder.</summary>
    public const int MaxTreeMemories = 2_000;

    /// <summary>Versions a memory page lists at once; older ones are a link away.</summary>
    public const int HistoryPage = 50;

    /// <summary>The store <paramref name="reference"/> names (an id, or the name of a store the caller can see); not found otherwise.</summary>
    public async Task<MemoryStore> StoreAsync(Caller caller, string reference, CancellationToken cancellationToken)
    {
        if (IdPrefix.Matches(reference, IdPrefix.MemoryStore))
        {
            return await engine.Memories.GetStoreAsync(caller, reference, cancellationToken).ConfigureAwait(false);
        }

        var named = (await review.StoresAsync(caller, cancellationToken).ConfigureAwait(false)).Where(s => s.Name == reference).ToList();
        return named switch
        {
            [var only] => only,
            [] => throw new NotFoundException("memory_store named", reference),
            _ => throw new InvalidRequestException("store", $"the name \"{reference}\" matches {named.Count} stores ({string.Join(", ", named.Select(s => s.Id))}); use an id"),
        };
    }

    /// <summary>The memories under <paramref name="prefix"/> the caller may read, as a tree, and whether there were more than it holds.</summary>
    public async Task<(TreeFolder Tree, bool Cut)> TreeAsync(Caller caller, string storeId, string prefix, CancellationToken cancellationToken)
    {
        var leaves = new List<TreeLeaf>();
        string? page = null;
        do
        {
            var catalog = await engine.Search.CatalogAsync(caller, storeId, new CatalogRequest(prefix, Limit: SearchService.MaxCatalogPage, Page: page), cancellationToken).ConfigureAwait(false);
            leaves.AddRange(catalog.Entries.Select(e => new TreeLeaf("", e.Path, e.MemoryId, e.Title ?? e.SkillName, e.SkillDescription ?? e.Summary, e.Stale, e.Pinned, e.FrontMatterError)));
            page = catalog.NextPage;
        }
        while (page is not null && leaves.Count < MaxTreeMemories);

        return (MemoryTree.Build(prefix, leaves.Take(MaxTreeMemories)), page is not null || leaves.Count > MaxTreeMemories);
    }

    /// <summary>
    /// The memory a page asks for: by <paramref name="path"/>, or by <paramref name="id"/> (also once deleted, while the
    /// caller may read a version of it). Not found, the same way, when it is missing or the caller may not read it.
    /// </summary>
    public async Task<MemoryShown> MemoryAsync(Caller caller, string storeId, string? path, string? id, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            var memory = await engine.Memories.GetMemoryByPathAsync(caller, storeId, path, MemoryView.Full, cancellationToken).ConfigureAwait(false);
            return new MemoryShown(memory.Id, memory.Path, memory);
        }

        if (id is null || !IdPrefix.Matches(id, IdPrefix.Memory))
        {
            throw new NotFoundException("memory", id ?? "");
        }

        try
        {
            var memory = await engine.Memories.GetMemoryAsync(caller, storeId, id, MemoryView.Full, cancellationToken).ConfigureAwait(false);
            return new MemoryShown(memory.Id, memory.Path, memory);
        }
        catch (NotFoundException)
        {
            var last = (await engine.Memories.ListVersionsAsync(caller, storeId, new VersionListQuery(MemoryId: id, Limit: 1), cancellationToken).ConfigureAwait(false)).Data;
            if (last is [{ Operation: VersionOperation.Deleted } newest])
            {
                return new MemoryShown(id, newest.Path ?? "(redacted)", null);
            }

            throw;
        }
    }

    /// <summary>One page of a memory's history, newest first.</summary>
    public Task<Page<MemoryVersion>> HistoryAsync(Caller caller, string storeId, string memoryId, string? page, CancellationToken cancellationToken) =>
        engine.Memories.ListVersionsAsync(caller, storeId, new VersionListQuery(MemoryId: memoryId, Limit: HistoryPage, Page: page), cancellationToken);

    /// <summary>What the caller may do at <paramref name="path"/>, as the policies stand now; for showing buttons, never for deciding.</summary>
    public async Task<Capability> CapabilitiesAsync(Caller caller, string storeId, string path, CancellationToken cancellationToken) =>
        (await engine.Policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Evaluate(caller, storeId, path);

    /// <summary>The caller's client, for the library's helpers over it (<see cref="VersionDiff"/>, <see cref="RedactionLeftovers"/>).</summary>
    public IEngramClient Client(Caller caller) => new LocalEngramClient(engine, caller);

    /// <summary>The URL of a memory's page.</summary>
    public static string PageOf(string store, string path) => $"/ui/stores/{Uri.EscapeDataString(store)}/memory?path={Uri.EscapeDataString(path)}";

    /// <summary>The URL of a memory's page by id (the way to a deleted one).</summary>
    public static string PageOfId(string store, string memoryId) => $"/ui/stores/{Uri.EscapeDataString(store)}/memory?id={Uri.EscapeDataString(memoryId)}";
}
