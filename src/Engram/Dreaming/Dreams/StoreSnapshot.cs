using System.Text;
using Engram.Dreaming.Analysis;
using Engram.Search;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>A store's live memories as a dream reads them, and the index a model sub-agent gets instead of their text.</summary>
internal static class StoreSnapshot
{
    /// <summary>Memories per read.</summary>
    private const int PageSize = 100;

    /// <summary>Longest description an index line carries: a line, not a summary.</summary>
    public const int MaxDescriptionCharacters = 200;

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

    public static IReadOnlyList<StoreIndexEntry> Index(IReadOnlyList<StoreFile> files) =>
        [.. files.Select(f => new StoreIndexEntry(f.Path, Describe(f.Content), Encoding.UTF8.GetByteCount(f.Content)))];

    /// <summary>The front matter's description, else the body's first non-empty line without heading marks.</summary>
    private static string? Describe(string content)
    {
        var (front, body) = FrontMatter.Parse(content);
        var text = front.Description
            ?? body.Split('\n').Select(line => line.Trim().TrimStart('#').Trim()).FirstOrDefault(line => line.Length > 0);
        return text is null || text.Length <= MaxDescriptionCharacters ? text : string.Concat(text.AsSpan(0, MaxDescriptionCharacters - 1), "…");
    }
}
