using Engram.Dreaming.Analysis;
using Engram.Search;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// The input store as the synthesizer checks it: files by path (ordinal), split into live and stale (front matter
/// <c>expires</c> at or before the dream's clock, by the search index's own rule). Stale files are drafted for
/// deletion and take no part in the other checks.
/// </summary>
internal sealed class StoreView
{
    private readonly Dictionary<string, StoreFile> _byPath;

    private StoreView(IReadOnlyList<StoreFile> live, IReadOnlyList<(StoreFile File, DateTimeOffset Expires)> stale, string scratchpadRoot)
    {
        Live = live;
        Stale = stale;
        ScratchpadRoot = scratchpadRoot;
        _byPath = live.Concat(stale.Select(s => s.File)).ToDictionary(file => file.Path, StringComparer.Ordinal);
        Text = live.ToDictionary(file => file.Path, file => file.Content, StringComparer.Ordinal);
    }

    /// <summary>Files not expired, by path.</summary>
    public IReadOnlyList<StoreFile> Live { get; }

    /// <summary>Expired files with their expiry, by path.</summary>
    public IReadOnlyList<(StoreFile File, DateTimeOffset Expires)> Stale { get; }

    /// <summary>The live files' content by path: what the "already known" rules read.</summary>
    public IReadOnlyDictionary<string, string> Text { get; }

    /// <summary>The scratchpads' folder.</summary>
    public string ScratchpadRoot { get; }

    /// <summary>The store of <paramref name="files"/> at <paramref name="now"/>; a path given twice keeps its smallest memory id.</summary>
    public static StoreView Of(IEnumerable<StoreFile> files, DateTimeOffset now, string scratchpadRoot)
    {
        var live = new List<StoreFile>();
        var stale = new List<(StoreFile, DateTimeOffset)>();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.MemoryId, StringComparer.Ordinal).DistinctBy(f => f.Path, StringComparer.Ordinal))
        {
            var expires = FrontMatter.Parse(file.Content).FrontMatter.Expires;
            if (expires is { } end && Staleness.IsStale(end, verified: null, now, horizon: null))
            {
                stale.Add((file, end));
            }
            else
            {
                live.Add(file);
            }
        }

        return new StoreView(live, stale, scratchpadRoot);
    }

    /// <summary>The file at <paramref name="path"/>, live or stale, or null.</summary>
    public StoreFile? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>The agent whose scratchpad <paramref name="path"/> is in (<c>/agents/coder/notes.md</c> gives <c>coder</c>), or null for shared memory.</summary>
    public string? ScratchpadAgent(string path)
    {
        if (!path.StartsWith(ScratchpadRoot, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = path.IndexOf('/', ScratchpadRoot.Length);
        return slash > ScratchpadRoot.Length ? path[ScratchpadRoot.Length..slash] : null;
    }

    /// <summary>The lines of a memory's body (front matter left out), without their line breaks.</summary>
    public static IEnumerable<string> BodyLines(string content) =>
        FrontMatter.Parse(content).Body.Split('\n').Select(line => line.TrimEnd('\r'));
}
