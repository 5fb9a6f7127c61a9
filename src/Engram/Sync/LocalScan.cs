namespace Engram.Sync;

/// <summary>
/// What a look at the directory found, by store path: each file's content hash, and the files and directories
/// that are there but that sync cannot use (unreadable, a link, a directory where a file was). A path that is
/// neither is absent; a path at or under an unusable one is unknown, never absent, so it is never taken for a
/// deletion.
/// </summary>
internal sealed class LocalScan
{
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Store paths of files or directories that are here but that sync cannot use, and why.</summary>
    public Dictionary<string, string> Unusable { get; } = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="storePath"/> (or a directory above it) cannot be used, or null when it can.</summary>
    public string? WhyUnusable(string storePath)
    {
        if (Unusable.Count == 0)
        {
            return null;
        }

        for (var end = storePath.IndexOf('/', 1); end > 0; end = storePath.IndexOf('/', end + 1))
        {
            if (Unusable.TryGetValue(storePath[..end], out var above))
            {
                return above;
            }
        }

        return Unusable.GetValueOrDefault(storePath);
    }
}
