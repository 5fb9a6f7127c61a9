using Engram.Dreaming.Analysis;
using Engram.Search;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>A store's live memories as a dream reads them, and the index a model sub-agent gets instead of their text.</summary>
internal static class StoreSnapshot
{
    /// <summary>Memories per read.</summary>
    private const int PageSize = 100;


    public static async Task<IReadOnlyList<StoreFile>> LoadAsync(IMemoryStorage storage, string storeId, Func<string, bool> readable, CancellationToken cancellationToken)
    {
        var files = new List<StoreFile>();
        PathBound? from = null;
        while (true)
        {
            var page = await storage.ListMemoriesAsync(storeId, "/", from, PageSize, withContent: true, cancellationToken).ConfigureAwait(false);
            files.AddRange(page.Where(m => readable(m.Path)).Select(m => new StoreFile(m.Id, m.Path, m.ContentSha256, m.Content ?? "")));
            if (page.Count < PageSize)
            {
                return files;
            }

            from = new PathBound(page[^1].Path, Inclusive: false);
        }
    }

    /// <summary>Whether <paramref name="caller"/> may read a path of the store: what a dream (and its estimate) may see.</summary>
    public static Func<string, bool> ReadableBy(Access.Policies.PolicySet rules, Access.Caller caller, string storeId) =>
        path => (rules.Evaluate(caller, storeId, path) & Access.Policies.Capability.Read) != 0;

    public static IReadOnlyList<StoreIndexEntry> Index(IReadOnlyList<StoreFile> files) =>
        [.. files.Select(f => StoreIndexEntry.Of(f.Path, f.Content))];
}
