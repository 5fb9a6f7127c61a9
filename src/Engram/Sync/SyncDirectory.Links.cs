using Microsoft.Win32.SafeHandles;

namespace Engram.Sync;

/// <summary>
/// Links: the ones in the path the caller gave (the root) are followed; below the root, none ever is. Every
/// segment of a path is looked at (without following it) before the path is read or written, and where the OS
/// says where an open file really is (Linux's /proc/self/fd), the opened file is checked to be the one meant:
/// .NET cannot open with O_NOFOLLOW, so this catches a segment swapped for a link between look and open.
/// </summary>
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

    /// <summary>Why sync does not go through <paramref name="info"/>: it is a link (or another reparse point).</summary>
    private static string LinkReason(string storePath, FileSystemInfo info) =>
        $"{storePath} is a link{(info.LinkTarget is { } target ? $" (to {target})" : "")}; sync never reads or writes through links, so it is skipped";

    /// <summary>
    /// Throws for the first segment of <paramref name="storePath"/> below the root that is a link (the last one too
    /// when <paramref name="withLeaf"/>); stops at the first segment that does not exist.
    /// </summary>
    private void RefuseLinks(string storePath, bool withLeaf)
    {
        var segments = storePath.TrimStart('/').Split('/');
        var current = Root;
        for (var i = 0; i < (withLeaf ? segments.Length : segments.Length - 1); i++)
        {
            current = Path.Combine(current, segments[i]);
            var attributes = Attributes(current);
            if (attributes is null)
            {
                return;
            }

            if (attributes.Value.HasFlag(FileAttributes.ReparsePoint))
            {
                throw new LocalPathException(storePath, LinkReason(StoreName(segments, i), new FileInfo(current)));
            }
        }
    }

    /// <summary>Creates the directories of <paramref name="storePath"/> below the root one at a time, refusing a link or a file in the way.</summary>
    private void CreateParents(string storePath)
    {
        var segments = storePath.TrimStart('/').Split('/');
        var current = Root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = Path.Combine(current, segments[i]);
            if (Attributes(current) is null)
            {
                Directory.CreateDirectory(current);
            }

            var attributes = Attributes(current);
            if (attributes?.HasFlag(FileAttributes.ReparsePoint) == true)
            {
                throw new LocalPathException(storePath, LinkReason(StoreName(segments, i), new FileInfo(current)));
            }

            if (attributes?.HasFlag(FileAttributes.Directory) != true)
            {
                throw new LocalPathException(storePath, $"{StoreName(segments, i)} is a file here, where the memory needs a directory");
            }
        }
    }

    /// <summary>Throws unless <paramref name="handle"/>, opened at <paramref name="fullPath"/> under the root, really is that file (checked where the OS says).</summary>
    private void RefuseIfElsewhere(string storePath, string fullPath, SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var opened = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
        var meant = Path.Combine(RealRoot, Path.GetRelativePath(Root, fullPath));
        if (opened is not null && !string.Equals(opened, meant, StringComparison.Ordinal))
        {
            throw new LocalPathException(storePath, $"the file sync opened is {opened}, not {meant}: a directory on the way became a link (or the file moved) while sync opened it; skipped");
        }
    }

    private static string StoreName(string[] segments, int last) => "/" + string.Join('/', segments[..(last + 1)]);
}
