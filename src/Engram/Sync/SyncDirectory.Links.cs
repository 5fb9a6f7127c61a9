namespace Engram.Sync;

/// <summary>Links: the ones in the path the caller gave are followed; below the root, none ever is.</summary>
internal sealed partial class SyncDirectory
{
    /// <summary>Links followed before a path is given up on as a loop (Linux's MAXSYMLINKS).</summary>
    private const int MaxLinkHops = 40;

    /// <summary>
    /// <paramref name="path"/> with every link in it resolved, as far as it exists (the rest is kept as written):
    /// the caller named this path, so the links in it are theirs to follow.
    /// </summary>
    public static string RealPath(string path)
    {
        var hops = 0;
        return Resolve(Path.GetFullPath(path), ref hops);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or under it (both full, real paths).</summary>
    public static bool IsWithin(string path, string root) =>
        string.Equals(path, root, StringComparison.Ordinal) || path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Resolve(string fullPath, ref int hops)
    {
        var resolved = Path.GetPathRoot(fullPath)!;
        foreach (var segment in fullPath[resolved.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, segment);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new IOException($"{fullPath}: too many levels of links");
                }

                next = Resolve(Path.GetFullPath(target, resolved), ref hops);
            }

            resolved = next;
        }

        return resolved;
    }
}
